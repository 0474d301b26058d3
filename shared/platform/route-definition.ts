import type * as z from 'zod/mini';
import type { Role } from './principal';

/** The table actions a function may be granted (each maps to the IAM actions in infra). */
export type TableAccess = 'read' | 'write' | 'query-indexes' | 'scan';

/**
 * One entry of the route table (D3, "the route says it"): method, path, roles, scope, table access,
 * whether an Idempotency-Key is required, and the request and response schemas. Each area declares
 * its entries in `shared/<area>/routes.ts`; `shared/routes.ts` lists them all.
 */
export interface RouteDefinition extends RouteSchemas {
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
  /** Whether the function signs the product's tokens (the issuer's KMS key: kms:Sign, kms:GetPublicKey). */
  signsTokens?: boolean;
  /**
   * Whether the function handles volunteers' ID numbers: `write` seals them (the ID pair's public
   * key and the lookup key; kms:GenerateDataKey with `-c customerKeys=true`), `reveal` opens them
   * (the ID pair's private key; kms:Decrypt with `-c customerKeys=true`).
   */
  idNumbers?: 'write' | 'reveal';
  /** Points- or stock-moving POSTs require an Idempotency-Key header. */
  idempotent?: boolean;
  /** Open to a member who must still choose their own password (only the password change is). */
  whilePasswordPending?: boolean;
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
 * - `body-volunteer`: as `volunteer`, for the volunteer named in the body (`volunteerId`);
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
  | 'body-volunteer'
  | 'store';

export interface RouteThrottle {
  /** Steady requests per second for this route across all callers. */
  rate: number;
  /** Requests allowed at once above the steady rate. */
  burst: number;
}

/**
 * The request and response schemas of a route, in its entry: the handler parses with them, the
 * OpenAPI document is generated from them and the fuzz tests draw their values from them, so none
 * of the three can drift from the others.
 */
export interface RouteSchemas {
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  response?: z.ZodMiniType;
  /** The success status when it is not 200 (201 for a creation). */
  responseStatus?: number;
  /**
   * The route may answer 202 with the same response schema and `Retry-After` while a long step is
   * still under way (a mobile shop trip's holds): the same request with the same key goes on.
   */
  continues?: true;
}

export const ALL_SIGNED_IN: readonly Role[] = ['admin', 'coordinator', 'counter', 'volunteer'];
