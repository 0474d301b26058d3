import type { Role } from './platform/principal';

/**
 * The one route table. The CDK stateless stack makes one function and one API Gateway route per
 * entry; the local server reads the same entries to route requests to the same handlers. It must
 * not import the handlers themselves, so that infra code never loads runtime code.
 */
export type TableAccess = 'read' | 'write' | 'query-indexes' | 'scan';

export interface RouteDefinition {
  /** Stable identifier, used for construct ids and logs (PascalCase). */
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'ANY';
  /** API Gateway path with `{param}` placeholders, or `$default` for the catch-all. */
  path: string;
  /** Handler module, relative to the repository root; it exports `handler`. */
  entry: string;
  /** `public` routes skip the JWT authorizer; all others need a valid token. */
  auth: 'public' | 'jwt';
  /** Roles allowed to call the route at all; finer scope (subtree, store) is checked in use cases. */
  roles: readonly Role[] | 'anyone';
  /**
   * Which of the callers its roles admit may use it on a given resource (checked in use cases; the
   * generated authorization matrix derives every expected answer from it, see RouteScope).
   */
  scope: RouteScope;
  /** The table actions the function needs, and nothing more. */
  table: readonly TableAccess[];
  /** Whether the function reads the signing key (cursors, volunteer codes). */
  signingKey?: boolean;
  /** Points- or stock-moving POSTs require an Idempotency-Key header. */
  idempotent?: boolean;
  /**
   * Per-route API Gateway throttling (requests per second, burst), for hot or expensive routes; it
   * is capped at the stage's throttle. Routes without it share the stage-wide limit only.
   */
  throttle?: RouteThrottle;
  summary: string;
}

/**
 * The finer rule after the role guard, one word per route:
 * - `none`: a public route; `county`: every caller its roles admit, on anything in the county;
 * - `caller`: answers from the caller's own token (their subtree, their store), so every admitted
 *   caller gets an answer about their own part;
 * - `org`, `record`: an organisation or service record in a coordinator's subtree, else 404;
 * - `volunteer`: a volunteer in a coordinator's subtree (else 404), or the volunteer themself (any
 *   other volunteer 403);
 * - `self`: the volunteer themself only (403 for another);
 * - `body-org`: the organisation named in the body must be in the coordinator's subtree (else 403);
 * - `store`: a counter user's own store only (403 for another store's).
 */
export type RouteScope =
  | 'none'
  | 'county'
  | 'caller'
  | 'org'
  | 'record'
  | 'volunteer'
  | 'self'
  | 'body-org'
  | 'store';

export interface RouteThrottle {
  /** Steady requests per second for this route across all callers. */
  rate: number;
  /** Requests allowed at once above the steady rate. */
  burst: number;
}

const ALL_SIGNED_IN: readonly Role[] = ['admin', 'coordinator', 'counter', 'volunteer'];

export const ROUTES = [
  {
    id: 'GetHealth',
    method: 'GET',
    path: '/v1/health',
    entry: 'functions/platform/get-health.ts',
    auth: 'public',
    roles: 'anyone',
    table: [],
    scope: 'none',
    summary: 'Liveness check',
  },
  {
    id: 'GetOpenApi',
    method: 'GET',
    path: '/v1/openapi.json',
    entry: 'functions/platform/get-openapi.ts',
    auth: 'public',
    roles: 'anyone',
    table: [],
    scope: 'none',
    summary: 'The OpenAPI 3.1 document of this API',
  },
  {
    id: 'PutOrg',
    method: 'PUT',
    path: '/v1/orgs/{orgId}',
    entry: 'functions/people/put-org.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: 'Create or update an organisation of the tree (county, team, town, village, group)',
  },
  {
    id: 'GetOrg',
    method: 'GET',
    path: '/v1/orgs/{orgId}',
    entry: 'functions/people/get-org.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read'],
    scope: 'org',
    summary: 'One organisation with its path from the county',
  },
  {
    id: 'GetOrgs',
    method: 'GET',
    path: '/v1/orgs',
    entry: 'functions/people/get-orgs.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read'],
    scope: 'caller',
    summary: "The organisation tree (a coordinator's subtree), parents before children",
  },
  {
    id: 'GetOrgVolunteers',
    method: 'GET',
    path: '/v1/orgs/{orgId}/volunteers',
    entry: 'functions/people/get-org-volunteers.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read', 'query-indexes'],
    signingKey: true,
    scope: 'org',
    summary: 'The volunteers registered in one organisation, a page at a time; phones masked',
  },
  {
    id: 'PostVolunteer',
    method: 'POST',
    path: '/v1/volunteers',
    entry: 'functions/people/post-volunteer.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read', 'write'],
    scope: 'body-org',
    summary: 'Register a volunteer and open their account; the same person again answers with that volunteer',
  },
  {
    id: 'GetVolunteer',
    method: 'GET',
    path: '/v1/volunteers/{id}',
    entry: 'functions/people/get-volunteer.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator', 'volunteer'],
    table: ['read'],
    scope: 'volunteer',
    summary: "A volunteer's profile, phone masked",
  },
  {
    id: 'PostVolunteerImport',
    method: 'POST',
    path: '/v1/volunteers/import',
    entry: 'functions/people/post-volunteer-import.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    throttle: { rate: 2, burst: 4 },
    scope: 'county',
    summary: 'Register up to 200 spreadsheet rows; safe to send again',
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
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
  },
  {
    id: 'PutPointRule',
    method: 'PUT',
    path: '/v1/point-rules/{ruleId}',
    entry: 'functions/earning/put-point-rule.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: 'Create a point rule, or add its next version (versions are kept for ever)',
  },
  {
    id: 'ListPointRules',
    method: 'GET',
    path: '/v1/point-rules',
    entry: 'functions/earning/list-point-rules.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read'],
    scope: 'county',
    summary: 'Every point rule with its history, the built-in rate and the rounding',
  },
  {
    id: 'PostServiceRecord',
    method: 'POST',
    path: '/v1/service-records',
    entry: 'functions/earning/post-service-record.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'body-org',
    summary: 'Submit the hours served at one activity; points move only on approval',
  },
  {
    id: 'ListServiceRecords',
    method: 'GET',
    path: '/v1/service-records',
    entry: 'functions/earning/list-service-records.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read', 'query-indexes'],
    signingKey: true,
    scope: 'caller',
    summary: 'Service records by status, oldest first (the approval queue)',
  },
  {
    id: 'GetServiceRecord',
    method: 'GET',
    path: '/v1/service-records/{id}',
    entry: 'functions/earning/get-service-record.ts',
    auth: 'jwt',
    roles: ['admin', 'coordinator'],
    table: ['read'],
    scope: 'record',
    summary: 'One service record',
  },
  {
    id: 'ApproveServiceRecord',
    method: 'POST',
    path: '/v1/service-records/{id}/approve',
    entry: 'functions/earning/approve-service-record.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    idempotent: true,
    throttle: { rate: 5, burst: 10 },
    scope: 'county',
    summary: 'Approve a record: each entry credited exactly once, within 24 hours a day',
  },
  {
    id: 'RejectServiceRecord',
    method: 'POST',
    path: '/v1/service-records/{id}/reject',
    entry: 'functions/earning/reject-service-record.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: 'Reject a pending record; no points move',
  },
  {
    id: 'ReverseServiceRecord',
    method: 'POST',
    path: '/v1/service-records/{id}/reverse',
    entry: 'functions/earning/reverse-service-record.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'county',
    summary: 'Reverse an approved record by a new record that takes its points and hours back',
  },
  {
    id: 'PutDraw',
    method: 'PUT',
    path: '/v1/draws/{month}',
    entry: 'functions/draws/put-draw.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: "Commit a month's draw (publishes SHA-256 of a secret seed); changeable until the month ends",
  },
  {
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
  },
  {
    id: 'GetDraw',
    method: 'GET',
    path: '/v1/draws/{month}',
    entry: 'functions/draws/get-draw.ts',
    auth: 'jwt',
    roles: ALL_SIGNED_IN,
    table: ['read'],
    scope: 'county',
    summary: 'A draw: its commitment before the run; seed, entrants and winners after it',
  },
  {
    id: 'GetDrawEntrants',
    method: 'GET',
    path: '/v1/draws/{month}/entrants',
    entry: 'functions/draws/get-draw-entrants.ts',
    auth: 'jwt',
    roles: ALL_SIGNED_IN,
    table: ['read'],
    scope: 'county',
    summary: "One page of a draw's frozen entrant list (for lists too long to answer inline)",
  },
  {
    id: 'PutStore',
    method: 'PUT',
    path: '/v1/stores/{storeId}',
    entry: 'functions/stores/put-store.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: 'Open a store (fixed or mobile) or rename it',
  },
  {
    id: 'ListStores',
    method: 'GET',
    path: '/v1/stores',
    entry: 'functions/stores/list-stores.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read', 'query-indexes'],
    scope: 'caller',
    summary: "Every store (admin), or the counter's own",
  },
  {
    id: 'GetStore',
    method: 'GET',
    path: '/v1/stores/{storeId}',
    entry: 'functions/stores/get-store.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read'],
    scope: 'store',
    summary: 'One store',
  },
  {
    id: 'PutStoreItem',
    method: 'PUT',
    path: '/v1/stores/{storeId}/items/{sku}',
    entry: 'functions/stores/put-store-item.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: 'Add a catalogue item (with its first stock) or change its name and price',
  },
  {
    id: 'ListStoreItems',
    method: 'GET',
    path: '/v1/stores/{storeId}/items',
    entry: 'functions/stores/list-store-items.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read'],
    scope: 'store',
    summary: "A store's catalogue with prices and stock",
  },
  {
    id: 'PostStockChange',
    method: 'POST',
    path: '/v1/stores/{storeId}/items/{sku}/stock',
    entry: 'functions/stores/post-stock-change.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'store',
    summary: 'Restock or write off goods: a stock movement; stock never below zero',
  },
  {
    id: 'PostStocktake',
    method: 'POST',
    path: '/v1/stores/{storeId}/items/{sku}/stocktake',
    entry: 'functions/stores/post-stocktake.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'store',
    summary: 'Set the stock to what was counted, recorded as a movement of the difference',
  },
  {
    id: 'PostTransfer',
    method: 'POST',
    path: '/v1/stores/{storeId}/transfers',
    entry: 'functions/stores/post-transfer.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'county',
    summary: 'Move goods to another store in one transaction',
  },
  {
    id: 'PostVolunteerCode',
    method: 'POST',
    path: '/v1/volunteers/{id}/code',
    entry: 'functions/stores/post-volunteer-code.ts',
    auth: 'jwt',
    roles: ['volunteer'],
    table: [],
    signingKey: true,
    scope: 'self',
    summary: 'A signed, single-use code valid for two minutes, shown as a QR code',
  },
  {
    id: 'PostScan',
    method: 'POST',
    path: '/v1/scan',
    entry: 'functions/stores/post-scan.ts',
    auth: 'jwt',
    roles: ['counter'],
    table: ['read', 'write'],
    signingKey: true,
    throttle: { rate: 30, burst: 60 },
    scope: 'caller',
    summary: "Whose code or card this is: masked name and balance (a card's right PIN gives a code)",
  },
  {
    id: 'PutVolunteerCard',
    method: 'PUT',
    path: '/v1/volunteers/{id}/card',
    entry: 'functions/stores/put-volunteer-card.ts',
    auth: 'jwt',
    roles: ['admin'],
    table: ['read', 'write'],
    scope: 'county',
    summary: "Issue a volunteer's printed card or set its PIN (which also unlocks it)",
  },
  {
    id: 'PostRedemption',
    method: 'POST',
    path: '/v1/stores/{storeId}/redemptions',
    entry: 'functions/stores/post-redemption.ts',
    auth: 'jwt',
    roles: ['counter'],
    table: ['read', 'write'],
    signingKey: true,
    idempotent: true,
    throttle: { rate: 30, burst: 60 },
    scope: 'store',
    summary: 'Hand over goods for points: points, stock and the code move together or not at all',
  },
  {
    id: 'ListRedemptions',
    method: 'GET',
    path: '/v1/stores/{storeId}/redemptions',
    entry: 'functions/stores/list-redemptions.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read', 'query-indexes'],
    scope: 'store',
    summary: "One day's redemptions at a store with points in against goods out",
  },
  {
    id: 'PostRedemptionVoid',
    method: 'POST',
    path: '/v1/stores/{storeId}/redemptions/{id}/void',
    entry: 'functions/stores/post-redemption-void.ts',
    auth: 'jwt',
    roles: ['admin', 'counter'],
    table: ['read', 'write'],
    idempotent: true,
    scope: 'store',
    summary: 'Void a redemption: points and stock restored once (counter staff on the same day)',
  },
  {
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
  },
] as const satisfies readonly RouteDefinition[];

export type RouteId = (typeof ROUTES)[number]['id'];

/** The same table, widened: use it where the optional fields (idempotent, signingKey) are read. */
export const ROUTE_DEFINITIONS: readonly RouteDefinition[] = ROUTES;

export function routeById(id: RouteId): RouteDefinition {
  const route = ROUTE_DEFINITIONS.find((candidate) => candidate.id === id);
  if (route === undefined) throw new Error(`Unknown route ${id}`);
  return route;
}

export { ALL_SIGNED_IN };
