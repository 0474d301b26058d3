import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The pages' `call` when the API refuses a token that has not expired yet (an admin changed the
 * account, a volunteer's other phone was revoked): one refresh for all the calls refused together,
 * each call sent again once; and when the session has ended, the browser goes to sign in. The
 * browser's localStorage, fetch and location are stood in for.
 */
const NOW = Date.parse('2026-05-01T02:00:00Z');

const jwt = (n: number) =>
  `h.${Buffer.from(JSON.stringify({ sub: 'st_clerk', 'cognito:groups': ['counter'], exp: NOW / 1000 + 3600, n })).toString('base64url')}.s`;

const tokens = (n: number) => ({
  accessToken: jwt(n),
  tokenType: 'Bearer',
  expiresIn: 3600,
  refreshToken: `st_clerk.sid.secret-${n}`,
  refreshExpiresAt: '2026-05-01T14:00:00Z',
  user: { sub: 'st_clerk', groups: ['counter'], mustChangePassword: false },
});

const problem = (status: number, code: string) =>
  new Response(JSON.stringify({ status, code, detail: code }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });

interface Seen {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown> | undefined;
}

let seen: Seen[];
let store: Map<string, string>;
let assigned: string[];

function serve(answer: (request: Seen) => Response): void {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    const request: Seen = {
      path: new URL(url, 'http://localhost').pathname,
      authorization: headers.authorization,
      body: init.body === null || init.body === undefined ? undefined : JSON.parse(String(init.body)),
    };
    seen.push(request);
    await new Promise((done) => setTimeout(done, 5));
    return answer(request);
  });
}

beforeEach(() => {
  vi.resetModules();
  seen = [];
  assigned = [];
  store = new Map();
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => store.get(key) ?? null,
    setItem: (key: string, value: string) => store.set(key, value),
    removeItem: (key: string) => store.delete(key),
  });
  vi.stubGlobal('location', {
    pathname: '/counter.html',
    search: '',
    hash: '',
    assign: (to: string) => assigned.push(to),
  });
  vi.spyOn(Date, 'now').mockReturnValue(NOW);
  const { accessToken, refreshToken } = tokens(0);
  store.set(
    'aixin.session',
    JSON.stringify({
      token: accessToken,
      refreshToken,
      apiBase: '/v1',
      mode: 'issuer',
      expiresAtMs: NOW + 3_000_000,
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('a call whose token the API refuses', () => {
  it('refreshes once for the calls refused together and sends each again, a POST included', async () => {
    // Prepare: the API takes only the second token
    serve((request) => {
      if (request.path === '/v1/auth/refresh')
        return request.body?.refreshToken === 'st_clerk.sid.secret-0'
          ? Response.json(tokens(1))
          : problem(401, 'UNAUTHENTICATED');
      return request.authorization === `Bearer ${jwt(1)}`
        ? Response.json({ path: request.path })
        : problem(401, 'UNAUTHENTICATED');
    });
    const { call } = await import('../../web/src/platform/api');

    // Act
    const answers = await Promise.all([
      call('GET', '/stores/S1/items'),
      call('GET', '/stores/S1'),
      call('POST', '/stores/S1/scan', { body: { code: 'x' } }),
    ]);

    // Assess
    expect(answers).toEqual([
      { path: '/v1/stores/S1/items' },
      { path: '/v1/stores/S1' },
      { path: '/v1/stores/S1/scan' },
    ]);
    expect(seen.filter((request) => request.path === '/v1/auth/refresh')).toHaveLength(1);
    expect(JSON.parse(store.get('aixin.session') ?? '{}').refreshToken).toBe('st_clerk.sid.secret-1');
    expect(assigned).toEqual([]);
  });

  it('sends a refused call again only once, then gives the refusal to the page', async () => {
    serve((request) =>
      request.path === '/v1/auth/refresh' ? Response.json(tokens(2)) : problem(401, 'UNAUTHENTICATED'),
    );
    const { call } = await import('../../web/src/platform/api');

    await expect(call('GET', '/stores/S1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(seen.map((request) => request.path)).toEqual([
      '/v1/stores/S1',
      '/v1/auth/refresh',
      '/v1/stores/S1',
    ]);
  });

  it('goes to sign in, to come back here, when the session has ended', async () => {
    serve(() => problem(401, 'UNAUTHENTICATED'));
    const { call } = await import('../../web/src/platform/api');

    await expect(call('GET', '/stores/S1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });

    expect(store.has('aixin.session')).toBe(false);
    expect(assigned).toEqual(['/?next=%2Fcounter.html&reason=expired']);
  });
});
