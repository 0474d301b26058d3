import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getLedger } from '../../functions/ledger/get-ledger';
import { handler as listRedemptions } from '../../functions/stores/list-redemptions';
import { handler as postRedemption } from '../../functions/stores/post-redemption';
import { handler as postVoid } from '../../functions/stores/post-redemption-void';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { parseSigningSecret, type SigningKeys, signToken } from '../../shared/platform/signed-token';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode, readVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { auditStoreStock } from '../../shared/stores/use-cases/stock';
import { seededRandom } from '../support/fault-injection';
import { type Caller, callers, invoke } from '../support/http';
import { auditLedger } from '../support/ledger-audit';
import { addVolunteer as addSharedVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const REDEEM = 'POST /v1/stores/{storeId}/redemptions';
const VOID = 'POST /v1/stores/{storeId}/redemptions/{id}/void';
const DAY = 'GET /v1/stores/{storeId}/redemptions';

/** 10:00 in China on 2026-11-02; the clock moves a millisecond per reading and jumps when told. */
const START_MS = Date.parse('2026-11-02T02:00:00.000Z');
let clockMs = START_MS;
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};

let table: TestTable;
let runtime: Runtime;
let signing: SigningKeys;

function runtimeFor(env: Record<string, string> = {}): Runtime {
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
    ...env,
  });
  const ledger = new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(5),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  return { ...buildRuntime(config, { client: table.client }), ledger, now: clock };
}

async function addVolunteer(id: string, name: string, points: number): Promise<void> {
  await addSharedVolunteer(runtime, { id, name, points });
}

const codeFor = (volunteerId: string, keysToSign = signing, at = clock()): string =>
  issueVolunteerCode(volunteerId, randomBytes(12).toString('base64url'), at, keysToSign).code;
const codeIdOf = (code: string): string => {
  const reading = readVolunteerCode(code, signing, new Date(0));
  if (reading.status === 'invalid') throw new Error('not a code');
  return reading.codeId;
};

interface Line {
  sku: string;
  qty: number;
  pricePoints: number;
}

let keyCounter = 0;
const freshKey = () => `key-${++keyCounter}`;

const redeem = (
  code: string,
  items: Line[],
  options: { key?: string | null; caller?: Caller; storeId?: string } = {},
) =>
  invoke(postRedemption, {
    routeKey: REDEEM,
    params: { storeId: options.storeId ?? 'S1' },
    body: { code, items },
    caller: options.caller ?? callers.counter('S1'),
    ...(options.key === null ? {} : { headers: { 'idempotency-key': options.key ?? freshKey() } }),
  });

const voidCall = (
  id: string,
  options: { key?: string; caller?: Caller; storeId?: string; reason?: string } = {},
) =>
  invoke(postVoid, {
    routeKey: VOID,
    params: { storeId: options.storeId ?? 'S1', id },
    body: { reason: options.reason ?? '退货 returned' },
    caller: options.caller ?? callers.counter('S1'),
    headers: { 'idempotency-key': options.key ?? freshKey() },
  });

async function balanceOf(volunteerId: string): Promise<{ balance: number; sequence: number }> {
  const account = await runtime.ledger.getAccount(volunteerId);
  return { balance: Number(account?.balance), sequence: Number(account?.sequence) };
}

async function stockOf(sku: string, storeId = 'S1'): Promise<{ stock: number; pricePoints: number }> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.storeItem(storeId, sku), ConsistentRead: true }),
  );
  return { stock: Number(result.Item?.stock), pricePoints: Number(result.Item?.pricePoints) };
}

async function recordById(id: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.redemption(id), ConsistentRead: true }),
  );
  return result.Item;
}
const recordOf = (code: string) => recordById(codeIdOf(code));

/** Balance, sequence and every stock of S1: what "nothing changed" compares. */
async function snapshot(volunteerId: string) {
  return {
    account: await balanceOf(volunteerId),
    stock: await Promise.all(['rice', 'oil', 'soap', 'towel'].map((sku) => stockOf(sku))),
  };
}

beforeAll(async () => {
  table = await freshTable('redeem');
  runtime = runtimeFor();
  installRuntime(runtime);
  signing = await signingKeys(runtime.config);
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
  const catalogue: [string, string, string, number, number][] = [
    ['S1', 'rice', '大米 5kg', 30, 50],
    ['S1', 'oil', '食用油', 45, 3],
    ['S1', 'soap', '肥皂', 5, 100],
    ['S1', 'towel', '毛巾', 12, 10],
    ['S2', 'kettle', '电水壶', 80, 5],
  ];
  for (const [storeId, sku, name, pricePoints, stock] of catalogue) {
    const answer = await invoke(putItem, {
      routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
      params: { storeId, sku },
      body: { name, pricePoints, stock },
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
  await addVolunteer('tan', '谭成华', 500);
  await addVolunteer('wei', '魏仁科', 20);
  await addVolunteer('ma', '马秀英', 1000);
  await addVolunteer('li', '李德明', 1000);
});

afterAll(() => installRuntime(undefined));

describe('POST /v1/stores/{storeId}/redemptions', () => {
  it('hands over goods for points: 201 with lines, total and balance after; points and stock move together', async () => {
    const code = codeFor('tan');

    const answer = await redeem(code, [
      { sku: 'rice', qty: 1, pricePoints: 30 },
      { sku: 'soap', qty: 2, pricePoints: 5 },
      { sku: 'rice', qty: 1, pricePoints: 30 },
    ]);

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      id: codeIdOf(code),
      volunteerId: 'tan',
      storeId: 'S1',
      items: [
        { sku: 'rice', name: '大米 5kg', qty: 2, pricePoints: 30, points: 60 },
        { sku: 'soap', name: '肥皂', qty: 2, pricePoints: 5, points: 10 },
      ],
      pointsSpent: 70,
      balanceAfter: 430,
    });
    expect(typeof answer.body.at).toBe('string');
    expect((await balanceOf('tan')).balance).toBe(430);
    expect((await stockOf('rice')).stock).toBe(48);
    expect((await stockOf('soap')).stock).toBe(98);
    expect(await recordOf(code)).toMatchObject({
      status: 'completed',
      storeId: 'S1',
      counterUserId: 'counter-S1',
    });
    const passbook = await invoke(getLedger, {
      routeKey: 'GET /v1/volunteers/{id}/ledger',
      params: { id: 'tan' },
      caller: callers.volunteer('tan'),
    });
    // The passbook line says where and what: the store's name and the goods, merged lines once.
    expect((passbook.body.entries as Record<string, unknown>[])[0]).toMatchObject({
      kind: 'redeem',
      amount: -70,
      balanceAfter: 430,
      ref: `redemption:${codeIdOf(code)}`,
      details: { storeName: '什川镇爱心超市', goods: '大米 5kg×2、肥皂×2' },
    });
  });

  it('replays the same request with the same key: identical body, Idempotent-Replayed, nothing moves twice', async () => {
    const code = codeFor('tan');
    const items = [{ sku: 'towel', qty: 1, pricePoints: 12 }];
    const first = await redeem(code, items, { key: 'replay-1' });
    const before = await snapshot('tan');

    const again = await redeem(code, items, { key: 'replay-1' });
    const otherBody = await redeem(code, [{ sku: 'towel', qty: 2, pricePoints: 12 }], { key: 'replay-1' });

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(otherBody.status).toBe(422);
    expect(otherBody.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await snapshot('tan')).toEqual(before);
  });

  it('replays a retry that arrives after the code expired, and refuses a new request with it', async () => {
    const code = codeFor('tan');
    const items = [{ sku: 'soap', qty: 1, pricePoints: 5 }];
    const first = await redeem(code, items, { key: 'late-retry' });
    clockMs += 5 * 60 * 1000;

    const late = await redeem(code, items, { key: 'late-retry' });
    const fresh = await redeem(code, items);

    expect(late.status).toBe(201);
    expect(late.body).toEqual(first.body);
    expect(fresh.status).toBe(400);
    expect(fresh.body.code).toBe('CODE_EXPIRED');
  });

  it('CODE_USED: the same code with a new key, at this store or any other, and nothing changes', async () => {
    const code = codeFor('ma');
    expect((await redeem(code, [{ sku: 'soap', qty: 1, pricePoints: 5 }])).status).toBe(201);
    const before = await snapshot('ma');
    const kettleBefore = await stockOf('kettle', 'S2');

    const again = await redeem(code, [{ sku: 'soap', qty: 1, pricePoints: 5 }]);
    const elsewhere = await redeem(code, [{ sku: 'kettle', qty: 1, pricePoints: 80 }], {
      storeId: 'S2',
      caller: callers.counter('S2'),
    });

    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CODE_USED');
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.code).toBe('CODE_USED');
    expect(await snapshot('ma')).toEqual(before);
    expect(await stockOf('kettle', 'S2')).toEqual(kettleBefore);
  });

  it('INSUFFICIENT_POINTS: nothing changes, no record, and the code still works for a smaller basket', async () => {
    const code = codeFor('wei');
    const before = await snapshot('wei');

    const answer = await redeem(code, [
      { sku: 'soap', qty: 1, pricePoints: 5 },
      { sku: 'rice', qty: 1, pricePoints: 30 },
    ]);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'INSUFFICIENT_POINTS', balance: 20 });
    expect(await snapshot('wei')).toEqual(before);
    expect(await recordOf(code)).toBeUndefined();
    expect((await redeem(code, [{ sku: 'soap', qty: 4, pricePoints: 5 }])).body.balanceAfter).toBe(0);
  });

  it('keeps the refusal: the same key and basket after a top-up are refused again, verbatim, and nothing moves', async () => {
    await addVolunteer('kept', '柯记', 10);
    const code = codeFor('kept');
    const basket = [{ sku: 'soap', qty: 3, pricePoints: 5 }];
    const first = await redeem(code, basket, { key: 'kept-redemption' });
    await runtime.ledger.postMovement({
      draft: {
        kind: 'adjust',
        volunteerId: 'kept',
        direction: 'credit',
        amount: 100,
        counterAccount: SYSTEM_ACCOUNT.adjustments,
        ref: 'adjustment:top-up',
        actor: 'admin-1',
      },
      idempotency: { scope: 'user:admin-1', key: 'kept-top-up', fingerprint: 'kept-top-up' },
      respond: () => ({ status: 201, body: {} }),
    });
    const before = await snapshot('kept');
    const again = await redeem(code, basket, { key: 'kept-redemption' });

    expect([first.status, first.body.code]).toEqual([409, 'INSUFFICIENT_POINTS']);
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([409, 'true']);
    expect(again.body).toEqual(first.body);
    expect(await snapshot('kept')).toEqual(before);
    expect(await recordOf(code)).toBeUndefined();
    // The code itself is untouched: with a new key the same basket now goes through.
    expect((await redeem(code, basket)).status).toBe(201);
  });

  it('OUT_OF_STOCK names the line and what is left; nothing changes', async () => {
    const code = codeFor('ma');
    const before = await snapshot('ma');

    const answer = await redeem(code, [
      { sku: 'soap', qty: 1, pricePoints: 5 },
      { sku: 'oil', qty: 4, pricePoints: 45 },
    ]);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'OUT_OF_STOCK', sku: 'oil', stock: 3 });
    expect(await snapshot('ma')).toEqual(before);
    expect(await recordOf(code)).toBeUndefined();
  });

  it('PRICE_CHANGED names the line and its current price; nothing changes', async () => {
    const code = codeFor('ma');
    const before = await snapshot('ma');

    const answer = await redeem(code, [
      { sku: 'soap', qty: 1, pricePoints: 5 },
      { sku: 'rice', qty: 1, pricePoints: 25 },
    ]);

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'PRICE_CHANGED', sku: 'rice', pricePoints: 30 });
    expect(await snapshot('ma')).toEqual(before);
    expect(await recordOf(code)).toBeUndefined();
  });

  it("NOT_FOUND for an unknown SKU and for another store's SKU", async () => {
    const unknown = await redeem(codeFor('ma'), [{ sku: 'caviar', qty: 1, pricePoints: 5 }]);
    const otherStores = await redeem(codeFor('ma'), [{ sku: 'kettle', qty: 1, pricePoints: 80 }]);

    expect(unknown.status).toBe(404);
    expect(otherStores.status).toBe(404);
    expect(otherStores.body.sku).toBe('kettle');
    expect((await stockOf('kettle', 'S2')).stock).toBe(5);
  });

  it('refuses 400 for baskets with one SKU at two prices, and for a missing Idempotency-Key', async () => {
    const twoPrices = await redeem(codeFor('ma'), [
      { sku: 'soap', qty: 1, pricePoints: 5 },
      { sku: 'soap', qty: 1, pricePoints: 6 },
    ]);
    const noKey = await redeem(codeFor('ma'), [{ sku: 'soap', qty: 1, pricePoints: 5 }], { key: null });
    const tooMany = await redeem(codeFor('ma'), [{ sku: 'soap', qty: 100, pricePoints: 5 }]);

    expect(twoPrices.status).toBe(400);
    expect(twoPrices.body.errors).toEqual([
      { path: 'body.items.1.pricePoints', message: expect.any(String) },
    ]);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    expect(tooMany.status).toBe(400);
  });

  it('INVALID_CODE for forged, tampered and other-purpose codes; CODE_EXPIRED for an old one', async () => {
    const forger = parseSigningSecret('forged-secret-that-we-never-issued');
    const basket = [{ sku: 'soap', qty: 1, pricePoints: 5 }];
    const genuine = codeFor('ma');
    const [keyId, , signature] = genuine.split('.');
    const rewritten = Buffer.from(JSON.stringify({ v: 'li', c: codeIdOf(genuine), e: 9e9 })).toString(
      'base64url',
    );
    const before = await snapshot('li');

    const answers = await Promise.all([
      redeem(codeFor('li', forger), basket),
      redeem(`${keyId}.${rewritten}.${signature}`, basket),
      redeem(signToken({ v: 'li', c: 'AAAAAAAAAAAAAAAA', e: 9e9 }, signing, 'ledger-cursor'), basket),
      redeem('hello', basket),
    ]);
    const expired = await redeem(codeFor('li', signing, new Date(clockMs - 121_000)), basket);

    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual(
      Array.from({ length: 4 }, () => [400, 'INVALID_CODE']),
    );
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe('CODE_EXPIRED');
    expect(await snapshot('li')).toEqual(before);
  });

  it("403 for a counter of another store on this store's route, for admins, and for staff serving themself", async () => {
    const basket = [{ sku: 'soap', qty: 1, pricePoints: 5 }];
    const before = await snapshot('li');

    const otherStore = await redeem(codeFor('li'), basket, { caller: callers.counter('S2') });
    const admin = await redeem(codeFor('li'), basket, { caller: callers.admin });
    const noStore = await redeem(codeFor('li'), basket, { caller: { sub: 'c-x', groups: ['counter'] } });
    const self = await redeem(codeFor('li'), basket, {
      caller: {
        ...callers.counter('S1'),
        sub: 'li-at-counter',
        groups: ['counter', 'volunteer'],
        volunteerId: 'li',
      },
    });
    const volunteer = await redeem(codeFor('li'), basket, { caller: callers.volunteer('li') });

    for (const answer of [otherStore, admin, noStore, self, volunteer]) expect(answer.status).toBe(403);
    expect(self.body.detail).toMatch(/yourself/);
    expect(await snapshot('li')).toEqual(before);
  });
});

describe('POST /v1/stores/{storeId}/redemptions/{id}/void', () => {
  it('gives points and stock back exactly once, replays the same key, refuses another: ALREADY_VOIDED', async () => {
    const code = codeFor('li');
    const redeemed = await redeem(code, [
      { sku: 'towel', qty: 2, pricePoints: 12 },
      { sku: 'soap', qty: 3, pricePoints: 5 },
    ]);
    const id = String(redeemed.body.id);
    const afterRedeem = await snapshot('li');

    const voided = await voidCall(id, { key: 'void-1' });
    const replay = await voidCall(id, { key: 'void-1' });
    const second = await voidCall(id, { key: 'void-2' });
    const byAdmin = await voidCall(id, { caller: callers.admin });

    expect(voided.status).toBe(200);
    expect(voided.body).toMatchObject({ id, status: 'voided', balanceAfter: 1000, pointsReturned: 39 });
    expect(replay.body).toEqual(voided.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('ALREADY_VOIDED');
    expect(byAdmin.body.code).toBe('ALREADY_VOIDED');
    const now = await snapshot('li');
    expect(now.account).toEqual({ balance: 1000, sequence: afterRedeem.account.sequence + 1 });
    expect((await stockOf('towel')).stock).toBe((afterRedeem.stock[3]?.stock ?? 0) + 2);
    expect((await stockOf('soap')).stock).toBe((afterRedeem.stock[2]?.stock ?? 0) + 3);
    expect(await recordOf(code)).toMatchObject({ status: 'voided', voidedBy: 'counter-S1' });
    const passbook = await invoke(getLedger, {
      routeKey: 'GET /v1/volunteers/{id}/ledger',
      params: { id: 'li' },
      caller: callers.admin,
    });
    const [voidEntry, redeemEntry] = passbook.body.entries as Record<string, unknown>[];
    expect(voidEntry).toMatchObject({
      kind: 'void',
      amount: 39,
      corrects: redeemEntry?.id,
      memo: '退货 returned',
      details: { storeName: '什川镇爱心超市', goods: '毛巾×2、肥皂×3' },
    });
    expect(redeemEntry).toMatchObject({ details: { storeName: '什川镇爱心超市', goods: '毛巾×2、肥皂×3' } });
  });

  it('404 for an unknown redemption or through another store; 403 for a counter of another store', async () => {
    const redeemed = await redeem(codeFor('li'), [{ sku: 'soap', qty: 1, pricePoints: 5 }]);
    const id = String(redeemed.body.id);

    const unknown = await voidCall('AAAAAAAAAAAAAAAA');
    const wrongPath = await voidCall(id, { storeId: 'S2', caller: callers.counter('S2') });
    const otherCounter = await voidCall(id, { caller: callers.counter('S2') });

    expect(unknown.status).toBe(404);
    expect(wrongPath.status).toBe(404);
    expect(otherCounter.status).toBe(403);
    expect((await recordById(id))?.status).toBe('completed');
  });
});

describe('caps', () => {
  it('keeps a refused void under its key: the same key answers the same 404 again', async () => {
    const first = await voidCall('no-such-redemption', { key: 'kept-void' });
    const again = await voidCall('no-such-redemption', { key: 'kept-void' });

    expect([first.status, first.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([404, 'true']);
    expect(again.body).toEqual(first.body);
  });

  it('429 past the daily spending cap, nothing changed; a void the same day gives the room back', async () => {
    const capped = runtimeFor({ REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: '100' });
    installRuntime(capped);
    try {
      await addVolunteer('cap', '曹操', 1000);
      const first = await redeem(codeFor('cap'), [{ sku: 'rice', qty: 2, pricePoints: 30 }]);
      const before = await snapshot('cap');

      const over = await redeem(codeFor('cap'), [{ sku: 'soap', qty: 9, pricePoints: 5 }]);
      const hugeAlone = await redeem(codeFor('cap'), [{ sku: 'rice', qty: 4, pricePoints: 30 }]);
      const afterRefusals = await snapshot('cap');
      await voidCall(String(first.body.id));
      const afterVoid = await redeem(codeFor('cap'), [{ sku: 'soap', qty: 9, pricePoints: 5 }]);

      expect(first.status).toBe(201);
      expect(over.status).toBe(429);
      expect(over.body).toMatchObject({
        code: 'THROTTLED',
        cap: 'points-per-volunteer-per-day',
        spentToday: 60,
      });
      expect(over.headers['retry-after']).toBe('1');
      expect(hugeAlone.status).toBe(429);
      expect(afterRefusals).toEqual(before);
      expect(afterVoid.status).toBe(201);
    } finally {
      installRuntime(runtime);
    }
  });

  it('429 past the redemptions per counter per minute; the next minute is open again', async () => {
    installRuntime(runtimeFor({ REDEMPTIONS_PER_COUNTER_PER_MINUTE: '2' }));
    try {
      clockMs = Math.ceil(clockMs / 60_000) * 60_000 + 1000;
      const basket = [{ sku: 'soap', qty: 1, pricePoints: 5 }];
      const fast = { caller: { ...callers.counter('S1'), sub: 'fast-counter' } };
      const answers = [];
      for (let index = 0; index < 3; index += 1) answers.push(await redeem(codeFor('ma'), basket, fast));
      const before = await snapshot('ma');
      clockMs += 60_000;
      const nextMinute = await redeem(codeFor('ma'), basket, fast);

      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 429]);
      expect(answers[2]?.body).toMatchObject({ cap: 'redemptions-per-counter-per-minute', limit: 2 });
      const retryAfter = Number(answers[2]?.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(answers[2]?.body.retryAfterSeconds).toBe(retryAfter);
      expect(before.account.balance).toBe(Number(answers[1]?.body.balanceAfter));
      expect(nextMinute.status).toBe(201);
    } finally {
      installRuntime(runtime);
    }
  });
});

describe('GET /v1/stores/{storeId}/redemptions (the day at the counter)', () => {
  it("lists the day's redemptions with masked names and balances points in against goods out", async () => {
    const today = new Date(clockMs + 8 * 3600_000).toISOString().slice(0, 10);

    const answer = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'S1' },
      query: { date: today },
      caller: callers.counter('S1'),
    });
    const byDefault = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'S1' },
      caller: callers.admin,
    });

    expect(answer.status).toBe(200);
    const body = answer.body as {
      date: string;
      redemptions: { volunteerId: string; displayName?: string; status: string; pointsSpent: number }[];
      totals: {
        pointsIn: number;
        goodsOut: { sku: string; qty: number; points: number }[];
        balanced: boolean;
      };
    };
    expect(body.date).toBe(today);
    expect(byDefault.body).toEqual(answer.body);
    expect(body.redemptions.length).toBeGreaterThan(8);
    expect(body.redemptions.find((entry) => entry.volunteerId === 'tan')?.displayName).toBe('谭*华');
    expect(JSON.stringify(body)).not.toContain('谭成华');
    const completed = body.redemptions.filter((entry) => entry.status === 'completed');
    expect(body.redemptions.some((entry) => entry.status === 'voided')).toBe(true);
    expect(body.totals.pointsIn).toBe(completed.reduce((sum, entry) => sum + entry.pointsSpent, 0));
    expect(body.totals.goodsOut.reduce((sum, line) => sum + line.points, 0)).toBe(body.totals.pointsIn);
    expect(body.totals.balanced).toBe(true);
  });

  it('403 for a counter of another store; 400 for a date that is no day; an empty day is balanced', async () => {
    const other = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'S1' },
      caller: callers.counter('S2'),
    });
    const bad = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'S1' },
      query: { date: '2026-02-30' },
      caller: callers.admin,
    });
    const empty = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'S1' },
      query: { date: '2026-10-01' },
      caller: callers.admin,
    });

    expect(other.status).toBe(403);
    expect(bad.status).toBe(400);
    expect(empty.body).toMatchObject({
      redemptions: [],
      totals: { pointsIn: 0, goodsOut: [], balanced: true },
    });
  });

  it('400 for every impossible date (month 00 or 13, day 00 or 32), never a 500; 404 for a store that does not exist', async () => {
    for (const date of ['2026-00-10', '2026-13-01', '2026-01-00', '2026-01-32', '2026-02-30', '9999-99-99']) {
      const answer = await invoke(listRedemptions, {
        routeKey: DAY,
        params: { storeId: 'S1' },
        query: { date },
        caller: callers.admin,
      });
      expect([answer.status, answer.body.code], date).toEqual([400, 'VALIDATION_FAILED']);
    }
    const unknown = await invoke(listRedemptions, {
      routeKey: DAY,
      params: { storeId: 'no-such-store' },
      query: { date: '2026-10-01' },
      caller: callers.admin,
    });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(unknown.body.totals).toBeUndefined();
  });
});

describe('the next day', () => {
  it('a counter may not void yesterday’s redemption (403); an admin may', async () => {
    const redeemed = await redeem(codeFor('ma'), [{ sku: 'rice', qty: 1, pricePoints: 30 }]);
    const balance = (await balanceOf('ma')).balance;
    clockMs += 24 * 3600_000;

    const counter = await voidCall(String(redeemed.body.id));
    const admin = await voidCall(String(redeemed.body.id), { caller: callers.admin });

    expect(counter.status).toBe(403);
    expect(counter.body.detail).toMatch(/same day|day of the redemption/);
    expect(admin.status).toBe(200);
    expect(admin.body.balanceAfter).toBe(balance + 30);
  });

  it('leaves the ledger and every stock consistent with their histories', async () => {
    const ledgerAudit = await auditLedger(table.client, table.tableName);
    const stockAudits = await Promise.all(
      ['S1', 'S2'].map((storeId) => auditStoreStock(storesDeps(runtime), storeId, clock())),
    );

    expect(ledgerAudit.problems).toEqual([]);
    for (const audit of stockAudits) expect(audit.problems).toEqual([]);
    const records = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.storeDayPartition('S1', '2026-11-02') },
      }),
    );
    expect(records.Items?.length).toBeGreaterThan(0);
  });
});
