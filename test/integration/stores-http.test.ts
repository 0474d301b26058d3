import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getStore } from '../../functions/stores/get-store';
import { handler as listItems } from '../../functions/stores/list-store-items';
import { handler as listStores } from '../../functions/stores/list-stores';
import { handler as postStock } from '../../functions/stores/post-stock-change';
import { handler as postStocktake } from '../../functions/stores/post-stocktake';
import { handler as postTransfer } from '../../functions/stores/post-transfer';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { auditStoreStock } from '../../shared/stores/use-cases/stock';
import { type Caller, callers, invoke } from '../support/http';
import { freshTable, type TestTable } from './support';

let table: TestTable;
let runtime: Runtime;

const store = (storeId: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(putStore, { routeKey: 'PUT /v1/stores/{storeId}', params: { storeId }, body, caller });
const item = (storeId: string, sku: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(putItem, {
    routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
    params: { storeId, sku },
    body,
    caller,
  });
const items = (storeId: string, caller: Caller = callers.admin) =>
  invoke(listItems, { routeKey: 'GET /v1/stores/{storeId}/items', params: { storeId }, caller });
let keyCounter = 0;
const stock = (storeId: string, sku: string, body: unknown, caller: Caller = callers.admin, key?: string) =>
  invoke(postStock, {
    routeKey: 'POST /v1/stores/{storeId}/items/{sku}/stock',
    params: { storeId, sku },
    body,
    caller,
    headers: { 'idempotency-key': key ?? `stock-${++keyCounter}` },
  });
const stocktake = (storeId: string, sku: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(postStocktake, {
    routeKey: 'POST /v1/stores/{storeId}/items/{sku}/stocktake',
    params: { storeId, sku },
    body,
    caller,
    headers: { 'idempotency-key': `take-${++keyCounter}` },
  });
const transfer = (fromStoreId: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(postTransfer, {
    routeKey: 'POST /v1/stores/{storeId}/transfers',
    params: { storeId: fromStoreId },
    body,
    caller,
    headers: { 'idempotency-key': `move-${++keyCounter}` },
  });

const stockOf = async (storeId: string, sku: string): Promise<number | undefined> => {
  const answer = await items(storeId);
  return (answer.body.items as { sku: string; stock: number }[]).find((line) => line.sku === sku)?.stock;
};

async function movementsOf(storeId: string, sku: string) {
  const result = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.store(storeId).pk, ':prefix': `STOCK#${sku}#` },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []).map((movement) => [movement.kind, movement.delta, movement.stockAfter]);
}

beforeAll(async () => {
  table = await freshTable('stores');
  runtime = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  installRuntime(runtime);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...keys.org('gaolan'), orgId: 'gaolan', name: '皋兰县', level: 'county' },
    }),
  );
});

afterAll(() => installRuntime(undefined));

describe('stores', () => {
  it('an admin opens and renames stores; the opening date stays', async () => {
    const opened = await store('S1', { name: '什川镇爱心超市', kind: 'fixed', orgId: 'gaolan' });
    const van = await store('VAN1', { name: '流动爱心超市一号车', kind: 'mobile' });
    const renamed = await store('S1', { name: '什川镇爱心超市（新址）', kind: 'fixed' });

    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({
      storeId: 'S1',
      name: '什川镇爱心超市',
      kind: 'fixed',
      orgId: 'gaolan',
    });
    expect(van.body.kind).toBe('mobile');
    expect(renamed.body).toMatchObject({ name: '什川镇爱心超市（新址）', createdAt: opened.body.createdAt });
    expect(renamed.body.orgId).toBeUndefined();
  });

  it('refuses counters, unknown organisations, unknown kinds and unknown fields', async () => {
    const counter = await store('S9', { name: 'x', kind: 'fixed' }, callers.counter('S9'));
    const noOrg = await store('S9', { name: 'x', kind: 'fixed', orgId: 'nowhere' });
    const kind = await store('S9', { name: 'x', kind: 'kiosk' });
    const extra = await store('S9', { name: 'x', kind: 'fixed', manager: 'me' });

    expect([counter.status, noOrg.status, kind.status, extra.status]).toEqual([403, 404, 400, 400]);
  });

  it('admins list every store; counter staff see only their own', async () => {
    const all = await invoke(listStores, { routeKey: 'GET /v1/stores', caller: callers.admin });
    const own = await invoke(listStores, { routeKey: 'GET /v1/stores', caller: callers.counter('VAN1') });
    const one = await invoke(getStore, {
      routeKey: 'GET /v1/stores/{storeId}',
      params: { storeId: 'VAN1' },
      caller: callers.counter('VAN1'),
    });
    const other = await invoke(getStore, {
      routeKey: 'GET /v1/stores/{storeId}',
      params: { storeId: 'S1' },
      caller: callers.counter('VAN1'),
    });
    const missing = await invoke(getStore, {
      routeKey: 'GET /v1/stores/{storeId}',
      params: { storeId: 'nope' },
      caller: callers.admin,
    });

    expect((all.body.stores as { storeId: string }[]).map((entry) => entry.storeId)).toEqual(['S1', 'VAN1']);
    expect((own.body.stores as { storeId: string }[]).map((entry) => entry.storeId)).toEqual(['VAN1']);
    expect(one.body.storeId).toBe('VAN1');
    expect([other.status, missing.status]).toEqual([403, 404]);
  });
});

describe('catalogue', () => {
  it('adds an item with its first stock as an initial stock movement; changes name and price later', async () => {
    const added = await item('S1', 'rice', { name: '大米 5kg', pricePoints: 30, stock: 40 });
    const repriced = await item('S1', 'rice', { name: '东北大米 5kg', pricePoints: 32 });
    await item('S1', 'oil', { name: '食用油', pricePoints: 45 });

    expect(added.body).toEqual({ sku: 'rice', name: '大米 5kg', pricePoints: 30, stock: 40 });
    expect(repriced.body).toEqual({ sku: 'rice', name: '东北大米 5kg', pricePoints: 32, stock: 40 });
    expect(await movementsOf('S1', 'rice')).toEqual([['initial', 40, 40]]);
    expect(await movementsOf('S1', 'oil')).toEqual([]);
    expect((await items('S1', callers.counter('S1'))).body).toEqual({
      items: [
        { sku: 'oil', name: '食用油', pricePoints: 45, stock: 0 },
        { sku: 'rice', name: '东北大米 5kg', pricePoints: 32, stock: 40 },
      ],
    });
  });

  it('refuses stock on an existing item, items of unknown stores, bad prices, counters of other stores', async () => {
    const restock = await item('S1', 'rice', { name: '大米', pricePoints: 30, stock: 99 });
    const noStore = await item('nowhere', 'rice', { name: '大米', pricePoints: 30 });
    const free = await item('S1', 'gift', { name: '礼品', pricePoints: 0 });
    const dear = await item('S1', 'gold', { name: '金条', pricePoints: 100_001 });
    const counter = await item('S1', 'tea', { name: '茶叶', pricePoints: 20 }, callers.counter('S1'));
    const otherCounter = await items('S1', callers.counter('VAN1'));

    expect(restock.status).toBe(400);
    expect(restock.body.errors).toEqual([{ path: 'body.stock', message: 'only when the item is new' }]);
    expect([noStore.status, free.status, dear.status, counter.status, otherCounter.status]).toEqual([
      404, 400, 400, 403, 403,
    ]);
    expect(await stockOf('S1', 'rice')).toBe(40);
  });
});

describe('stock ledger', () => {
  it('restocks and writes off with a movement each, the exact stock after, and replays by key', async () => {
    const restocked = await stock(
      'S1',
      'oil',
      { delta: 12, reason: '县里配送' },
      callers.counter('S1'),
      'oil-in',
    );
    const replay = await stock(
      'S1',
      'oil',
      { delta: 12, reason: '县里配送' },
      callers.counter('S1'),
      'oil-in',
    );
    const writtenOff = await stock('S1', 'oil', { delta: -2, reason: '破损 damaged' });

    expect(restocked.body).toEqual({ sku: 'oil', name: '食用油', pricePoints: 45, stock: 12 });
    expect(replay.body).toEqual(restocked.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(writtenOff.body.stock).toBe(10);
    expect(await movementsOf('S1', 'oil')).toEqual([
      ['restock', 12, 12],
      ['writeoff', -2, 10],
    ]);
  });

  it('never below zero: 409 OUT_OF_STOCK and nothing written', async () => {
    const answer = await stock('S1', 'oil', { delta: -11, reason: '过期' });

    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'OUT_OF_STOCK', sku: 'oil', stock: 10 });
    expect(await stockOf('S1', 'oil')).toBe(10);
    expect(await movementsOf('S1', 'oil')).toHaveLength(2);
  });

  it('refuses zero, unknown items, other stores’ counters and a missing key', async () => {
    const zero = await stock('S1', 'oil', { delta: 0, reason: 'x' });
    const unknown = await stock('S1', 'caviar', { delta: 1, reason: 'x' });
    const other = await stock('S1', 'oil', { delta: 1, reason: 'x' }, callers.counter('VAN1'));
    const noKey = await invoke(postStock, {
      routeKey: 'POST /v1/stores/{storeId}/items/{sku}/stock',
      params: { storeId: 'S1', sku: 'oil' },
      body: { delta: 1, reason: 'x' },
      caller: callers.admin,
    });

    expect([zero.status, unknown.status, other.status, noKey.status]).toEqual([400, 404, 403, 400]);
  });

  it('a stocktake sets the stock to what was counted, recording the difference', async () => {
    const counted = await stocktake('S1', 'rice', { counted: 37, reason: '月末盘点' }, callers.counter('S1'));
    const same = await stocktake('S1', 'rice', { counted: 37, reason: '复盘' });

    expect(counted.body).toMatchObject({ sku: 'rice', stock: 37, delta: -3 });
    expect(same.body).toMatchObject({ stock: 37, delta: 0 });
    expect((await movementsOf('S1', 'rice')).slice(1)).toEqual([
      ['stocktake', -3, 37],
      ['stocktake', 0, 37],
    ]);
  });

  it('stocktakes racing restocks still end at counted plus the restocks after it', async () => {
    await Promise.all([
      stocktake('S1', 'oil', { counted: 8, reason: '盘点' }),
      ...Array.from({ length: 4 }, () => stock('S1', 'oil', { delta: 1, reason: '补货' })),
    ]);

    const audit = await auditStoreStock(storesDeps(runtime), 'S1', new Date());
    expect(audit.problems).toEqual([]);
    const final = await stockOf('S1', 'oil');
    expect(final).toBeGreaterThanOrEqual(8);
    expect(final).toBeLessThanOrEqual(12);
  });
});

describe('transfers', () => {
  it('moves goods between stores atomically: both items and two movements', async () => {
    await item('VAN1', 'rice', { name: '大米 5kg', pricePoints: 30 });

    const moved = await transfer('S1', { toStoreId: 'VAN1', sku: 'rice', qty: 7, reason: '下乡' });

    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({
      fromStoreId: 'S1',
      toStoreId: 'VAN1',
      qty: 7,
      from: { stock: 30 },
      to: { stock: 7 },
    });
    expect(await stockOf('S1', 'rice')).toBe(30);
    expect(await stockOf('VAN1', 'rice')).toBe(7);
    expect((await movementsOf('S1', 'rice')).at(-1)).toEqual(['transfer-out', -7, 30]);
    expect(await movementsOf('VAN1', 'rice')).toEqual([['transfer-in', 7, 7]]);
  });

  it('moves nothing when the source has too little, the target lacks the item, or it is one store', async () => {
    const tooMuch = await transfer('S1', { toStoreId: 'VAN1', sku: 'rice', qty: 31, reason: '下乡' });
    const noTarget = await transfer('S1', { toStoreId: 'VAN1', sku: 'oil', qty: 1, reason: '下乡' });
    const same = await transfer('S1', { toStoreId: 'S1', sku: 'rice', qty: 1, reason: '下乡' });
    const counter = await transfer(
      'S1',
      { toStoreId: 'VAN1', sku: 'rice', qty: 1, reason: 'x' },
      callers.counter('S1'),
    );

    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body).toMatchObject({ code: 'OUT_OF_STOCK', stock: 30 });
    expect([noTarget.status, same.status, counter.status]).toEqual([404, 400, 403]);
    expect(await stockOf('S1', 'rice')).toBe(30);
    expect(await stockOf('VAN1', 'rice')).toBe(7);
    expect(await movementsOf('VAN1', 'rice')).toHaveLength(1);
    for (const storeId of ['S1', 'VAN1']) {
      expect((await auditStoreStock(storesDeps(runtime), storeId, new Date())).problems).toEqual([]);
    }
  });
});

describe('refusals are kept under their Idempotency-Key', () => {
  const stockWithKey = (sku: string, body: unknown, key: string) =>
    invoke(postStock, {
      routeKey: 'POST /v1/stores/{storeId}/items/{sku}/stock',
      params: { storeId: 'S1', sku },
      body,
      caller: callers.admin,
      headers: { 'idempotency-key': key },
    });

  it('a write-off refused for want of stock is refused again after a restock; the stock stays', async () => {
    await item('S1', 'noodles', { name: '挂面', pricePoints: 8, stock: 2 });
    const writeOff = { delta: -5, reason: '受潮' };
    const first = await stockWithKey('noodles', writeOff, 'kept-write-off');
    await stockWithKey('noodles', { delta: 10, reason: '补货' }, 'noodles-restock');
    const again = await stockWithKey('noodles', writeOff, 'kept-write-off');

    expect([first.status, first.body.code]).toEqual([409, 'OUT_OF_STOCK']);
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([409, 'true']);
    expect(again.body).toEqual(first.body);
    expect(await stockOf('S1', 'noodles')).toBe(12);
    expect(await movementsOf('S1', 'noodles')).toHaveLength(2);
  });

  it('a stocktake of an item not yet in the catalogue is 404 again once the item exists', async () => {
    const take = (key: string) =>
      invoke(postStocktake, {
        routeKey: 'POST /v1/stores/{storeId}/items/{sku}/stocktake',
        params: { storeId: 'S1', sku: 'vinegar' },
        body: { counted: 3, reason: '盘点' },
        caller: callers.admin,
        headers: { 'idempotency-key': key },
      });
    const first = await take('kept-stocktake');
    await item('S1', 'vinegar', { name: '陈醋', pricePoints: 6, stock: 1 });
    const again = await take('kept-stocktake');
    const fresh = await take('new-stocktake');

    expect([first.status, again.status, again.headers['idempotent-replayed']]).toEqual([404, 404, 'true']);
    expect(fresh.status).toBe(200);
    expect(await stockOf('S1', 'vinegar')).toBe(3);
  });

  it('a transfer refused for want of stock is refused again after a restock', async () => {
    await item('S1', 'flour', { name: '面粉', pricePoints: 20, stock: 1 });
    await item('VAN1', 'flour', { name: '面粉', pricePoints: 20 });
    const move = (key: string) =>
      invoke(postTransfer, {
        routeKey: 'POST /v1/stores/{storeId}/transfers',
        params: { storeId: 'S1' },
        body: { toStoreId: 'VAN1', sku: 'flour', qty: 4, reason: '下乡' },
        caller: callers.admin,
        headers: { 'idempotency-key': key },
      });
    const first = await move('kept-transfer');
    await stockWithKey('flour', { delta: 10, reason: '补货' }, 'flour-restock');
    const again = await move('kept-transfer');

    expect([first.status, first.body.code]).toEqual([409, 'OUT_OF_STOCK']);
    expect([again.status, again.headers['idempotent-replayed']]).toEqual([409, 'true']);
    expect([await stockOf('S1', 'flour'), await stockOf('VAN1', 'flour')]).toEqual([11, 0]);
  });
});
