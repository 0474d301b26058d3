import { base64url, createLocalJWKSet, errors, type JWK, type JWTPayload, jwtVerify } from 'jose';
import type { TokenSigner } from '../port';
import { type AccessClaims, TOKEN_ALGORITHM, TOKEN_LENGTH_MAX, TOKEN_SKEW_SECONDS } from '../rules/tokens';

/**
 * Building and checking tokens. Signing is the signer's (a key in Parameter Store, a KMS key or a local key: the JWS
 * signing input goes in, the RS256 signature comes out); checking is jose's `jwtVerify` over the
 * issuer's JWKS, with RS256 as the only algorithm, so `alg: none`, HS256 made with the public key
 * and any other algorithm are refused by the library before the signature is looked at.
 */
const encoder = new TextEncoder();

/** The JWS signing input of a token: base64url(header) "." base64url(claims). */
export function signingInput(keyId: string, claims: AccessClaims): string {
  const header = { alg: TOKEN_ALGORITHM, typ: 'JWT', kid: keyId };
  return `${base64url.encode(JSON.stringify(header))}.${base64url.encode(JSON.stringify(claims))}`;
}

/** The compact token: the signing input and the signature, base64url. */
export function compactToken(input: string, signature: Uint8Array): string {
  return `${input}.${base64url.encode(signature)}`;
}

export async function signToken(signer: TokenSigner, claims: AccessClaims): Promise<string> {
  const input = signingInput(await signer.keyId(), claims);
  return compactToken(input, await signer.sign(encoder.encode(input)));
}

export type TokenRefusal =
  | 'malformed'
  | 'unsupported-alg'
  | 'bad-signature'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'invalid-claims';

export type TokenCheck = { ok: true; claims: JWTPayload } | { ok: false; reason: TokenRefusal };

const isOptionalText = (value: unknown): boolean =>
  value === undefined || (typeof value === 'string' && value !== '');

/** The claims the product reads, in the shapes it reads them. */
function claimsReadable(payload: JWTPayload): boolean {
  const groups = payload['cognito:groups'];
  return (
    typeof payload.sub === 'string' &&
    payload.sub !== '' &&
    typeof payload.exp === 'number' &&
    (groups === undefined || (Array.isArray(groups) && groups.every((group) => typeof group === 'string'))) &&
    isOptionalText(payload['custom:volunteerId']) &&
    isOptionalText(payload['custom:storeId']) &&
    isOptionalText(payload['custom:orgId']) &&
    (payload.ver === undefined || (typeof payload.ver === 'number' && Number.isInteger(payload.ver)))
  );
}

function refusal(error: unknown): TokenRefusal {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'aud') return 'wrong-audience';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not-yet-valid';
    return 'invalid-claims';
  }
  if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported)
    return 'unsupported-alg';
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey)
    return 'bad-signature';
  if (error instanceof errors.JWTInvalid || error instanceof errors.JWSInvalid) return 'malformed';
  return 'malformed';
}

/** A verifier over a fixed key set (the issuer's JWKS): RS256 only, issuer, audience and times. */
export function tokenVerifier(keys: readonly JWK[], expected: { issuer: string; audience: string }) {
  const keySet = createLocalJWKSet({ keys: [...keys] });
  return async (token: string, nowSeconds?: number): Promise<TokenCheck> => {
    if (token.length === 0 || token.length > TOKEN_LENGTH_MAX) return { ok: false, reason: 'malformed' };
    try {
      const { payload } = await jwtVerify(token, keySet, {
        algorithms: [TOKEN_ALGORITHM],
        issuer: expected.issuer,
        audience: expected.audience,
        clockTolerance: TOKEN_SKEW_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
        ...(nowSeconds === undefined ? {} : { currentDate: new Date(nowSeconds * 1000) }),
      });
      if (!claimsReadable(payload)) return { ok: false, reason: 'invalid-claims' };
      return { ok: true, claims: payload };
    } catch (error) {
      return { ok: false, reason: refusal(error) };
    }
  };
}
