import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { freshTable } from './support';

/**
 * 积分能换什么: a volunteer sees every shop's goods and prices, whether each is in stock (never the
 * counts), a fixed shop's place and the van's weekly stops by village name.
 */
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);

beforeAll(async () => {
  const table = await freshTable('catalogue');
  stack = await startApiStack({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('GET /v1/catalogue', () => {
  it("shows a volunteer the goods cheapest first, in stock or not, and the van's stops by village, Monday first", async () => {
    const van = await stack.call('PUT', '/v1/stores/S2', {
      token: admin,
      json: {
        name: '流动爱心超市',
        kind: 'mobile',
        schedule: [
          { orgId: 'wenshan', weekday: 5, from: '14:00', to: '16:00' },
          { orgId: 'shangche', weekday: 3, from: '09:00', to: '11:00' },
        ],
      },
    });
    expect(van.status, van.text).toBe(200);
    expect(van.json().schedule).toHaveLength(2);
    await stack.call('PUT', '/v1/stores/S1/items/towel', {
      token: admin,
      json: { name: '毛巾', pricePoints: 15 },
    });
    await stack.call('PUT', '/v1/stores/S1', {
      token: admin,
      json: { name: '什川镇爱心超市', kind: 'fixed', orgId: 'shichuan' },
    });

    const answer = await stack.call('GET', '/v1/catalogue', { token: county.tokens.volunteerSelf });
    expect(answer.status).toBe(200);
    const stores = answer.json().stores as {
      storeId: string;
      kind: string;
      placeName?: string;
      schedule: { placeName: string; weekday: number }[];
      items: Record<string, unknown>[];
    }[];
    expect(stores.map((store) => [store.storeId, store.kind])).toEqual([
      ['S1', 'fixed'],
      ['S2', 'mobile'],
    ]);
    expect(stores[0]?.placeName).toBe('什川镇');
    expect(stores[0]?.items).toEqual([
      { sku: 'soap', name: '肥皂', pricePoints: 5, available: true },
      { sku: 'towel', name: '毛巾', pricePoints: 15, available: false },
    ]);
    expect(stores[1]?.schedule.map((stop) => [stop.weekday, stop.placeName])).toEqual([
      [3, '上车村'],
      [5, '文山村'],
    ]);
  });

  it('refuses a stop in no village and a stop that ends before it starts, pointing at the field', async () => {
    const put = (schedule: unknown) =>
      stack.call('PUT', '/v1/stores/S2', {
        token: admin,
        json: { name: '流动爱心超市', kind: 'mobile', schedule },
      });
    const nowhere = await put([{ orgId: 'atlantis', weekday: 1, from: '09:00', to: '10:00' }]);
    const backwards = await put([{ orgId: 'shangche', weekday: 1, from: '10:00', to: '09:00' }]);
    expect([nowhere.status, nowhere.json().errors]).toEqual([
      400,
      [{ path: 'body.schedule.0.orgId', message: 'no such organisation' }],
    ]);
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.json().errors)).toContain('body.schedule.0.to');
  });
});

describe('stock history and low-stock marks', () => {
  it("lists an item's changes newest first, with the stock after each, page by page", async () => {
    const clerk = county.tokens.counterOfStore;
    for (const delta of [10, -3])
      await stack.call('POST', '/v1/stores/S1/items/soap/stock', {
        token: admin,
        json: { delta, reason: delta > 0 ? '补货' : '破损' },
        headers: { 'idempotency-key': `history-${delta}` },
      });
    const first = (
      await stack.call('GET', '/v1/stores/S1/items/soap/history?limit=2', { token: clerk })
    ).json() as {
      movements: { delta: number; stockAfter: number; reason: string; at: string }[];
      nextBefore: string | null;
    };
    expect(first.movements.map((movement) => [movement.delta, movement.reason])).toEqual([
      [-3, '破损'],
      [10, '补货'],
    ]);
    expect(first.movements[0]?.stockAfter).toBe((first.movements[1]?.stockAfter ?? 0) - 3);
    expect(first.nextBefore).toBe(first.movements[1]?.at);
    const older = (
      await stack.call('GET', `/v1/stores/S1/items/soap/history?limit=50&before=${first.nextBefore}`, {
        token: clerk,
      })
    ).json() as { movements: { kind: string }[]; nextBefore: string | null };
    // The first stock (the seed's redemption of one bar is in the shop's day list, not here).
    expect(older.movements.map((movement) => movement.kind)).toEqual(['initial']);
    expect(older.nextBefore).toBeNull();
    const elsewhere = await stack.call('GET', '/v1/stores/S1/items/soap/history', {
      token: county.tokens.counterOfOtherStore,
    });
    expect(elsewhere.status).toBe(403);
  });

  it('names who made each change, masked, and never by account id alone', async () => {
    // Prepare: the seeded clerk of S1 signs in with a password (their own, after the first)
    const signedIn = async (password: string) =>
      (
        await stack.call('POST', '/v1/auth/sign-in', {
          json: { username: county.clerk.username, password },
        })
      ).json() as { accessToken: string; refreshToken: string };
    const first = await signedIn(county.clerk.password);
    const own = '什川镇柜台 自己的 密码 2026';
    await stack.call('POST', '/v1/auth/password', {
      token: first.accessToken,
      json: { currentPassword: county.clerk.password, newPassword: own },
    });
    const clerk = (await signedIn(own)).accessToken;

    // Act: the clerk writes off a bar; the admin (a token with no staff account) restocks one
    const writeOff = await stack.call('POST', '/v1/stores/S1/items/soap/stock', {
      token: clerk,
      json: { delta: -1, reason: '受潮' },
      headers: { 'idempotency-key': 'history-by-clerk' },
    });
    expect(writeOff.status, writeOff.text).toBe(200);
    await stack.call('POST', '/v1/stores/S1/items/soap/stock', {
      token: admin,
      json: { delta: 1, reason: '补货' },
      headers: { 'idempotency-key': 'history-by-admin' },
    });
    const history = (
      await stack.call('GET', '/v1/stores/S1/items/soap/history?limit=2', { token: clerk })
    ).json() as { movements: { reason: string; actor: string; actorName?: string }[] };

    // Assess: the clerk's account name (什川镇柜台), masked; the admin's change keeps its id only
    expect(history.movements.map((movement) => [movement.reason, movement.actorName])).toEqual([
      ['补货', undefined],
      ['受潮', '什***台'],
    ]);
    expect(history.movements[1]?.actor).toBe(county.clerk.userId);
  });

  it('marks an item low at or under its mark, and only then', async () => {
    const put = (lowStockAt?: number) =>
      stack.call('PUT', '/v1/stores/S2/items/soap', {
        token: admin,
        json: { name: '肥皂', pricePoints: 5, ...(lowStockAt === undefined ? {} : { lowStockAt }) },
      });
    const stock = Number((await put(499)).json().stock);
    expect(stock).toBe(500);
    const items = async () =>
      (
        (await stack.call('GET', '/v1/stores/S2/items', { token: admin })).json().items as Record<
          string,
          unknown
        >[]
      ).find((item) => item.sku === 'soap');
    expect(await items()).toMatchObject({ lowStockAt: 499, low: false });
    await put(500);
    expect(await items()).toMatchObject({ lowStockAt: 500, low: true });
    await put();
    expect(await items()).not.toHaveProperty('low');
  });

  it("keeps an item's 参考价值 in fen, values the goods that had none by it in the finance view, and shows it to no volunteer", async () => {
    // Prepare: soap at S1 came as its first stock (no value of its own); the county redeemed some.
    const put = (extra: Record<string, unknown>) =>
      stack.call('PUT', '/v1/stores/S1/items/soap', {
        token: admin,
        json: { name: '肥皂', pricePoints: 5, ...extra },
      });
    const finance = async () =>
      (
        (await stack.call('GET', `/v1/reports/goods-redeemed?month=${county.month}`, { token: admin })).json()
          .stores as { storeId: string; units: number; estimatedFen: number; unvaluedUnits: number }[]
      ).find((row) => row.storeId === 'S1');
    // Act
    const valued = await put({ valueFen: 250 });
    const withValue = await finance();
    const refused = await Promise.all(
      [-1, 2.5, 10_000_001, '250'].map(async (valueFen) => (await put({ valueFen })).status),
    );
    const cleared = await put({});
    const withoutValue = await finance();
    const catalogue = await stack.call('GET', '/v1/catalogue', { token: stackToken(CALLERS.volunteerSelf) });
    // Assess
    expect(valued.json()).toMatchObject({ sku: 'soap', valueFen: 250 });
    expect(withValue?.units).toBeGreaterThan(0);
    expect(withValue).toMatchObject({ estimatedFen: 250 * (withValue?.units ?? 0), unvaluedUnits: 0 });
    expect(refused).toEqual([400, 400, 400, 400]);
    expect(cleared.json()).not.toHaveProperty('valueFen');
    expect(withoutValue).toMatchObject({ estimatedFen: 0, unvaluedUnits: withValue?.units });
    expect(catalogue.text).not.toContain('valueFen');
  });
});
