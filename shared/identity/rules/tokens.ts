/**
 * The product's own tokens: one issuer for every environment (locally a key file, in AWS a KMS
 * key whose private half never leaves KMS). The claims are the ones the handlers read since v1
 * (`sub`, `cognito:groups`, `custom:volunteerId|storeId|orgId`), so no handler changes.
 */

/**
 * RS256 (RSASSA-PKCS1-v1_5 with SHA-256). API Gateway's JWT authorizer for HTTP APIs checks
 * "only RSA-based algorithms" (Amazon API Gateway developer guide, "Control access to HTTP APIs
 * with JWT authorizers", docs.amazonaws.cn, read 2026-12-04), and a KMS `RSA_2048` key signs it as
 * `RSASSA_PKCS1_V1_5_SHA_256`. Verifiers accept this algorithm and nothing else.
 */
export const TOKEN_ALGORITHM = 'RS256';

/** The issuer and audience of tokens under `npm start` (API.md, "Authentication and roles"). */
export const LOCAL_ISSUER = 'aixin-local';
export const TOKEN_AUDIENCE = 'aixin-web';

/**
 * An access token lives one hour. Revocation does not wait for it: a token carries its account's
 * `ver`, and the API refuses a token whose account has moved on (role change, disabled, device
 * revoked).
 */
export const ACCESS_TOKEN_TTL_SECONDS = 60 * 60;
/** Clock skew tolerated on `exp`, `nbf` and `iat` (cheap phones and servers drift). */
export const TOKEN_SKEW_SECONDS = 30;
/** A token longer than this is refused before it is parsed. */
export const TOKEN_LENGTH_MAX = 8192;

export const ROLE_NAMES = ['admin', 'coordinator', 'counter', 'volunteer'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** Who a token speaks for: the account, its roles and their scopes. */
export interface TokenSubject {
  sub: string;
  groups: readonly RoleName[];
  volunteerId?: string | undefined;
  storeId?: string | undefined;
  orgId?: string | undefined;
  /** The account's token version when the token was issued; absent on `npm run token` tokens. */
  ver?: number | undefined;
  /** The signed-in device or session, so that one device can be revoked alone. */
  sid?: string | undefined;
  /** A staff member who must choose their own password first: the token opens that route only. */
  mustChangePassword?: boolean | undefined;
}

export interface AccessClaims {
  sub: string;
  'cognito:groups': string[];
  'custom:volunteerId'?: string;
  'custom:storeId'?: string;
  'custom:orgId'?: string;
  ver?: number;
  sid?: string;
  /** Present (`1`) while the member must choose their own password: every other route refuses. */
  pwd_change?: 1;
  iss: string;
  aud: string;
  token_use: 'access';
  iat: number;
  nbf: number;
  exp: number;
  jti: string;
}

/** The claims of an access token for `subject`, issued at `nowSeconds`. */
export function accessClaims(
  subject: TokenSubject,
  options: { issuer: string; audience?: string; nowSeconds: number; ttlSeconds?: number; jti: string },
): AccessClaims {
  const ttl = options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error('ttlSeconds must be a positive integer');
  return {
    sub: subject.sub,
    'cognito:groups': [...subject.groups],
    ...(subject.volunteerId === undefined ? {} : { 'custom:volunteerId': subject.volunteerId }),
    ...(subject.storeId === undefined ? {} : { 'custom:storeId': subject.storeId }),
    ...(subject.orgId === undefined ? {} : { 'custom:orgId': subject.orgId }),
    ...(subject.ver === undefined ? {} : { ver: subject.ver }),
    ...(subject.sid === undefined ? {} : { sid: subject.sid }),
    ...(subject.mustChangePassword === true ? { pwd_change: 1 as const } : {}),
    iss: options.issuer,
    aud: options.audience ?? TOKEN_AUDIENCE,
    token_use: 'access',
    iat: options.nowSeconds,
    nbf: options.nowSeconds,
    exp: options.nowSeconds + ttl,
    jti: options.jti,
  };
}

/**
 * Whether a verified token is still good for its account: tokens without `ver` (local developer
 * tokens from `npm run token`) name no account state; others must carry the account's current
 * version, and the account must not be disabled.
 */
export function tokenStillValid(
  claims: { ver?: unknown },
  account: { tokenVersion: number; disabled: boolean } | undefined,
): boolean {
  if (claims.ver === undefined) return true;
  if (typeof claims.ver !== 'number' || account === undefined) return false;
  return !account.disabled && claims.ver === account.tokenVersion;
}
