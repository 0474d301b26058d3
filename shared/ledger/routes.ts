import * as z from 'zod/mini';
import { PageQuery, VolunteerPath } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import { AdjustmentRequest, AdjustmentResponse, Balance, LedgerPage } from './contract/ledger';

export const GetBalance = {
  id: 'GetBalance',
  method: 'GET',
  path: '/v1/volunteers/{id}/balance',
  entry: 'functions/ledger/get-balance.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read'],
  throttle: { rate: 50, burst: 100 },
  scope: 'volunteer',
  summary: "A volunteer's balance (strongly consistent)",
  params: VolunteerPath,
  response: z.pick(Balance, { volunteerId: true, balance: true }),
} as const satisfies RouteDefinition;

export const GetLedger = {
  id: 'GetLedger',
  method: 'GET',
  path: '/v1/volunteers/{id}/ledger',
  entry: 'functions/ledger/get-ledger.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read'],
  signingKey: true,
  scope: 'volunteer',
  summary: "A volunteer's passbook, newest first",
  params: VolunteerPath,
  query: PageQuery,
  response: LedgerPage,
} as const satisfies RouteDefinition;

export const PostAdjustment = {
  id: 'PostAdjustment',
  method: 'POST',
  path: '/v1/volunteers/{id}/adjustments',
  entry: 'functions/ledger/post-adjustment.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'county',
  summary: 'An admin correction: a new movement that may point at the one it corrects',
  params: VolunteerPath,
  body: AdjustmentRequest,
  response: AdjustmentResponse,
  responseStatus: 201,
} as const satisfies RouteDefinition;

/** The ledger area's routes, in the order the API lists them. */
export const LEDGER_ROUTES = [GetBalance, GetLedger, PostAdjustment] as const;
