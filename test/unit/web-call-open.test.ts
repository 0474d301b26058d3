import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * `callOpen`, the public request page's call (no account): no token, the same Idempotency-Key on
 * every retry of a request that got no answer, and a resident over a long limit told at once
 * instead of waiting through retries. The browser's fetch, localStorage and clock are stood in for.
 */
interface Seen {
  url: string;
  authorization: string | undefined;
  key: string | undefined;
}

let seen: Seen[];

function serve(...answers: (Response | 'offline')[]): void {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    seen.push({ url, authorization: headers.authorization, key: headers['idempotency-key'] });
    const answer = answers[seen.length - 1] ?? answers.at(-1);
    if (answer === 'offline' || answer === undefined) throw new TypeError('Failed to fetch');
    return answer;
  });
}

const problem = (status: number, code: string, retryAfter?: string) =>
  new Response(JSON.stringify({ status, code, detail: code }), {
    status,
    headers: {
      'content-type': 'application/problem+json',
      ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }),
    },
  });

beforeEach(() => {
  vi.resetModules();
  vi.useFakeTimers();
  seen = [];
  vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => {}, removeItem: () => {} });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('callOpen', () => {
  it('sends a keyed request again with the same key after no answer, without a token', async () => {
    // Prepare
    serve('offline', problem(503, 'UNAVAILABLE'), Response.json({ number: '260512345678' }, { status: 201 }));
    const { callOpen } = await import('../../web/src/platform/api');

    // Act
    const answer = callOpen<{ number: string }>('/v1', 'POST', '/orders', {
      body: {},
      idempotencyKey: 'k-1',
    });
    await vi.runAllTimersAsync();

    // Assess
    expect(await answer).toEqual({ number: '260512345678' });
    expect(seen.map((request) => request.key)).toEqual(['k-1', 'k-1', 'k-1']);
    expect(seen.every((request) => request.authorization === undefined)).toBe(true);
  });

  it('says a long limit at once, and puts the query in the address', async () => {
    // Prepare
    serve(problem(429, 'THROTTLED', '3600'));
    const { callOpen } = await import('../../web/src/platform/api');

    // Act
    const answer = callOpen('/v1', 'GET', '/order-tracking', {
      query: { number: '260512345678', phone4: '0003' },
    });
    const settled = answer.catch((error: unknown) => error);
    await vi.runAllTimersAsync();

    // Assess
    expect(await settled).toMatchObject({ status: 429, code: 'THROTTLED' });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/v1/order-tracking?number=260512345678&phone4=0003');
  });

  it('does not repeat a POST without a key (a cancel or a rating)', async () => {
    // Prepare
    serve('offline', Response.json({}));
    const { callOpen, NetworkError } = await import('../../web/src/platform/api');

    // Act
    const settled = callOpen('/v1', 'POST', '/order-tracking/cancel', { body: {} }).catch(
      (error: unknown) => error,
    );
    await vi.runAllTimersAsync();

    // Assess
    expect(await settled).toBeInstanceOf(NetworkError);
    expect(seen).toHaveLength(1);
  });
});
