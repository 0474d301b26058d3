import { Health } from './contract/common';
import type { RouteDefinition } from './route-definition';

export const GetHealth = {
  id: 'GetHealth',
  method: 'GET',
  path: '/v1/health',
  entry: 'functions/platform/get-health.ts',
  auth: 'public',
  roles: 'anyone',
  table: [],
  scope: 'none',
  summary: 'Liveness check',
  response: Health,
} as const satisfies RouteDefinition;

export const GetOpenApi = {
  id: 'GetOpenApi',
  method: 'GET',
  path: '/v1/openapi.json',
  entry: 'functions/platform/get-openapi.ts',
  auth: 'public',
  roles: 'anyone',
  table: [],
  scope: 'none',
  summary: 'The OpenAPI 3.1 document of this API',
} as const satisfies RouteDefinition;

export const NotFound = {
  id: 'NotFound',
  method: 'ANY',
  path: '$default',
  entry: 'functions/platform/not-found.ts',
  auth: 'public',
  roles: 'anyone',
  table: [],
  throttle: { rate: 5, burst: 10 },
  scope: 'none',
  summary: 'Every request that matches no route: a problem+json 404',
} as const satisfies RouteDefinition;

/** The platform area's routes, in the order the API lists them. */
export const PLATFORM_ROUTES = [GetHealth, GetOpenApi, NotFound] as const;
