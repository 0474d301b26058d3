import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../shared/platform/canonical-json';
import { parseConfig } from '../../shared/platform/config';
import { AppError, ERROR_STATUS } from '../../shared/platform/errors';
import { parseGroups, principalFromClaims } from '../../shared/platform/http/claims';
import { problemBody, toAppError } from '../../shared/platform/http/problem';
import { parseSigningSecret, signToken, verifyToken } from '../../shared/platform/signed-token';

describe('claims', () => {
  it('reads groups in the API Gateway string form, as JSON, and as an array', () => {
    expect(parseGroups('[admin counter]')).toEqual(['admin', 'counter']);
    expect(parseGroups('["admin","volunteer"]')).toEqual(['admin', 'volunteer']);
    expect(parseGroups(['coordinator'])).toEqual(['coordinator']);
    expect(parseGroups('[root admin]')).toEqual(['admin']);
    expect(parseGroups(undefined)).toEqual([]);
  });

  it('builds a principal only when there is a subject', () => {
    expect(principalFromClaims({ 'cognito:groups': '[admin]' })).toBeUndefined();
    const principal = principalFromClaims({
      sub: 'u1',
      'cognito:groups': '[counter]',
      'custom:storeId': 'S1',
    });
    expect(principal?.storeId).toBe('S1');
    expect([...(principal?.roles ?? [])]).toEqual(['counter']);
  });
});

describe('canonical JSON', () => {
  it('gives the same text for the same data in any key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: [2, { y: 2, z: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });
});

describe('signed tokens', () => {
  const keys = parseSigningSecret('a-signing-secret-of-some-length');

  it('round-trips and refuses tampering, other purposes and unknown keys', () => {
    const token = signToken({ n: 1 }, keys, 'cursor');
    expect(verifyToken(token, keys, 'cursor')).toEqual({ n: 1 });
    expect(verifyToken(token, keys, 'code')).toBeUndefined();
    expect(verifyToken(token.replace(/^k0/, 'k9'), keys, 'cursor')).toBeUndefined();
    const [id, , signature] = token.split('.');
    const forged = `${id}.${Buffer.from('{"n":2}').toString('base64url')}.${signature}`;
    expect(verifyToken(forged, keys, 'cursor')).toBeUndefined();
  });

  it('keeps tokens from the previous key valid during a rotation', () => {
    const before = parseSigningSecret(
      JSON.stringify({ current: 'k1', keys: { k1: 'first-secret-0123456789' } }),
    );
    const during = parseSigningSecret(
      JSON.stringify({
        current: 'k2',
        keys: { k1: 'first-secret-0123456789', k2: 'second-secret-012345678' },
      }),
    );
    const old = signToken({ n: 3 }, before, 'cursor');
    expect(verifyToken(old, during, 'cursor')).toEqual({ n: 3 });
    expect(signToken({ n: 3 }, during, 'cursor').startsWith('k2.')).toBe(true);
    expect(() => parseSigningSecret('short')).toThrow(/16 characters/);
  });
});

describe('problems', () => {
  it('maps every code to its contract status', () => {
    expect(ERROR_STATUS.INSUFFICIENT_POINTS).toBe(409);
    expect(ERROR_STATUS.IDEMPOTENCY_KEY_REUSED).toBe(422);
    expect(ERROR_STATUS.PAYLOAD_TOO_LARGE).toBe(413);
  });

  it('hides the cause of a server error and shows the detail of a client error', () => {
    const hidden = problemBody(toAppError(new Error('secret table name xyz')));
    const shown = problemBody(new AppError('OUT_OF_STOCK', 'Only 2 left', { extra: { sku: 'rice' } }));

    expect(hidden).toMatchObject({ status: 500, code: 'INTERNAL', detail: 'Internal error' });
    expect(JSON.stringify(hidden)).not.toContain('xyz');
    expect(shown).toMatchObject({ status: 409, code: 'OUT_OF_STOCK', detail: 'Only 2 left', sku: 'rice' });
  });
});

describe('configuration', () => {
  it('uses local defaults and refuses local-only settings in production', () => {
    expect(parseConfig({}).STAGE).toBe('local');
    expect(() =>
      parseConfig({
        STAGE: 'prod',
        SIGNING_SECRET_PARAM: '/aixin-points/prod/signing-secret',
        AIXIN_SIGNING_SECRET: 'x'.repeat(20),
      }),
    ).toThrow(/local-only/);
    expect(parseConfig({ STAGE: 'prod' }).SIGNING_SECRET_PARAM).toBeUndefined();
    expect(() => parseConfig({ STAGE: 'staging' })).toThrow(/STAGE/);
  });
});
