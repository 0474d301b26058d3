import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 tokens for local runs, standing in for the Cognito tokens that API Gateway's JWT
 * authorizer checks in AWS. Only node:crypto; the shape of the claims follows the API contract.
 */
export const LOCAL_JWT_ISSUER = 'aixin-local';
export const LOCAL_JWT_AUDIENCE = 'aixin-web';
export const DEFAULT_LOCAL_JWT_SECRET = 'local-dev-secret';
/** Clock skew tolerated on `exp` and `nbf`, in seconds. */
export const LOCAL_JWT_SKEW_SECONDS = 30;
/** Tokens longer than this are refused before any parsing. */
const TOKEN_LENGTH_MAX = 8192;

export interface LocalTokenInput {
  sub: string;
  groups: readonly string[];
  volunteerId?: string | undefined;
  storeId?: string | undefined;
  orgId?: string | undefined;
  /** Lifetime in seconds. */
  ttlSeconds: number;
}

export interface LocalClaims {
  sub: string;
  /** Cognito leaves the claim out for a user in no group. */
  'cognito:groups'?: string[];
  'custom:volunteerId'?: string;
  'custom:storeId'?: string;
  'custom:orgId'?: string;
  iss: string;
  aud: string | string[];
  iat?: number;
  nbf?: number;
  exp: number;
  token_use?: string;
  [claim: string]: unknown;
}

export type VerifyFailure =
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'invalid-claims';

export type VerifyResult = { ok: true; claims: LocalClaims } | { ok: false; reason: VerifyFailure };

const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function signature(signingInput: string, secret: string): string {
  return createHmac('sha256', secret).update(signingInput).digest('base64url');
}

/**
 * The secret that signs and checks local tokens: `AIXIN_LOCAL_JWT_SECRET`, or the well-known
 * default, which is accepted only when STAGE is `local` or unset.
 */
export function localJwtSecret(env: NodeJS.ProcessEnv = process.env): string {
  const stage = env.STAGE === undefined || env.STAGE === '' ? 'local' : env.STAGE;
  const configured = env.AIXIN_LOCAL_JWT_SECRET;
  const secret = configured === undefined || configured === '' ? DEFAULT_LOCAL_JWT_SECRET : configured;
  if (stage !== 'local' && secret === DEFAULT_LOCAL_JWT_SECRET) {
    throw new Error(
      `The default local JWT secret is refused when STAGE is "${stage}"; set AIXIN_LOCAL_JWT_SECRET`,
    );
  }
  return secret;
}

export function signLocalJwt(input: LocalTokenInput, secret: string, nowSeconds = nowInSeconds()): string {
  if (secret === '') throw new Error('The JWT secret must not be empty');
  if (!Number.isInteger(input.ttlSeconds) || input.ttlSeconds <= 0) {
    throw new Error('ttlSeconds must be a positive integer');
  }
  const claims: LocalClaims = {
    sub: input.sub,
    'cognito:groups': [...input.groups],
    ...(input.volunteerId === undefined ? {} : { 'custom:volunteerId': input.volunteerId }),
    ...(input.storeId === undefined ? {} : { 'custom:storeId': input.storeId }),
    ...(input.orgId === undefined ? {} : { 'custom:orgId': input.orgId }),
    iss: LOCAL_JWT_ISSUER,
    aud: LOCAL_JWT_AUDIENCE,
    token_use: 'id',
    iat: nowSeconds,
    nbf: nowSeconds,
    exp: nowSeconds + input.ttlSeconds,
  };
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${signingInput}.${signature(signingInput, secret)}`;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  if (part === '' || !BASE64URL.test(part)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

const isOptionalString = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value !== '');

/**
 * Verifies a local token: HS256 only, a constant-time signature check, then `exp`/`nbf` with a
 * small skew, the issuer, the audience and the shape of the claims the product reads.
 */
export function verifyLocalJwt(
  token: string,
  secret: string,
  options: { nowSeconds?: number; skewSeconds?: number } = {},
): VerifyResult {
  if (secret === '') throw new Error('The JWT secret must not be empty');
  if (token.length > TOKEN_LENGTH_MAX) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [headerPart = '', payloadPart = '', signaturePart = ''] = parts;
  const header = decodeJson(headerPart);
  if (header === undefined) return { ok: false, reason: 'malformed' };
  if (header.alg !== 'HS256') return { ok: false, reason: 'unsupported-alg' };
  if (header.crit !== undefined) return { ok: false, reason: 'unsupported-alg' };

  // Compare the encoded form: base64url decoding is lenient about the last character's spare bits.
  const expected = Buffer.from(signature(`${headerPart}.${payloadPart}`, secret), 'utf8');
  const given = Buffer.from(signaturePart, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad-signature' };
  }

  const payload = decodeJson(payloadPart);
  if (payload === undefined) return { ok: false, reason: 'malformed' };
  const now = options.nowSeconds ?? nowInSeconds();
  const skew = options.skewSeconds ?? LOCAL_JWT_SKEW_SECONDS;
  const { exp, nbf, iss, aud } = payload;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'invalid-claims' };
  if (now > exp + skew) return { ok: false, reason: 'expired' };
  if (nbf !== undefined) {
    if (typeof nbf !== 'number' || !Number.isFinite(nbf)) return { ok: false, reason: 'invalid-claims' };
    if (now + skew < nbf) return { ok: false, reason: 'not-yet-valid' };
  }
  if (iss !== LOCAL_JWT_ISSUER) return { ok: false, reason: 'wrong-issuer' };
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(LOCAL_JWT_AUDIENCE)) return { ok: false, reason: 'wrong-audience' };

  const groups = payload['cognito:groups'];
  const claimsValid =
    typeof payload.sub === 'string' &&
    payload.sub !== '' &&
    (groups === undefined || (Array.isArray(groups) && groups.every((group) => typeof group === 'string'))) &&
    isOptionalString(payload['custom:volunteerId']) &&
    isOptionalString(payload['custom:storeId']) &&
    isOptionalString(payload['custom:orgId']);
  if (!claimsValid) return { ok: false, reason: 'invalid-claims' };
  return { ok: true, claims: payload as LocalClaims };
}
