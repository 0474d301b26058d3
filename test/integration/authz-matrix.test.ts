import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/platform/principal';
import { ROUTE_DEFINITIONS, type RouteDefinition } from '../../shared/routes';
import { CALLERS, type CallerKind, type County, SAMPLES, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack, type TokenFlaw } from '../support/api-stack';
import { checkAgainstOpenApi } from '../support/openapi-responses';
import { freshTable } from './support';

/**
 * Every route × every kind of caller, over real HTTP through the local server. The expected answer
 * of each cell is derived from what the route table declares next to the route (its `auth`,
 * `roles` and `scope`), so a new route is in the matrix the day it is added, and a route whose
 * behaviour and declaration disagree fails here.
 */
type Expected = 'allowed' | 401 | 403 | 404;

const ROLE_OF: Record<CallerKind, Role | undefined> = {
  admin: 'admin',
  coordinatorInScope: 'coordinator',
  coordinatorOutOfScope: 'coordinator',
  counterOfStore: 'counter',
  counterOfOtherStore: 'counter',
  volunteerSelf: 'volunteer',
  volunteerOther: 'volunteer',
  noGroup: undefined,
};

/** The one place the declaration becomes expectations. */
function expectedFor(route: RouteDefinition, kind: CallerKind): Expected {
  if (route.auth === 'public') return 'allowed';
  const role = ROLE_OF[kind];
  if (route.roles !== 'anyone' && (role === undefined || !route.roles.includes(role))) return 403;
  switch (route.scope) {
    case 'org':
    case 'record':
      return kind === 'coordinatorOutOfScope' ? 404 : 'allowed';
    case 'volunteer':
    case 'body-volunteer':
      if (kind === 'coordinatorOutOfScope') return 404;
      return kind === 'volunteerOther' ? 403 : 'allowed';
    case 'self':
      return kind === 'volunteerOther' ? 403 : 'allowed';
    case 'body-org':
      return kind === 'coordinatorOutOfScope' ? 403 : 'allowed';
    case 'store':
      return kind === 'counterOfOtherStore' ? 403 : 'allowed';
    default:
      return 'allowed';
  }
}

const FLAWS: (TokenFlaw | 'no-token')[] = [
  'no-token',
  'expired',
  'wrong-issuer',
  'wrong-audience',
  'alg-none',
  'wrong-key',
];
const ROUTES = ROUTE_DEFINITIONS.filter((route) => route.path !== '$default');
const METHOD = (route: RouteDefinition) => (route.method === 'ANY' ? 'GET' : route.method);

let stack: ApiStack;
let county: County;
let keyCounter = 0;

async function send(route: RouteDefinition, token: string | undefined) {
  const sample = await SAMPLES[route.id as keyof typeof SAMPLES](county);
  const query = sample.query === undefined ? '' : `?${new URLSearchParams(sample.query).toString()}`;
  const answer = await stack.call(METHOD(route), `${sample.path}${query}`, {
    ...(token === undefined ? {} : { token }),
    ...(sample.body === undefined ? {} : { json: sample.body }),
    ...(route.idempotent === true ? { headers: { 'idempotency-key': `matrix-${++keyCounter}` } } : {}),
  });
  // Every answer over HTTP is one the OpenAPI document describes, as for the handler-level tests.
  const headers = Object.fromEntries(
    Object.entries(answer.headers).map(([name, value]) => [name, String(value)]),
  );
  checkAgainstOpenApi(`${route.method} ${route.path}`, answer.status, headers, answer.text);
  return answer;
}

beforeAll(async () => {
  const table = await freshTable('matrix');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SCANS_PER_COUNTER_PER_MINUTE: '0',
    SIGN_IN_FAILURES_PER_CLIENT: '0',
    ACTIVATION_FAILURES_PER_CLIENT: '0',
    ORDERS_PER_PHONE_PER_DAY: '0',
    ORDERS_PER_CLIENT_PER_HOUR: '0',
    TRACKING_FAILURES_PER_CLIENT: '0',
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
  });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('the authorization matrix', () => {
  it('covers every route with a sample request and a declared scope', () => {
    for (const route of ROUTE_DEFINITIONS) {
      expect(SAMPLES[route.id as keyof typeof SAMPLES], route.id).toBeTypeOf('function');
      expect(route.scope, route.id).toBeTypeOf('string');
    }
  });

  it.each(ROUTES.map((route) => [route.id, route] as const))(
    '%s: every caller gets the answer its declaration says',
    async (_id, route) => {
      const cells: string[] = [];
      for (const kind of Object.keys(CALLERS) as CallerKind[]) {
        const expected = expectedFor(route, kind);
        const answer = await send(route, county.tokens[kind]);
        const got = answer.status;
        const ok =
          expected === 'allowed'
            ? got < 500 &&
              got !== 401 &&
              got !== 403 &&
              !(got === 404 && answer.json().code === 'NOT_FOUND' && route.scope !== 'none')
            : got === expected;
        if (!ok) cells.push(`${kind}: expected ${expected}, got ${got} ${answer.text.slice(0, 160)}`);
        if (expected !== 'allowed') {
          expect(answer.headers['content-type'], `${route.id} ${kind}`).toBe('application/problem+json');
        }
      }
      expect(cells, route.id).toEqual([]);
    },
  );

  it.each(ROUTES.map((route) => [route.id, route] as const))(
    '%s: a missing, expired, foreign, unsigned or wrongly signed token is 401 (public routes answer anyway)',
    async (_id, route) => {
      for (const flaw of FLAWS) {
        const token = flaw === 'no-token' ? undefined : stackToken(CALLERS.admin, flaw);
        const answer = await send(route, token);
        if (route.auth === 'public') {
          expect(answer.status, `${route.id} ${flaw}`).toBeLessThan(400);
        } else {
          expect([answer.status, answer.json().code], `${route.id} ${flaw}`).toEqual([
            401,
            'UNAUTHENTICATED',
          ]);
        }
      }
    },
  );
});
