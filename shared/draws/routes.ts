import { ALL_SIGNED_IN, type RouteDefinition } from '../platform/route-definition';
import {
  CommittedDraw,
  DrawEntrantsPage,
  DrawEntrantsQuery,
  DrawnDraw,
  DrawPath,
  DrawRequest,
  DrawView,
} from './contract/draws';

export const PutDraw = {
  id: 'PutDraw',
  method: 'PUT',
  path: '/v1/draws/{month}',
  entry: 'functions/draws/put-draw.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: "Commit a month's draw (publishes SHA-256 of a secret seed); changeable until the month ends",
  params: DrawPath,
  body: DrawRequest,
  response: CommittedDraw,
} as const satisfies RouteDefinition;

export const RunDraw = {
  id: 'RunDraw',
  method: 'POST',
  path: '/v1/draws/{month}/run',
  entry: 'functions/draws/run-draw.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write', 'query-indexes'],
  throttle: { rate: 1, burst: 2 },
  scope: 'county',
  summary: 'Run the draw of a month that has ended: same result on every run, each prize credited once',
  params: DrawPath,
  response: DrawnDraw,
} as const satisfies RouteDefinition;

export const GetDraw = {
  id: 'GetDraw',
  method: 'GET',
  path: '/v1/draws/{month}',
  entry: 'functions/draws/get-draw.ts',
  auth: 'jwt',
  roles: ALL_SIGNED_IN,
  table: ['read'],
  scope: 'county',
  summary: 'A draw: its commitment before the run; seed, entrants and winners after it',
  params: DrawPath,
  response: DrawView,
} as const satisfies RouteDefinition;

export const GetDrawEntrants = {
  id: 'GetDrawEntrants',
  method: 'GET',
  path: '/v1/draws/{month}/entrants',
  entry: 'functions/draws/get-draw-entrants.ts',
  auth: 'jwt',
  roles: ALL_SIGNED_IN,
  table: ['read'],
  scope: 'county',
  summary: "One page of a draw's frozen entrant list (for lists too long to answer inline)",
  params: DrawPath,
  query: DrawEntrantsQuery,
  response: DrawEntrantsPage,
} as const satisfies RouteDefinition;

/** The draws area's routes, in the order the API lists them. */
export const DRAWS_ROUTES = [PutDraw, RunDraw, GetDraw, GetDrawEntrants] as const;
