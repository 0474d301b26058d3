import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LOCAL_JWT_SECRET,
  LOCAL_JWT_SKEW_SECONDS,
  localJwtSecret,
  signLocalJwt,
  verifyLocalJwt,
} from '../../scripts/local/local-jwt';
import { DEFAULT_TTL_SECONDS, parseTokenArgs, UsageError } from '../../scripts/token';

const SECRET = 'unit-test-secret';
const NOW = 1_800_000_000;

const counter = {
  sub: 'user-1',
  groups: ['counter'],
  storeId: 'S1',
  ttlSeconds: 600,
};

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (input: string, secret = SECRET) =>
  createHmac('sha256', secret).update(input).digest('base64url');

/** A token with any header and payload, correctly signed with SECRET. */
function craft(header: unknown, payload: unknown): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input)}`;
}

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('local JWT', () => {
  it('round-trips: the verified claims are the signed ones', () => {
    const token = signLocalJwt(counter, SECRET, NOW);
    expect(verifyLocalJwt(token, SECRET, { nowSeconds: NOW + 10 })).toEqual({
      ok: true,
      claims: {
        sub: 'user-1',
        'cognito:groups': ['counter'],
        'custom:storeId': 'S1',
        iss: 'aixin-local',
        aud: 'aixin-web',
        token_use: 'id',
        iat: NOW,
        nbf: NOW,
        exp: NOW + 600,
      },
    });
  });

  it('refuses a tampered signature', () => {
    const token = signLocalJwt(counter, SECRET, NOW);
    const signature = token.split('.')[2] ?? '';
    const flipped = `${signature.slice(0, 5)}${signature[5] === 'A' ? 'B' : 'A'}${signature.slice(6)}`;
    const tampered = token.replace(signature, flipped);
    expect(verifyLocalJwt(tampered, SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a tampered payload (a role added) and a token signed with another secret', () => {
    const token = signLocalJwt(counter, SECRET, NOW);
    const [header, , signature] = token.split('.');
    const forged = `${header}.${b64({ ...payloadOf(token), 'cognito:groups': ['admin'] })}.${signature}`;
    expect(verifyLocalJwt(forged, SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const other = signLocalJwt(counter, 'another-secret', NOW);
    expect(verifyLocalJwt(other, SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses alg "none" (unsigned) and any other algorithm, even when correctly HMAC-signed', () => {
    const payload = payloadOf(signLocalJwt(counter, SECRET, NOW));
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(payload)}.`;
    expect(verifyLocalJwt(unsigned, SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'unsupported-alg',
    });
    expect(verifyLocalJwt(craft({ alg: 'HS512', typ: 'JWT' }, payload), SECRET, { nowSeconds: NOW })).toEqual(
      {
        ok: false,
        reason: 'unsupported-alg',
      },
    );
  });

  it('refuses an expired token, allowing a small clock skew', () => {
    const token = signLocalJwt(counter, SECRET, NOW);
    const exp = NOW + 600;
    expect(verifyLocalJwt(token, SECRET, { nowSeconds: exp + LOCAL_JWT_SKEW_SECONDS }).ok).toBe(true);
    expect(verifyLocalJwt(token, SECRET, { nowSeconds: exp + LOCAL_JWT_SKEW_SECONDS + 1 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a token that is not valid yet', () => {
    const token = signLocalJwt(counter, SECRET, NOW);
    expect(verifyLocalJwt(token, SECRET, { nowSeconds: NOW - LOCAL_JWT_SKEW_SECONDS - 1 })).toEqual({
      ok: false,
      reason: 'not-yet-valid',
    });
  });

  it('refuses a wrong audience and a wrong issuer', () => {
    const payload = payloadOf(signLocalJwt(counter, SECRET, NOW));
    const header = { alg: 'HS256', typ: 'JWT' };
    expect(
      verifyLocalJwt(craft(header, { ...payload, aud: 'someone-else' }), SECRET, { nowSeconds: NOW }),
    ).toEqual({ ok: false, reason: 'wrong-audience' });
    expect(
      verifyLocalJwt(craft(header, { ...payload, aud: ['x', 'aixin-web'] }), SECRET, { nowSeconds: NOW }).ok,
    ).toBe(true);
    expect(
      verifyLocalJwt(craft(header, { ...payload, iss: 'cognito' }), SECRET, { nowSeconds: NOW }),
    ).toEqual({
      ok: false,
      reason: 'wrong-issuer',
    });
  });

  it('refuses malformed tokens and claims of the wrong shape', () => {
    const header = { alg: 'HS256', typ: 'JWT' };
    const payload = payloadOf(signLocalJwt(counter, SECRET, NOW));
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', '!!.??.xx']) {
      expect(verifyLocalJwt(token, SECRET, { nowSeconds: NOW })).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(
      verifyLocalJwt(craft(header, { ...payload, 'cognito:groups': 'admin' }), SECRET, { nowSeconds: NOW }),
    ).toEqual({ ok: false, reason: 'invalid-claims' });
    expect(verifyLocalJwt(craft(header, { ...payload, sub: '' }), SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'invalid-claims',
    });
    const { exp: _exp, ...withoutExp } = payload;
    expect(verifyLocalJwt(craft(header, withoutExp), SECRET, { nowSeconds: NOW })).toEqual({
      ok: false,
      reason: 'invalid-claims',
    });
  });

  it('uses the default secret only in local mode', () => {
    expect(localJwtSecret({})).toBe(DEFAULT_LOCAL_JWT_SECRET);
    expect(localJwtSecret({ STAGE: 'local' })).toBe(DEFAULT_LOCAL_JWT_SECRET);
    expect(localJwtSecret({ STAGE: 'dev', AIXIN_LOCAL_JWT_SECRET: 'a-real-secret' })).toBe('a-real-secret');
    expect(() => localJwtSecret({ STAGE: 'prod' })).toThrow(/AIXIN_LOCAL_JWT_SECRET/);
    expect(() => localJwtSecret({ STAGE: 'dev', AIXIN_LOCAL_JWT_SECRET: DEFAULT_LOCAL_JWT_SECRET })).toThrow(
      /refused/,
    );
  });
});

describe('npm run token arguments', () => {
  it('takes repeated and comma-separated roles, the scope ids and a ttl', () => {
    expect(
      parseTokenArgs(['--role', 'counter,volunteer', '-r', 'admin', '--store', 'S1', '--ttl', '60']),
    ).toEqual({
      sub: 'local-counter-volunteer-admin-S1',
      groups: ['counter', 'volunteer', 'admin'],
      volunteerId: undefined,
      storeId: 'S1',
      orgId: undefined,
      ttlSeconds: 60,
      warnings: ['note: a volunteer token without --volunteer is refused by routes that check its scope'],
    });
    expect(parseTokenArgs(['--role', 'coordinator', '--org', 'O1', '--sub', 'me'])).toMatchObject({
      sub: 'me',
      groups: ['coordinator'],
      orgId: 'O1',
      ttlSeconds: DEFAULT_TTL_SECONDS,
      warnings: [],
    });
  });

  it('refuses what it does not understand', () => {
    const cases: [string[], RegExp][] = [
      [[], /--role is required/],
      [['--role', 'boss'], /Unknown role "boss"/],
      [['--role', 'admin', '--ttl', '1h'], /--ttl/],
      [['--role', 'admin', '--ttl', '0'], /--ttl/],
      [['--role', 'admin', '--colour', 'red'], /Unknown option/],
      [['--role', 'admin', 'extra'], /positional/],
      [['--role', 'counter', '--store', 'a b'], /--store/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseTokenArgs(argv)).toThrow(UsageError);
      expect(() => parseTokenArgs(argv)).toThrow(message);
    }
  });
});
