import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDisclosure } from '../../functions/donations/get-disclosure';
import { handler as postRedemption } from '../../functions/stores/post-redemption';
import { handler as postVoid } from '../../functions/stores/post-redemption-void';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import type { SigningKeys } from '../../shared/platform/signed-token';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { seededRandom } from '../support/fault-injection';
import { callers, invoke, invokeRaw } from '../support/http';
import { addVolunteer, putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * 公示 over the handlers on DynamoDB Local: store names and the goods redeemed at each store, the
 * Cache-Control of a finished month and of the month under way, and the CSV.
 */
const DISCLOSURE = 'GET /v1/disclosure';

/** 10:00 in China on 2026-11-16; the clock moves a millisecond per reading and jumps when told. */
let clockMs = Date.parse('2026-11-16T02:00:00.000Z');
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};
const NOVEMBER = '2026-11';
const OCTOBER = '2026-10';

let table: TestTable;
let runtime: Runtime;
let signing: SigningKeys;
let keyCounter = 0;
const freshKey = () => `disclosure-${++keyCounter}`;

/** Three volunteers with points, in villages of 什川镇 and 石洞镇 in turn. */
const PEOPLE = [
  ['v01', '谭成华'],
  ['v02', '魏仁科'],
  ['v03', '马秀英'],
] as const;

const redeem = async (volunteerId: string, storeId: string, items: { sku: string; qty: number }[]) => {
  const code = issueVolunteerCode(volunteerId, randomBytes(12).toString('base64url'), clock(), signing).code;
  const answer = await invoke(postRedemption, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions',
    params: { storeId },
    body: { code, items: items.map((line) => ({ ...line, pricePoints: 5 })) },
    caller: callers.counter(storeId),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
};

const notice = async (month: string) => {
  const answer = await invoke(getDisclosure, { routeKey: DISCLOSURE, query: { month } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
};

beforeAll(async () => {
  table = await freshTable('disclosure');
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
  });
  const ledger = new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(23),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  runtime = { ...buildRuntime(config, { client: table.client }), ledger, now: clock };
  installRuntime(runtime);
  signing = await signingKeys(runtime.config);
  await putOrgs(SMALL_TREE);
  for (const [storeId, name, kind] of [
    ['S1', '什川镇爱心超市', 'fixed'],
    ['S2', '流动爱心超市一号车', 'mobile'],
  ] as const) {
    const answer = await invoke(putStore, {
      routeKey: 'PUT /v1/stores/{storeId}',
      params: { storeId },
      body: { name, kind },
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
  for (const [storeId, sku, name, stock] of [
    ['S1', 'soap', '肥皂', 100],
    ['S1', 'towel', '毛巾', 10],
    ['S2', 'soap', '肥皂', 40],
  ] as const) {
    const answer = await invoke(putItem, {
      routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
      params: { storeId, sku },
      body: { name, pricePoints: 5, stock },
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
  // October first: three volunteers' points, so October is a finished month with movements.
  clockMs = Date.parse('2026-10-20T02:00:00.000Z');
  for (const [index, [id, name]] of PEOPLE.entries()) {
    await addVolunteer(runtime, {
      id,
      name,
      points: 200,
      orgId: index % 2 === 0 ? 'shangche' : 'wenshan',
    });
  }
  clockMs = Date.parse('2026-11-16T02:00:00.000Z');
  // November's redemptions: S1 肥皂×2 毛巾×1, 肥皂×3, and 肥皂×1 voided; S2 肥皂×4.
  await redeem('v01', 'S1', [
    { sku: 'soap', qty: 2 },
    { sku: 'towel', qty: 1 },
  ]);
  await redeem('v02', 'S1', [{ sku: 'soap', qty: 3 }]);
  const voided = await redeem('v03', 'S1', [{ sku: 'soap', qty: 1 }]);
  const answer = await invoke(postVoid, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions/{id}/void',
    params: { storeId: 'S1', id: voided },
    body: { reason: '退货 returned' },
    caller: callers.counter('S1'),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status).toBe(200);
  await redeem('v03', 'S2', [{ sku: 'soap', qty: 4 }]);
}, 60_000);

afterAll(() => installRuntime(undefined));

describe('stores in the notice', () => {
  it('names each store and lists the units of each item redeemed there in the month, voided ones not counted', async () => {
    // Act
    const { body, headers } = await notice(NOVEMBER);
    // Assess
    const stores = body.stores as { storeId: string; name: string; goods: unknown[]; stockOnHand: number }[];
    expect(stores.map((store) => [store.storeId, store.name, store.goods])).toEqual([
      [
        'S1',
        '什川镇爱心超市',
        [
          { name: '肥皂', qty: 5 },
          { name: '毛巾', qty: 1 },
        ],
      ],
      ['S2', '流动爱心超市一号车', [{ name: '肥皂', qty: 4 }]],
    ]);
    expect(stores.map((store) => store.stockOnHand)).toEqual([100 + 10 - 5 - 1, 40 - 4]);
    // The month under way changes with every redemption: never kept by a browser or a proxy.
    expect(headers['cache-control']).toBe('no-store');
  });

  it('lists no goods for a month without redemptions, and lets a finished month be kept an hour', async () => {
    // Act
    const { body, headers } = await notice(OCTOBER);
    // Assess
    const stores = body.stores as { goods: unknown[] }[];
    expect(stores.map((store) => store.goods)).toEqual([[], []]);
    expect(headers['cache-control']).toBe('public, max-age=3600');
  });
});

describe('公示 as CSV', () => {
  it('has the store names and the goods redeemed', async () => {
    // Act
    const result = await invokeRaw(getDisclosure, {
      routeKey: DISCLOSURE,
      query: { month: NOVEMBER, format: 'csv' },
    });
    // Assess
    const csv = String(result.body);
    expect(result.headers?.['cache-control']).toBe('no-store');
    expect(csv).toContain('S1,什川镇爱心超市,');
    expect(csv).toContain(',肥皂×5；毛巾×1\r\n');
    expect(csv).toContain('S2,流动爱心超市一号车,');
  });
});
