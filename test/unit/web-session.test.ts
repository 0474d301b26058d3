import { describe, expect, it } from 'vitest';
import type { TokenResponse } from '../../shared/identity/contract/identity';
import { parseConfig } from '../../web/src/platform/config';
import { NetworkError } from '../../web/src/platform/problem';
import {
  claimsOf,
  createSessionKeeper,
  isFresh,
  type KeeperDeps,
  type PinAsk,
  parseSession,
  SESSION_KEY,
  type Session,
  sessionFromTokens,
} from '../../web/src/platform/session';

/**
 * The pages' session: tokens from the issuer's answers, one refresh at a time (a refresh token
 * works once), the PIN when the phone has one, and the end of a session. The network is a fake
 * fetch that answers from a script; the clock is fixed.
 */
const T0 = Date.parse('2026-05-01T02:00:00Z');
const HOUR = 3600;

const jwt = (claims: Record<string, unknown>): string =>
  `h.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.s`;

const accessToken = (n: number, groups = ['counter']) =>
  jwt({ sub: 'st_clerk', 'cognito:groups': groups, 'custom:storeId': 'S1', exp: T0 / 1000 + HOUR, n });

const tokens = (n: number, user: Partial<TokenResponse['user']> = {}): TokenResponse => ({
  accessToken: accessToken(n),
  tokenType: 'Bearer',
  expiresIn: HOUR,
  refreshToken: `st_clerk.sid.secret-${n}`,
  refreshExpiresAt: '2026-05-01T14:00:00Z',
  user: { sub: 'st_clerk', groups: ['counter'], storeId: 'S1', mustChangePassword: false, ...user },
});

const problem = (status: number, body: Record<string, unknown>) =>
  new Response(JSON.stringify({ status, ...body }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

interface Harness {
  deps: KeeperDeps;
  store: Map<string, string>;
  clock: { now: number };
  requests: { url: string; body: Record<string, unknown> }[];
  asked: PinAsk[];
  ended: Session[];
}

/** A keeper over a fake storage and a fake fetch answering `answer(request)`. */
function harness(
  answer: (url: string, body: Record<string, unknown>, index: number) => Response | Promise<Response>,
  options: { pins?: (string | undefined)[] } = {},
): Harness {
  const store = new Map<string, string>();
  const clock = { now: T0 };
  const requests: Harness['requests'] = [];
  const asked: PinAsk[] = [];
  const ended: Session[] = [];
  const pins = [...(options.pins ?? [])];
  const deps: KeeperDeps = {
    storage: {
      getItem: (key) => store.get(key) ?? null,
      setItem: (key, value) => store.set(key, value),
      removeItem: (key) => store.delete(key),
    },
    fetch: async (url, init) => {
      const body = JSON.parse(String(init.body ?? '{}')) as Record<string, unknown>;
      requests.push({ url, body });
      // Let every caller that is going to ask arrive first.
      await new Promise((done) => setTimeout(done, 5));
      return answer(url, body, requests.length - 1);
    },
    now: () => clock.now,
    askPin: async (ask) => {
      asked.push(ask);
      return pins.shift();
    },
    onEnded: (session) => ended.push(session),
  };
  return { deps, store, clock, requests, asked, ended };
}

/** A session signed in at T0 - 59 minutes: its token has a minute left, so it is refreshed first. */
function signedIn(h: Harness, n = 0): Session {
  const session = sessionFromTokens(tokens(n), { apiBase: '/v1', mode: 'issuer' }, T0 - 59 * 60_000);
  if (session === undefined) throw new Error('no session');
  h.store.set(SESSION_KEY, JSON.stringify(session));
  return session;
}

const ok = (n: number, user?: Partial<TokenResponse['user']>) => Response.json(tokens(n, user));

describe('sessions from the issuer', () => {
  it('counts the access token from expiresIn on this device, not from a phone clock that is hours off', () => {
    // Prepare: the phone's clock is two hours fast; the token says it expires in an hour
    const phoneNow = T0 + 2 * HOUR * 1000;

    // Act
    const session = sessionFromTokens(tokens(1), { apiBase: '/v1', mode: 'issuer' }, phoneNow);

    // Assess
    expect(session?.expiresAtMs).toBe(phoneNow + HOUR * 1000);
    expect(session !== undefined && isFresh(session, phoneNow + 30 * 60_000)).toBe(true);
    expect(session?.claims).toMatchObject({ sub: 'st_clerk', groups: ['counter'], storeId: 'S1' });
    expect(session?.refreshToken).toBe('st_clerk.sid.secret-1');
  });

  it('reads the groups claim both as a token has it and as API Gateway hands it on', () => {
    const token = (claims: Record<string, unknown>) => jwt({ sub: 'u', exp: 2_000_000_000, ...claims });
    expect(claimsOf(token({ 'cognito:groups': ['counter'], 'custom:storeId': 'S1' }))).toMatchObject({
      groups: ['counter'],
      storeId: 'S1',
    });
    expect(claimsOf(token({ 'cognito:groups': '[admin counter]' }))?.groups).toEqual(['admin', 'counter']);
    expect(claimsOf('not a token')).toBeUndefined();
  });

  it('reads a session an older page saved (mode "cognito") as a deployment session', () => {
    const saved = JSON.stringify({ token: accessToken(0), apiBase: '/v1', mode: 'cognito' });
    expect(parseSession(saved)?.mode).toBe('issuer');
    expect(parseSession('{"token":"x"}')).toBeUndefined();
    expect(parseSession('not json')).toBeUndefined();
  });

  it('takes /config.json tolerantly: local is the demo, anything else the issuer', () => {
    expect(parseConfig({ mode: 'local', apiBase: '/v1' })).toEqual({ mode: 'local', apiBase: '/v1' });
    expect(parseConfig({ mode: 'issuer', apiBase: 'https://api.example.cn/v1/' })).toEqual({
      mode: 'issuer',
      apiBase: 'https://api.example.cn/v1',
    });
    expect(parseConfig({ mode: 'cognito', cognito: { domain: 'x' } })).toEqual({
      mode: 'issuer',
      apiBase: '/v1',
    });
    expect(parseConfig({ mode: 'something-new', banner: '测试环境' })).toEqual({
      mode: 'issuer',
      apiBase: '/v1',
      banner: '测试环境',
    });
    expect(parseConfig(undefined)).toEqual({ mode: 'issuer', apiBase: '/v1' });
  });
});

describe('one refresh at a time (a refresh token works once)', () => {
  it('gives every call that finds the token about to expire the same refresh, and stores the new refresh token', async () => {
    // Prepare
    const h = harness((_url, body) =>
      body.refreshToken === 'st_clerk.sid.secret-0' ? ok(1) : problem(401, { code: 'UNAUTHENTICATED' }),
    );
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    // Act: five calls at once
    const sessions = await Promise.all([1, 2, 3, 4, 5].map(() => keeper.current()));

    // Assess
    expect(h.requests).toHaveLength(1);
    expect(h.requests[0]?.url).toBe('/v1/auth/refresh');
    expect(new Set(sessions.map((session) => session?.token))).toEqual(new Set([accessToken(1)]));
    expect(keeper.read()?.refreshToken).toBe('st_clerk.sid.secret-1');
    expect(h.ended).toEqual([]);
  });

  it('does not refresh a token with time left', async () => {
    const h = harness(() => ok(1));
    signedIn(h);
    h.clock.now = T0 - 59 * 60_000;
    const keeper = createSessionKeeper(h.deps);
    expect((await keeper.current())?.token).toBe(accessToken(0));
    expect(h.requests).toHaveLength(0);
  });

  it('refreshes once after a 401, and a late 401 of the old token uses the new session instead of refreshing again', async () => {
    // Prepare: the token has time left, but the API refused it (the account was changed)
    const h = harness((_url, body) => (body.refreshToken === 'st_clerk.sid.secret-0' ? ok(1) : ok(2)));
    const old = signedIn(h);
    h.clock.now = T0 - 50 * 60_000;
    const keeper = createSessionKeeper(h.deps);

    // Act: three calls refused with the old token, two together and one after the refresh
    const together = await Promise.all([keeper.renew(old.token), keeper.renew(old.token)]);
    const late = await keeper.renew(old.token);

    // Assess
    expect(h.requests).toHaveLength(1);
    expect(together.map((session) => session?.token)).toEqual([accessToken(1), accessToken(1)]);
    expect(late?.token).toBe(accessToken(1));
  });

  it('takes the session another tab refreshed meanwhile instead of ending it', async () => {
    // Prepare: the other tab used secret-0 a moment ago and stored secret-5
    const h = harness(() => {
      const other = sessionFromTokens(tokens(5), { apiBase: '/v1', mode: 'issuer' }, T0);
      h.store.set(SESSION_KEY, JSON.stringify(other));
      return problem(401, { code: 'UNAUTHENTICATED' });
    });
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    // Act
    const session = await keeper.current();

    // Assess
    expect(session?.refreshToken).toBe('st_clerk.sid.secret-5');
    expect(h.ended).toEqual([]);
    expect(keeper.read()?.refreshToken).toBe('st_clerk.sid.secret-5');
  });

  it('ends the session when the issuer refuses it (revoked, expired): forgotten here, and the page told', async () => {
    const h = harness(() => problem(401, { code: 'UNAUTHENTICATED', detail: '登录已失效' }));
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    const session = await keeper.current();

    expect(session).toBeUndefined();
    expect(h.store.has(SESSION_KEY)).toBe(false);
    expect(h.ended).toHaveLength(1);
  });

  it('keeps the session when the refresh gets no answer (a village network), and says so', async () => {
    const h = harness(() => {
      throw new TypeError('Failed to fetch');
    });
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    await expect(keeper.current()).rejects.toBeInstanceOf(NetworkError);

    expect(keeper.read()?.refreshToken).toBe('st_clerk.sid.secret-0');
    expect(h.ended).toEqual([]);
  });

  it('ends a local demo session (no refresh token) once its token expires', async () => {
    const h = harness(() => ok(1));
    h.store.set(
      SESSION_KEY,
      JSON.stringify({ token: accessToken(0), apiBase: '/v1', mode: 'local', expiresAtMs: T0 - 1000 }),
    );
    const keeper = createSessionKeeper(h.deps);
    expect(await keeper.current()).toBeUndefined();
    expect(h.requests).toHaveLength(0);
    expect(h.ended).toHaveLength(1);
  });
});

describe("a volunteer's phone with a PIN", () => {
  it('asks the PIN once for all waiting calls, says how many tries are left after a wrong one, and sends it', async () => {
    // Prepare: the server wants a PIN; 1234 is wrong, 2580 right
    const h = harness(
      (_url, body) => {
        if (body.pin === undefined) return problem(401, { code: 'UNAUTHENTICATED', pinRequired: true });
        if (body.pin !== '2580')
          return problem(401, { code: 'UNAUTHENTICATED', pinRequired: true, attemptsLeft: 4 });
        return ok(1, { groups: ['volunteer'] });
      },
      { pins: ['1234', '2580'] },
    );
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    // Act
    const [a, b] = await Promise.all([keeper.current(), keeper.current()]);

    // Assess
    expect(a?.token).toBe(accessToken(1));
    expect(b?.token).toBe(accessToken(1));
    expect(h.asked).toEqual([{ wrong: false }, { wrong: true, attemptsLeft: 4 }]);
    expect(h.requests.map((request) => request.body.pin)).toEqual([undefined, '1234', '2580']);
  });

  it('signs the phone out here and on the server when the person gives up on the PIN', async () => {
    const h = harness(
      (url) =>
        url.endsWith('/sign-out')
          ? new Response(null, { status: 204 })
          : problem(401, { code: 'UNAUTHENTICATED', pinRequired: true }),
      { pins: [undefined] },
    );
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);
    expect(await keeper.current()).toBeUndefined();
    expect(h.store.has(SESSION_KEY)).toBe(false);
    expect(h.ended).toHaveLength(1);
    expect(h.requests.map((request) => request.url)).toEqual(['/v1/auth/refresh', '/v1/auth/sign-out']);
  });

  it('stops asking once no try is left (the server has ended the phone)', async () => {
    const h = harness(
      (_url, body) =>
        body.pin === undefined
          ? problem(401, { code: 'UNAUTHENTICATED', pinRequired: true })
          : problem(401, { code: 'UNAUTHENTICATED', pinRequired: true, attemptsLeft: 0 }),
      { pins: ['0000', '1111'] },
    );
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);
    expect(await keeper.current()).toBeUndefined();
    expect(h.asked).toHaveLength(1);
    expect(h.ended).toHaveLength(1);
  });
});

describe('signing out', () => {
  it('forgets the session here and ends it on the server with its refresh token', async () => {
    const h = harness(() => new Response(null, { status: 204 }));
    signedIn(h);
    const keeper = createSessionKeeper(h.deps);

    await keeper.signOut();

    expect(h.store.has(SESSION_KEY)).toBe(false);
    expect(h.requests).toEqual([
      { url: '/v1/auth/sign-out', body: { refreshToken: 'st_clerk.sid.secret-0' } },
    ]);
  });
});
