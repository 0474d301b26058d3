import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { ENTITY } from '../../shared/platform/dynamo/keys';
import { ERROR_STATUS } from '../../shared/platform/errors';
import type { RouteSchemas } from '../../shared/routes';
import { ROUTE_DEFINITIONS, type RouteDefinition } from '../../shared/routes';
import { type CallerKind, type County, SAMPLES, type SampleRequest, seedCounty } from '../support/api-county';
import type { ApiStack } from '../support/api-stack';
import { startApiStack } from '../support/api-stack';
import { anyText, hostile, jsonSchemaOf, valueFor } from '../support/fuzz-values';
import { freshTable, type TestTable } from './support';

/**
 * Generated fuzz over every route of the route table, from each route's own schemas: valid,
 * boundary and hostile values in the path, the query, the body and the headers, sent over real
 * HTTP to the local server. Whatever is sent: never a 5xx, every refusal a problem+json with a
 * contract code whose status it carries, no stack trace, and nothing in the table changed by a
 * refusal. A route added to the table is fuzzed here without anyone writing a test for it.
 */
const RUNS_PER_ROUTE = 40;
const SEED = 20261204;

/**
 * What a refusal may write: the per-caller limiters' counters, an unknown card number's wrong-PIN
 * guard, and a kept refusal under its Idempotency-Key (the contract's replay of refusals).
 */
const WRITTEN_BY_REFUSALS = new Set<string>([ENTITY.rateWindow, ENTITY.cardGuard, ENTITY.signInGuard]);

let table: TestTable;
let stack: ApiStack;
let county: County;
let keyCounter = 0;

interface FuzzRequest {
  path: string;
  query: Record<string, string> | undefined;
  body: string | Buffer | undefined;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  extraHeaders: Record<string, string>;
}

const FRESH_KEY = '<fresh>';
const CONTENT_TYPES = [
  'text/plain',
  'application/octet-stream',
  'application/json; charset=gb18030',
  'application/x-www-form-urlencoded',
  'APPLICATION/JSON',
  'application/json; charset=utf-8',
];
const RAW_BODIES = [
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '1e309',
  'NaN',
  '{"__proto__":{"polluted":1}}',
  '{"a":1,"a":2}',
  '\u0000',
  '{"points":1e309,"hours":1e309}',
  ' '.repeat(10),
];
const BAD_KEYS = ['', ' ', 'x'.repeat(65), '../../x', 'key with spaces', 'a,b', '%00'];

/** Callers the route admits, so requests get past the role guard to the code behind it. */
const ADMITTED: CallerKind[] = ['admin', 'coordinatorInScope', 'counterOfStore', 'volunteerSelf'];
function callerFor(route: RouteDefinition): CallerKind | undefined {
  if (route.auth === 'public') return undefined;
  const roleOf: Record<string, string> = {
    admin: 'admin',
    coordinatorInScope: 'coordinator',
    counterOfStore: 'counter',
    volunteerSelf: 'volunteer',
  };
  return ADMITTED.find(
    (kind) => route.roles === 'anyone' || (route.roles as readonly string[]).includes(roleOf[kind] ?? ''),
  );
}

const segmentsOf = (path: string) => path.split('/');

/** Every path to a leaf (and to every object and array) of a JSON value. */
function leafPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((item, index) => leafPaths(item, [...prefix, index]))
    : Object.entries(value as Record<string, unknown>).flatMap(([name, item]) =>
        leafPaths(item, [...prefix, name]),
      );
  return prefix.length === 0 ? children : [prefix, ...children];
}

/** A deep copy of `value` with the node at `path` replaced. */
function withValueAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy;
}

/** Any text as a path segment: its UTF-8 bytes, percent-encoded unless plainly safe. */
const percentEncoded = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');

function requestFor(route: RouteDefinition, sample: SampleRequest): fc.Arbitrary<FuzzRequest> {
  const schemas: RouteSchemas = route;
  const bodySchema = schemas.body === undefined ? undefined : jsonSchemaOf(schemas.body as z.ZodMiniType);
  const querySchema = schemas.query === undefined ? undefined : jsonSchemaOf(schemas.query);
  const sampleBody = sample.body as Record<string, unknown> | undefined;

  const bodies: fc.Arbitrary<string | Buffer | undefined>[] = [
    fc.constantFrom(...RAW_BODIES),
    fc.constant(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xca, 0xb2, 0xb4, 0xa8, 0x22, 0x7d])),
  ];
  if (bodySchema !== undefined)
    bodies.push(valueFor(bodySchema).map((value) => JSON.stringify(value) ?? 'null'));
  if (sampleBody !== undefined && typeof sampleBody === 'object') {
    const paths = [...leafPaths(sampleBody), ['unknownField']];
    bodies.push(
      fc
        .tuple(fc.constantFrom(...paths), fc.oneof(hostile(), anyText()))
        .map(([path, value]) => JSON.stringify(withValueAt(sampleBody, path, value))),
      fc.constant(JSON.stringify(sampleBody)),
    );
  } else {
    bodies.push(fc.constant(undefined));
  }

  const sampleQuery = sample.query ?? {};
  const queries: fc.Arbitrary<Record<string, string> | undefined>[] = [
    fc.constant(sample.query),
    fc
      .tuple(
        fc.constantFrom(...Object.keys(sampleQuery), 'limit', 'cursor', 'date', 'unknown'),
        fc.oneof(hostile(), anyText()),
      )
      .map(([name, value]) => ({
        ...sampleQuery,
        [name]: typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
      })),
  ];
  if (querySchema !== undefined) {
    queries.push(
      valueFor(querySchema).map((value) =>
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? Object.fromEntries(
              Object.entries(value as Record<string, unknown>).map(([name, field]) => [
                name,
                typeof field === 'string' ? field : (JSON.stringify(field) ?? ''),
              ]),
            )
          : { junk: String(value) },
      ),
    );
  }

  const segments = segmentsOf(sample.path);
  const paths: fc.Arbitrary<string>[] = [fc.constant(sample.path)];
  if (segments.length > 2) {
    paths.push(
      fc
        .tuple(fc.integer({ min: 2, max: segments.length - 1 }), fc.oneof(hostile(), anyText(70)))
        .map(([index, value]) => {
          const replaced = [...segments];
          replaced[index] =
            percentEncoded(typeof value === 'string' ? value : (JSON.stringify(value) ?? '')) || 'x';
          return replaced.join('/');
        }),
      fc.constantFrom(
        `${sample.path}/`,
        `${sample.path}/extra`,
        sample.path.replace('/v1/', '/v1//'),
        `${sample.path}%2F..`,
      ),
    );
  }

  // Each case changes one part of the valid sample, so a hostile value reaches the code that
  // reads it instead of being stopped by an unrelated mistake elsewhere in the request.
  const valid: FuzzRequest = {
    path: sample.path,
    query: sample.query,
    body: sample.body === undefined ? undefined : JSON.stringify(sample.body),
    contentType: 'application/json',
    idempotencyKey: FRESH_KEY,
    extraHeaders: {},
  };
  const variants: fc.WeightedArbitrary<FuzzRequest>[] = [
    { weight: 5, arbitrary: fc.oneof(...bodies).map((body) => ({ ...valid, body })) },
    { weight: 2, arbitrary: fc.oneof(...queries).map((query) => ({ ...valid, query })) },
    { weight: 2, arbitrary: fc.oneof(...paths).map((path) => ({ ...valid, path })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom(...CONTENT_TYPES), fc.constant(undefined))
        .map((contentType) => ({ ...valid, contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom(...BAD_KEYS), fc.constant(undefined))
        .map((idempotencyKey) => ({ ...valid, idempotencyKey })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<Record<string, string>>(
          { 'x-filler': 'y'.repeat(20_000) },
          { 'content-encoding': 'gzip' },
          { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        )
        .map((extraHeaders) => ({ ...valid, extraHeaders })),
    },
  ];
  return fc.oneof(...variants);
}

/** The table as the business sees it: everything but what refusals may write. */
async function businessState(): Promise<Map<string, string>> {
  const items = new Map<string, string>();
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    for (const item of page.Items ?? []) {
      if (WRITTEN_BY_REFUSALS.has(String(item.entity))) continue;
      if (item.entity === ENTITY.idempotencyMarker && item.refused === true) continue;
      items.set(`${item.pk}|${item.sk}`, JSON.stringify(item));
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, value] of after) if (before.get(key) !== value) changed.push(key);
  for (const key of before.keys()) if (!after.has(key)) changed.push(`-${key}`);
  return changed;
}

beforeAll(async () => {
  table = await freshTable('fuzz');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    // Every request comes from one address here; the per-client sign-in limits have their own tests.
    SIGN_IN_FAILURES_PER_CLIENT: '0',
    ACTIVATION_FAILURES_PER_CLIENT: '0',
    ORDERS_PER_PHONE_PER_DAY: '0',
    ORDERS_PER_CLIENT_PER_HOUR: '0',
    TRACKING_FAILURES_PER_CLIENT: '0',
  });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('generated fuzz over every route', () => {
  it.each(ROUTE_DEFINITIONS.map((route) => [route.id, route] as const))(
    '%s: never a 5xx, every refusal a contract problem, and a refusal changes nothing',
    async (_id, route) => {
      const caller = callerFor(route);
      const token = caller === undefined ? undefined : county.tokens[caller];
      const sample = await SAMPLES[route.id as keyof typeof SAMPLES](county);
      const method = route.method === 'ANY' ? 'POST' : route.method;
      let before = await businessState();
      await fc.assert(
        fc.asyncProperty(requestFor(route, sample), async (request) => {
          const key = request.idempotencyKey === FRESH_KEY ? `fuzz-${++keyCounter}` : request.idempotencyKey;
          const query =
            request.query === undefined ? '' : `?${new URLSearchParams(request.query).toString()}`;
          const headers: Record<string, string> = { ...request.extraHeaders };
          if (request.contentType !== undefined && request.body !== undefined)
            headers['content-type'] = request.contentType;
          if (key !== undefined) headers['idempotency-key'] = key;
          const answer = await stack.call(method, `${request.path}${query}`, {
            ...(token === undefined ? {} : { token }),
            headers,
            ...(request.body === undefined ? {} : { body: request.body }),
          });
          const where = `${method} ${request.path}${query} → ${answer.status} ${answer.text.slice(0, 300)}`;
          expect(answer.status, where).toBeLessThan(500);
          expect(answer.text, where).not.toMatch(/\n\s+at .+:\d+:\d+/);
          const after = await businessState();
          if (answer.status >= 400) {
            expect(answer.headers['content-type'], where).toBe('application/problem+json');
            const problem = answer.json();
            const code = String(problem.code);
            expect(Object.keys(ERROR_STATUS), where).toContain(code);
            expect(ERROR_STATUS[code as keyof typeof ERROR_STATUS], where).toBe(answer.status);
            expect(problem.status, where).toBe(answer.status);
            expect(changes(before, after), where).toEqual([]);
          }
          before = after;
        }),
        { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true },
      );
    },
    120_000,
  );
});
