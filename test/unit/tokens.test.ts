import { createHmac } from 'node:crypto';
import { base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  accessClaims,
  LOCAL_ISSUER,
  TOKEN_AUDIENCE,
  TOKEN_SKEW_SECONDS,
  tokenStillValid,
} from '../../shared/identity/rules/tokens';
import { LocalKeySigner } from '../../shared/identity/store/local-signer';
import {
  compactToken,
  signingInput,
  signToken,
  tokenVerifier,
} from '../../shared/identity/use-cases/token-codec';

const NOW = 1_780_000_000;
const signer = LocalKeySigner.generate();
const stranger = LocalKeySigner.generate();
const verify = tokenVerifier([signer.publicJwkSync()], { issuer: LOCAL_ISSUER, audience: TOKEN_AUDIENCE });
const counter = { sub: 'clerk-1', groups: ['counter'] as const, storeId: 'S1', ver: 3 };
const claims = (overrides: Record<string, unknown> = {}) => ({
  ...accessClaims(counter, { issuer: LOCAL_ISSUER, nowSeconds: NOW, jti: 'j1' }),
  ...overrides,
});
const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

describe('tokens of our own issuer (RS256, checked by jose over the JWKS)', () => {
  it('verifies a token it signed and gives back the claims the handlers read', async () => {
    // Prepare
    const token = await signToken(signer, claims());
    // Act
    const checked = await verify(token, NOW + 10);
    // Assess
    expect(checked).toMatchObject({
      ok: true,
      claims: {
        sub: 'clerk-1',
        'cognito:groups': ['counter'],
        'custom:storeId': 'S1',
        ver: 3,
        iss: LOCAL_ISSUER,
      },
    });
    expect(JSON.parse(new TextDecoder().decode(base64url.decode(token.split('.')[0] ?? '')))).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: signer.kid,
    });
  });

  it('refuses a token signed by another key, even with our kid', async () => {
    const input = signingInput(signer.kid, claims());
    const forged = compactToken(input, stranger.signSync(new TextEncoder().encode(input)));
    expect(await verify(forged, NOW)).toEqual({ ok: false, reason: 'bad-signature' });
    expect(await verify(await signToken(stranger, claims()), NOW)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses alg none and algorithm confusion (HS256 keyed with the public key)', async () => {
    const payload = encode(claims());
    const none = `${encode({ alg: 'none', typ: 'JWT' })}.${payload}.`;
    expect(await verify(none, NOW)).toMatchObject({ ok: false });
    const publicKey = JSON.stringify(signer.publicJwkSync());
    const hsInput = `${encode({ alg: 'HS256', typ: 'JWT', kid: signer.kid })}.${payload}`;
    const confused = `${hsInput}.${createHmac('sha256', publicKey).update(hsInput).digest('base64url')}`;
    expect(await verify(confused, NOW)).toEqual({ ok: false, reason: 'unsupported-alg' });
    const ps = `${encode({ alg: 'PS256', typ: 'JWT', kid: signer.kid })}.${payload}`;
    expect(
      await verify(`${ps}.${base64url.encode(signer.signSync(new TextEncoder().encode(ps)))}`, NOW),
    ).toEqual({
      ok: false,
      reason: 'unsupported-alg',
    });
  });

  it('refuses expired, not-yet-valid, other-issuer and other-audience tokens', async () => {
    const token = await signToken(signer, claims());
    const exp = NOW + ACCESS_TOKEN_TTL_SECONDS;
    // jose: expired once exp <= now - tolerance.
    expect((await verify(token, exp + TOKEN_SKEW_SECONDS - 1)).ok).toBe(true);
    expect(await verify(token, exp + TOKEN_SKEW_SECONDS)).toEqual({ ok: false, reason: 'expired' });
    expect(await verify(token, NOW - TOKEN_SKEW_SECONDS - 1)).toEqual({ ok: false, reason: 'not-yet-valid' });
    expect(await verify(await signToken(signer, claims({ iss: 'https://elsewhere.example' })), NOW)).toEqual({
      ok: false,
      reason: 'wrong-issuer',
    });
    expect(await verify(await signToken(signer, claims({ aud: 'another-app' })), NOW)).toEqual({
      ok: false,
      reason: 'wrong-audience',
    });
  });

  it('refuses claims of the wrong shape and garbage', async () => {
    expect(await verify(await signToken(signer, claims({ 'cognito:groups': 'admin' })), NOW)).toEqual({
      ok: false,
      reason: 'invalid-claims',
    });
    expect(await verify(await signToken(signer, claims({ ver: 1.5 })), NOW)).toEqual({
      ok: false,
      reason: 'invalid-claims',
    });
    for (const garbage of ['', 'a.b', 'a.b.c', '...', 'x'.repeat(9000)])
      expect(await verify(garbage, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('holds a token to its account: same version, not disabled; developer tokens name no account', () => {
    expect(tokenStillValid({ ver: 3 }, { tokenVersion: 3, disabled: false })).toBe(true);
    expect(tokenStillValid({ ver: 3 }, { tokenVersion: 4, disabled: false })).toBe(false);
    expect(tokenStillValid({ ver: 3 }, { tokenVersion: 3, disabled: true })).toBe(false);
    expect(tokenStillValid({ ver: 3 }, undefined)).toBe(false);
    expect(tokenStillValid({}, undefined)).toBe(true);
  });
});
