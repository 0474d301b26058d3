import type { RouteDefinition } from '../platform/route-definition';
import { MonthlyReportQuery, MonthlyReportResponse } from './contract/reports';

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

/** The reports area's routes, in the order the API lists them. */
export const REPORTS_ROUTES = [GetMonthlyReport] as const;
