import type { RouteDefinition } from '../platform/route-definition';
import { MonthlyReportQuery, MonthlyReportResponse, StarCounts, Trend, TrendQuery } from './contract/reports';

export const GetMonthlyReport = {
  id: 'GetMonthlyReport',
  method: 'GET',
  path: '/v1/reports/monthly',
  entry: 'functions/reports/get-monthly-report.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write', 'query-indexes'],
  throttle: { rate: 2, burst: 5 },
  scope: 'county',
  summary: 'Hours and points of a month by organisation subtree and by store (JSON or CSV)',
  query: MonthlyReportQuery,
  response: MonthlyReportResponse,
} as const satisfies RouteDefinition;

export const GetTrend = {
  id: 'GetTrend',
  method: 'GET',
  path: '/v1/reports/trend',
  entry: 'functions/reports/get-trend.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write', 'query-indexes'],
  // Up to twelve monthly reports in one request: rarer still than one.
  throttle: { rate: 1, burst: 2 },
  scope: 'county',
  summary: "The county's last months side by side: hours served, points issued and redeemed (2–12 months)",
  query: TrendQuery,
  response: Trend,
} as const satisfies RouteDefinition;

export const GetStarCounts = {
  id: 'GetStarCounts',
  method: 'GET',
  path: '/v1/reports/stars',
  entry: 'functions/reports/get-star-counts.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read'],
  scope: 'county',
  summary:
    '星级志愿者: how many volunteers of the county each star level holds, from the ledger’s projection',
  response: StarCounts,
} as const satisfies RouteDefinition;

/** The reports area's routes, in the order the API lists them. */
export const REPORTS_ROUTES = [GetMonthlyReport, GetTrend, GetStarCounts] as const;
