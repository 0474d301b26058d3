import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { readBalance } from '../../shared/ledger/use-cases/read-ledger';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { redeem } from '../../shared/stores/use-cases/redeem';
import { auditStoreStock } from '../../shared/stores/use-cases/stock';
import { putStore, putStoreItem } from '../../shared/stores/use-cases/stores';
import type { Trip, TripPack } from '../../shared/trips/contract/trips';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import {
  closeTrip,
  getTrip,
  openTrip,
  readPack,
  revokeTrip,
  settleBasket,
} from '../../shared/trips/use-cases/trips';
import { stackToken, startApiStack } from '../support/api-stack';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { auditLedger, movementsOf } from '../support/ledger-audit';
import { addVolunteer, putOrgs } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * The mobile shop's trips on DynamoDB Local (docs/mobile-shop.md): holds placed when a trip opens,
 * baskets settled against them once and never beyond, the end giving back every rest, the books
 * and the van's goods agreeing, under concurrency and injected faults.
 */
let clockMs = Date.parse('2026-12-05T01:00:00.000Z');
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};
const TODAY = '2026-12-05';

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
const VAN: Principal = { userId: 'van-clerk', roles: new Set(['counter']), storeId: 'VAN' };
const OTHER_COUNTER: Principal = { userId: 'clerk-s1', roles: new Set(['counter']), storeId: 'S1' };

let table: TestTable;
let runtime: Runtime;
let serial = 0;

function runtimeOn(client: DynamoDBDocumentClient, seed: number): Runtime {
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
    REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: '300',
  });
  const ledger = new LedgerStore({
    client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(seed),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  return { ...buildRuntime(config, { client }), ledger, now: clock };
}

/** A village of its own with volunteers holding these points, so each test's trip stands apart. */
async function village(points: readonly number[]): Promise<{ orgId: string; volunteers: string[] }> {
  serial += 1;
  const orgId = `v${serial}`;
  await putOrgs([[orgId, { name: `第${serial}村`, level: 'village', parentId: 'shichuan' }]]);
  const volunteers: string[] = [];
  for (const [index, amount] of points.entries()) {
    const id = `${orgId}-p${index}`;
    await addVolunteer(runtime, { id, name: `王小${index}`, points: amount, orgId });
    volunteers.push(id);
  }
  return { orgId, volunteers };
}

const key = (text: string) => ({ key: `${text}-${serial}`, fingerprint: `${text}-${serial}` });

/** Opens a trip as the van's page does: the same request again while it answers 202. */
async function open(
  villages: string[],
  load?: { sku: string; qty: number }[],
  deps = tripsDeps(runtime),
  name = 'open',
): Promise<Trip> {
  const request = { storeId: 'VAN', date: TODAY, villages, ...(load === undefined ? {} : { load }) };
  for (let round = 0; round < 50; round += 1) {
    const answer = await openTrip(deps, VAN, request, key(name));
    if (answer.status === 201) return answer.body as Trip;
    expect(answer.status).toBe(202);
  }
  throw new Error('the trip did not open');
}

async function end(tripId: string, how: 'close' | 'revoke', returned: { sku: string; qty: number }[] = []) {
  for (let round = 0; round < 50; round += 1) {
    const answer =
      how === 'close'
        ? await closeTrip(tripsDeps(runtime), VAN, tripId, { returned }, key(`close-${tripId}`))
        : await revokeTrip(
            tripsDeps(runtime),
            ADMIN,
            tripId,
            { reason: '手机丢失' },
            key(`revoke-${tripId}`),
          );
    if (answer.status === 200) return answer.body as Trip;
    expect(answer.status).toBe(202);
  }
  throw new Error('the trip did not end');
}

const basket = (volunteerId: string, soap: number, extra: Record<string, unknown> = {}) => ({
  volunteerId,
  items: [{ sku: 'soap', qty: soap }],
  pointsSpent: soap * 10,
  recordedAt: '2026-12-05T10:00+08:00',
  via: 'card' as const,
  ...extra,
});

const outcome = async (promise: Promise<unknown>): Promise<string> => {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

const balanceOf = (volunteerId: string) => readBalance(ledgerAreaDeps(runtime), ADMIN, volunteerId);

const kindsOf = async (volunteerId: string): Promise<string[]> =>
  (await movementsOf(table.client, table.tableName, volunteerId)).map((movement) => String(movement.kind));

async function stockOf(storeId: string, sku: string): Promise<number> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.storeItem(storeId, sku), ConsistentRead: true }),
  );
  return Number(result.Item?.stock);
}

/** What should come back on the van: out − redeemed, as the close form prefills it. */
async function left(tripId: string): Promise<{ sku: string; qty: number }[]> {
  const trip = await getTrip(tripsDeps(runtime), VAN, tripId);
  return trip.goods.map((good) => ({ sku: good.sku, qty: good.out - good.redeemed }));
}

async function booksBalance(): Promise<void> {
  expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
  expect((await auditStoreStock(storesDeps(runtime), 'VAN', clock())).problems).toEqual([]);
}

beforeAll(async () => {
  table = await freshTable('trips');
  runtime = runtimeOn(table.client, 7);
  // The organisations go in through the API's own handler, which reads the installed runtime.
  installRuntime(runtime);
  await signingKeys(runtime.config);
  await putOrgs([
    ['gaolan', { name: '皋兰县', level: 'county' }],
    ['shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' }],
  ]);
  await putStore(storesDeps(runtime), ADMIN, 'VAN', { name: '流动爱心超市', kind: 'mobile' });
  await putStore(storesDeps(runtime), ADMIN, 'S1', { name: '什川镇爱心超市', kind: 'fixed' });
  await putStoreItem(storesDeps(runtime), ADMIN, 'VAN', 'soap', {
    name: '肥皂',
    pricePoints: 10,
    stock: 10_000,
  });
  await putStoreItem(storesDeps(runtime), ADMIN, 'VAN', 'oil', { name: '食用油', pricePoints: 45, stock: 2 });
  await putStoreItem(storesDeps(runtime), ADMIN, 'S1', 'soap', { name: '肥皂', pricePoints: 10, stock: 500 });
}, 60_000);

afterAll(() => installRuntime(undefined));

describe('opening a trip', () => {
  it("holds each volunteer's allowance, min(balance, the daily cap), as a ledger movement: the balance shows available and held", async () => {
    const { orgId, volunteers } = await village([1000, 120, 0]);
    const [rich, modest, empty] = volunteers as [string, string, string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 50 }]);
    expect([trip.ready, trip.volunteers, trip.volunteersHeld, trip.pointsHeld]).toEqual([true, 3, 2, 420]);
    expect(await balanceOf(rich)).toMatchObject({ balance: 700, held: 300 });
    expect(await balanceOf(modest)).toMatchObject({ balance: 0, held: 120 });
    expect(await balanceOf(empty)).toMatchObject({ balance: 0, held: 0 });
    expect(await kindsOf(rich)).toEqual(['earn', 'hold']);
    expect(await kindsOf(empty)).toEqual([]);

    const pack = (await readPack(tripsDeps(runtime), VAN, trip.id)) as TripPack;
    expect(pack.volunteers.map((one) => [one.volunteerId, one.displayName, one.allowance])).toEqual([
      [rich, '王*0', 300],
      [modest, '王*1', 120],
      [empty, '王*2', 0],
    ]);
    expect(pack.trip.goods).toEqual([{ sku: 'soap', name: '肥皂', pricePoints: 10, out: 50, redeemed: 0 }]);

    // The same request again answers the same and holds nothing more.
    const again = await openTrip(
      tripsDeps(runtime),
      VAN,
      { storeId: 'VAN', date: TODAY, villages: [orgId], load: [{ sku: 'soap', qty: 50 }] },
      key('open'),
    );
    expect([again.status, again.replayed, (again.body as Trip).id]).toEqual([201, true, trip.id]);
    expect(await balanceOf(rich)).toMatchObject({ balance: 700, held: 300 });
    await booksBalance();
  });

  it('answers 202 with how far it got when its time is spent, and the same request again goes on to 201', async () => {
    const { orgId, volunteers } = await village(Array.from({ length: 20 }, () => 50));
    const hurried = { ...tripsDeps(runtime), stepBudgetMs: 0 };
    const request = { storeId: 'VAN', date: TODAY, villages: [orgId] };
    const first = await openTrip(hurried, VAN, request, key('slow'));
    expect(first.status).toBe(202);
    expect((first.body as Trip).ready).toBe(false);
    expect(await outcome(readPack(hurried, VAN, (first.body as Trip).id))).toBe('TRIP_STATE');
    const trip = await open([orgId], undefined, hurried, 'slow');
    expect([trip.volunteers, trip.pointsHeld]).toEqual([20, 1000]);
    for (const volunteerId of volunteers) expect(await kindsOf(volunteerId)).toEqual(['earn', 'hold']);
    await booksBalance();
  });

  it('is refused for another store, and for the same key with another request', async () => {
    const { orgId } = await village([10]);
    expect(
      await outcome(
        openTrip(
          tripsDeps(runtime),
          OTHER_COUNTER,
          { storeId: 'VAN', date: TODAY, villages: [orgId] },
          key('x'),
        ),
      ),
    ).toBe('FORBIDDEN');
    await open([orgId], [{ sku: 'soap', qty: 1 }], tripsDeps(runtime), 'reuse');
    expect(
      await outcome(
        openTrip(
          tripsDeps(runtime),
          VAN,
          { storeId: 'VAN', date: TODAY, villages: [orgId], load: [{ sku: 'soap', qty: 2 }] },
          { key: `reuse-${serial}`, fingerprint: 'another request' },
        ),
      ),
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await outcome(open([orgId], [{ sku: 'oil', qty: 3 }], tripsDeps(runtime), 'too-much'))).toBe(
      'OUT_OF_STOCK',
    );
  });
});

describe('baskets made at the van', () => {
  it('settle against the hold once: the balance stays, the hold shrinks, the passbook says release and redeem', async () => {
    const { orgId, volunteers } = await village([200]);
    const [rider] = volunteers as [string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 100 }]);
    const stockBefore = await stockOf('VAN', 'soap');
    const first = await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(rider, 3), {
      key: 'b1',
      fingerprint: 'b1',
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ pointsSpent: 30, allowanceLeft: 170, volunteerId: rider });
    const again = await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(rider, 3), {
      key: 'b1',
      fingerprint: 'b1',
    });
    expect([again.status, again.replayed]).toEqual([201, true]);
    expect(await balanceOf(rider)).toMatchObject({ balance: 0, held: 170 });
    expect(await kindsOf(rider)).toEqual(['earn', 'hold', 'release', 'redeem']);
    expect(await stockOf('VAN', 'soap')).toBe(stockBefore - 3);
    const now = await getTrip(tripsDeps(runtime), VAN, trip.id);
    expect([now.baskets, now.pointsSpent, now.goods[0]?.redeemed]).toEqual([1, 30, 3]);

    expect(
      await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(rider, 18), key('over'))),
    ).toBe('INSUFFICIENT_POINTS');
    expect(
      await outcome(
        settleBasket(tripsDeps(runtime), VAN, trip.id, basket(rider, 1, { pointsSpent: 5 }), key('cheap')),
      ),
    ).toBe('PRICE_CHANGED');
    expect(
      await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket('stranger', 1), key('stranger'))),
    ).toBe('NOT_FOUND');
    expect(
      await outcome(
        settleBasket(tripsDeps(runtime), OTHER_COUNTER, trip.id, basket(rider, 1), key('foreign')),
      ),
    ).toBe('FORBIDDEN');
    expect(await balanceOf(rider)).toMatchObject({ balance: 0, held: 170 });
    await booksBalance();
  });

  it('never take more than the van took out of an item', async () => {
    const { orgId, volunteers } = await village([300, 300]);
    const [a, b] = volunteers as [string, string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 4 }]);
    expect(await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(a, 3), key('a')))).toBe('OK');
    expect(await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(b, 2), key('b')))).toBe(
      'OUT_OF_STOCK',
    );
    expect(await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(b, 1), key('b1')))).toBe('OK');
    await booksBalance();
  });

  it('held points cannot be spent at another counter, and twenty baskets at once never overspend a hold', async () => {
    const { orgId, volunteers } = await village([400]);
    const [rider] = volunteers as [string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 100 }]);
    // 300 held (the cap), 100 left to spend elsewhere.
    const signing = await signingKeys(runtime.config);
    const code = issueVolunteerCode(rider, 'c'.repeat(16) + String(serial), clock(), signing).code;
    const elsewhere = await outcome(
      redeem(
        storesDeps(runtime),
        OTHER_COUNTER,
        'S1',
        { code, items: [{ sku: 'soap', qty: 11, pricePoints: 10 }] },
        key('s1'),
      ),
    );
    expect(elsewhere).toBe('INSUFFICIENT_POINTS');

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        outcome(
          settleBasket(tripsDeps(runtime), VAN, trip.id, basket(rider, 4), {
            key: `race-${index}`,
            fingerprint: `r${index}`,
          }),
        ),
      ),
    );
    expect(results.filter((result) => result === 'OK')).toHaveLength(7);
    expect(
      results.filter((result) => result !== 'OK').every((result) => result === 'INSUFFICIENT_POINTS'),
    ).toBe(true);
    expect(await balanceOf(rider)).toMatchObject({ balance: 100, held: 20 });
    await booksBalance();
  });
});

describe('ending a trip', () => {
  it('收车 gives back every rest, takes the returned goods and reconciles: 账物相符', async () => {
    const { orgId, volunteers } = await village([100, 50]);
    const [a, b] = volunteers as [string, string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 20 }]);
    await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(a, 4), key('a'));
    await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(b, 5), key('b'));
    const stockBefore = await stockOf('VAN', 'soap');
    const closed = await end(trip.id, 'close', [{ sku: 'soap', qty: 11 }]);
    expect(closed.status).toBe('closed');
    expect([closed.pointsHeld, closed.pointsSpent, closed.pointsReleased]).toEqual([150, 90, 60]);
    expect(closed.goods[0]).toMatchObject({ out: 20, redeemed: 9, returned: 11 });
    expect(closed.reconciliation).toEqual({ balanced: true, mismatches: [] });
    expect(await balanceOf(a)).toMatchObject({ balance: 60, held: 0 });
    expect(await balanceOf(b)).toMatchObject({ balance: 0, held: 0 });
    expect(await kindsOf(a)).toEqual(['earn', 'hold', 'release', 'redeem', 'release']);
    expect(await stockOf('VAN', 'soap')).toBe(stockBefore);
    // Nothing more sells on it, and closing again answers the same.
    expect(await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(a, 1), key('late')))).toBe(
      'TRIP_STATE',
    );
    expect((await end(trip.id, 'close', [{ sku: 'soap', qty: 11 }])).pointsReleased).toBe(60);
    expect(await outcome(end(trip.id, 'revoke'))).toBe('TRIP_STATE');
    await booksBalance();
  });

  it('a short count back shows the goods that do not agree and writes the loss off the store', async () => {
    const { orgId, volunteers } = await village([100]);
    const trip = await open([orgId], [{ sku: 'soap', qty: 10 }]);
    await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(volunteers[0] as string, 2), key('a'));
    const stockBefore = await stockOf('VAN', 'soap');
    const closed = await end(trip.id, 'close', [{ sku: 'soap', qty: 7 }]);
    expect(closed.reconciliation).toEqual({
      balanced: false,
      mismatches: [{ kind: 'goods', id: 'soap', expected: 10, accounted: 9 }],
    });
    expect(await stockOf('VAN', 'soap')).toBe(stockBefore - 1);
    await booksBalance();
  });

  it('the office revokes a lost phone’s trip: baskets settled before stand, later ones are refused, every hold is given back', async () => {
    const { orgId, volunteers } = await village([100]);
    const [a] = volunteers as [string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 10 }]);
    await settleBasket(tripsDeps(runtime), VAN, trip.id, basket(a, 2), key('before'));
    const revoked = await end(trip.id, 'revoke');
    expect([revoked.status, revoked.revokeReason, revoked.pointsReleased]).toEqual([
      'revoked',
      '手机丢失',
      80,
    ]);
    expect(await outcome(settleBasket(tripsDeps(runtime), VAN, trip.id, basket(a, 1), key('after')))).toBe(
      'TRIP_STATE',
    );
    expect(await outcome(readPack(tripsDeps(runtime), VAN, trip.id))).toBe('TRIP_STATE');
    expect(await balanceOf(a)).toMatchObject({ balance: 80, held: 0 });
    await booksBalance();
  });
});

describe('over HTTP', () => {
  it('a basket sent again answers as the first time, from any user: a refusal with its status, a settlement without moving again', async () => {
    const { orgId, volunteers } = await village([100]);
    const [rider] = volunteers as [string];
    const trip = await open([orgId], [{ sku: 'soap', qty: 50 }]);
    const stack = await startApiStack({
      TABLE_NAME: table.tableName,
      DYNAMODB_ENDPOINT: table.endpoint,
      REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: '300',
    });
    try {
      const van = stackToken({ sub: 'van-clerk', groups: ['counter'], storeId: 'VAN' });
      const office = stackToken({ sub: 'office-1', groups: ['admin'] });
      const send = (token: string, basketKey: string, soap: number) =>
        stack.call('POST', `/v1/trips/${trip.id}/baskets`, {
          token,
          json: basket(rider, soap),
          headers: { 'idempotency-key': basketKey },
        });
      const refused = await send(van, `too-much-${serial}`, 11);
      expect([refused.status, refused.json().code, refused.json().balance]).toEqual([
        409,
        'INSUFFICIENT_POINTS',
        100,
      ]);
      const refusedAgain = await send(van, `too-much-${serial}`, 11);
      expect([refusedAgain.status, refusedAgain.headers['idempotent-replayed']]).toEqual([409, 'true']);

      const settled = await send(van, `paper-${serial}-1`, 3);
      expect([settled.status, settled.json().allowanceLeft]).toEqual([201, 70]);
      // The paper sheet's line typed in again at the office: the same basket, settled once.
      const typedAgain = await send(office, `paper-${serial}-1`, 3);
      expect([typedAgain.status, typedAgain.headers['idempotent-replayed'], typedAgain.json().id]).toEqual([
        201,
        'true',
        settled.json().id,
      ]);
      expect(await balanceOf(rider)).toMatchObject({ balance: 0, held: 70 });
      expect(await kindsOf(rider)).toEqual(['earn', 'hold', 'release', 'redeem']);

      const balance = await stack.call('GET', `/v1/volunteers/${rider}/balance`, { token: office });
      expect(balance.json()).toMatchObject({ balance: 0, held: 70 });
    } finally {
      await stack.close();
    }
  });
});

describe('under injected faults', () => {
  it('opening, baskets and closing retried through lost answers, conflicts and throttling count exactly once', async () => {
    const { orgId, volunteers } = await village([100, 100, 100, 100, 100]);
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(faulty, { seed: Number(process.env.FAULT_SEED ?? 17), rate: 0.25 });
    const shaky = tripsDeps(runtimeOn(faulty, 5));
    /** What the van's page does: the same request with the same key until it gets an answer. */
    const retried = async <T>(attempt: () => Promise<T>): Promise<T> => {
      for (let round = 0; round < 30; round += 1) {
        try {
          return await attempt();
        } catch (error) {
          if (error instanceof AppError && error.code !== 'UNAVAILABLE') throw error;
          if (!(error instanceof AppError) && !(error instanceof Error)) throw error;
        }
      }
      throw new Error('gave up');
    };
    const request = { storeId: 'VAN', date: TODAY, villages: [orgId], load: [{ sku: 'soap', qty: 50 }] };
    let trip: Trip | undefined;
    for (let round = 0; round < 30 && trip === undefined; round += 1) {
      const answer = await retried(() => openTrip(shaky, VAN, request, key('faulty-open')));
      if (answer.status === 201) trip = answer.body as Trip;
    }
    if (trip === undefined) throw new Error('the trip did not open');
    const tripId = trip.id;
    for (const [index, volunteerId] of volunteers.entries()) {
      const made = await retried(() =>
        settleBasket(shaky, VAN, tripId, basket(volunteerId, 3), {
          key: `fb-${index}`,
          fingerprint: `fb-${index}`,
        }),
      );
      expect(made.body).toMatchObject({ pointsSpent: 30 });
    }
    let closed: Trip | undefined;
    for (let round = 0; round < 30 && closed === undefined; round += 1) {
      const answer = await retried(() =>
        closeTrip(shaky, VAN, tripId, { returned: [{ sku: 'soap', qty: 35 }] }, key('faulty-close')),
      );
      if (answer.status === 200) closed = answer.body as Trip;
    }
    log.enabled = false;
    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(log.injected['transaction-conflict']).toBeGreaterThan(0);
    expect(closed?.reconciliation).toEqual({ balanced: true, mismatches: [] });
    for (const volunteerId of volunteers) {
      expect(await balanceOf(volunteerId)).toMatchObject({ balance: 70, held: 0 });
      expect(await kindsOf(volunteerId)).toEqual(['earn', 'hold', 'release', 'redeem', 'release']);
    }
    await booksBalance();
  });
});

describe('the property, on the store', () => {
  it('any order of offline baskets (some beyond the hold), repeated syncs and the trip’s end: no negative balance, holds conserved, the books balance', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 3 }),
        fc.array(
          fc.record({
            who: fc.nat(),
            soap: fc.integer({ min: 1, max: 25 }),
            repeat: fc.boolean(),
          }),
          { maxLength: 8 },
        ),
        fc.nat(),
        fc.boolean(),
        async (points, baskets, endAt, revoke) => {
          const { orgId, volunteers } = await village(points);
          const trip = await open([orgId], [{ sku: 'soap', qty: 100 }]);
          const ending = endAt % (baskets.length + 1);
          // The first answer of each basket key, and what each volunteer spent by the model.
          const answered = new Map<string, string>();
          const sentWith = new Map<string, { who: number; soap: number }>();
          const spent = volunteers.map(() => 0);
          let ended = false;
          for (const [index, made] of baskets.entries()) {
            if (index === ending) {
              await end(trip.id, revoke ? 'revoke' : 'close', await left(trip.id));
              ended = true;
            }
            const earlier = [...answered.keys()];
            const repeated =
              made.repeat && earlier.length > 0 ? earlier[made.who % earlier.length] : undefined;
            // A repeat is the same basket sent again: its key and its body.
            const basketKey = repeated ?? `p${serial}-${index}`;
            const sent = sentWith.get(basketKey) ?? { who: made.who % volunteers.length, soap: made.soap };
            sentWith.set(basketKey, sent);
            const who = sent.who;
            const result = await outcome(
              settleBasket(tripsDeps(runtime), VAN, trip.id, basket(volunteers[who] as string, sent.soap), {
                key: basketKey,
                fingerprint: basketKey,
              }),
            );
            const first = answered.get(basketKey);
            if (first !== undefined) {
              // A basket sent again changes nothing: a settled one answers as the first time (a
              // refusal is kept by the HTTP layer, not here: it stays a refusal).
              if (first === 'OK') expect(result).toBe('OK');
              else expect(result).not.toBe('OK');
              continue;
            }
            answered.set(basketKey, result);
            if (ended) expect(result).toBe('TRIP_STATE');
            else expect(['OK', 'INSUFFICIENT_POINTS', 'OUT_OF_STOCK']).toContain(result);
            if (result === 'OK') spent[who] = (spent[who] as number) + sent.soap * 10;
          }
          const final = ended
            ? await getTrip(tripsDeps(runtime), VAN, trip.id)
            : await end(trip.id, 'close', await left(trip.id));
          expect(final.reconciliation?.balanced).toBe(true);
          expect(final.pointsHeld).toBe(final.pointsSpent + final.pointsReleased);
          expect(final.pointsSpent).toBe(spent.reduce((sum, one) => sum + one, 0));
          for (const [index, volunteerId] of volunteers.entries()) {
            // Every point held came back but what the van's baskets spent.
            expect(await balanceOf(volunteerId)).toMatchObject({
              balance: (points[index] as number) - (spent[index] as number),
              held: 0,
            });
          }
        },
      ),
      { numRuns: 20, seed: 20261204 },
    );
    // The audit reads the whole table: once, over every run's trips.
    await booksBalance();
  }, 120_000);
});
