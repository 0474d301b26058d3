import { ACTIVITIES_ROUTES } from './activities/routes';
import { DONATIONS_ROUTES } from './donations/routes';
import { DRAWS_ROUTES } from './draws/routes';
import { EARNING_ROUTES } from './earning/routes';
import { IDENTITY_ROUTES } from './identity/routes';
import { LEDGER_ROUTES } from './ledger/routes';
import { MESSAGES_ROUTES } from './messages/routes';
import { ORDERS_ROUTES } from './orders/routes';
import { PEOPLE_ROUTES } from './people/routes';
import type { RouteDefinition } from './platform/route-definition';
import { GetHealth, GetOpenApi, NotFound } from './platform/routes';
import { RECORDS_ROUTES } from './records/routes';
import { REPORTS_ROUTES } from './reports/routes';
import { STORES_ROUTES } from './stores/routes';
import { TRIPS_ROUTES } from './trips/routes';

export type {
  RouteDefinition,
  RouteSchemas,
  RouteScope,
  RouteThrottle,
  TableAccess,
} from './platform/route-definition';
export { ALL_SIGNED_IN } from './platform/route-definition';

/**
 * The one route table: every area's entries (`shared/<area>/routes.ts`), in the order the API
 * lists them, the catch-all last. The CDK stateless stack makes one function and one API Gateway
 * route per entry; the local server reads the same entries to route requests to the same
 * handlers; OpenAPI, the fuzz tests and the authorization matrix are generated from it. It must
 * not import the handlers themselves, so that infra code never loads runtime code.
 */
export const ROUTES = [
  GetHealth,
  GetOpenApi,
  ...IDENTITY_ROUTES,
  ...PEOPLE_ROUTES,
  ...LEDGER_ROUTES,
  ...REPORTS_ROUTES,
  ...EARNING_ROUTES,
  ...ORDERS_ROUTES,
  ...ACTIVITIES_ROUTES,
  ...MESSAGES_ROUTES,
  ...RECORDS_ROUTES,
  ...DRAWS_ROUTES,
  ...STORES_ROUTES,
  ...TRIPS_ROUTES,
  ...DONATIONS_ROUTES,
  NotFound,
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof ROUTES)[number]['id'];

/** The same table, widened: use it where the optional fields (idempotent, signingKey, schemas) are read. */
export const ROUTE_DEFINITIONS: readonly RouteDefinition[] = ROUTES;

export function routeById(id: RouteId): RouteDefinition {
  const route = ROUTE_DEFINITIONS.find((candidate) => candidate.id === id);
  if (route === undefined) throw new Error(`Unknown route ${id}`);
  return route;
}
