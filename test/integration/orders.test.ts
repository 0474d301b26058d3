import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Order } from '../../shared/orders/port';
import {
  canTake,
  nextStatus,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  type OrderActor,
  statusesFrom,
} from '../../shared/orders/rules/order-flow';
import { DynamoOrderStore } from '../../shared/orders/store/order-store';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { CALLERS, type County, RESIDENT, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { freshTable, type TestTable } from './support';

/**
 * 六单 on DynamoDB Local: each step's rule and its condition agree for every status; of two
 * concurrent steps exactly one wins; a resident follows their order with its number and phone
 * digits; and a need becomes points in a volunteer's passbook, traceable back to the request.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
const coordinator = stackToken(CALLERS.coordinatorInScope);
const outsider = stackToken(CALLERS.coordinatorOutOfScope);
let keySerial = 0;

const step = (token: string, number: string, body: Record<string, unknown>) =>
  stack.call('POST', `/v1/orders/${number}/steps`, {
    token,
    json: body,
    headers: { 'idempotency-key': `orders-${++keySerial}` },
  });

beforeAll(async () => {
  table = await freshTable('orders');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    ORDERS_PER_PHONE_PER_DAY: '0',
  });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('each step: the rule says yes exactly when the condition lets it be written', () => {
  const order = (status: Order['status'], number: string): Order => ({
    number,
    status,
    version: 3,
    name: RESIDENT.name,
    phone: RESIDENT.phone,
    villageOrgId: 'shangche',
    need: '帮忙',
    channel: 'web',
    submittedAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    timeline: [],
    recordIds: [],
  });
  const ACTORS: OrderActor[] = ['office', 'team', 'resident'];
  it('for every status, action and actor the step names', async () => {
    const store = new DynamoOrderStore(table);
    let serial = 0;
    const mismatches: string[] = [];
    for (const status of ORDER_STATUSES)
      for (const action of ORDER_ACTIONS)
        for (const actor of ACTORS) {
          // Who the caller is, the use case decides from the token; the condition holds the status.
          if (!ORDER_TRANSITIONS[action].actors.includes(actor)) continue;
          const number = `9912${String(++serial).padStart(8, '0')}`;
          const stored = order(status, number);
          await table.client.send(
            new PutCommand({
              TableName: table.tableName,
              Item: { ...keys.order(number), entity: ENTITY.order, ...stored },
            }),
          );
          const written = await store.transition(
            { number, version: 3, statuses: statusesFrom(action, actor) },
            { ...stored, status: nextStatus(action), version: 4 },
          );
          const rule = canTake({ status, version: 3 }, action, actor);
          if (written !== rule)
            mismatches.push(`${status} ${action} by ${actor}: rule ${rule}, written ${written}`);
        }
    expect(serial).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  });

  it('a stale version is refused even where the status fits', async () => {
    const store = new DynamoOrderStore(table);
    const stored = order('dispatched', '991299999999');
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.order(stored.number), entity: ENTITY.order, ...stored },
      }),
    );
    expect(
      await store.transition(
        { number: stored.number, version: 2, statuses: ['dispatched'] },
        { ...stored, version: 3 },
      ),
    ).toBe(false);
  });
});

describe('the flow over HTTP', () => {
  it('lists the places a resident may name, without a token: towns and villages only', async () => {
    const answer = await stack.call('GET', '/v1/places');
    expect(answer.status).toBe(200);
    const places = (answer.json() as { places: { orgId: string; level: string }[] }).places;
    expect(places.map((place) => place.orgId).sort()).toEqual(
      ['shangche', 'shichuan', 'shidong', 'wenshan', 'xiache'].sort(),
    );
    expect(new Set(places.map((place) => place.level))).toEqual(new Set(['town', 'village']));
  });

  it('two concurrent steps of one order: exactly one wins, the other is 409 and nothing else changes', async () => {
    const order = await county.freshOrder();
    await step(admin, order.number, { action: 'dispatch', teamOrgId: 'shichuan', dueDate: '2026-12-31' });
    const [accept, giveBack] = await Promise.all([
      step(coordinator, order.number, { action: 'accept' }),
      step(coordinator, order.number, { action: 'return', reason: '人手不够' }),
    ]);
    const statuses = [accept.status, giveBack.status].sort();
    expect(statuses).toEqual([200, 409]);
    const loser = accept.status === 409 ? accept : giveBack;
    expect(loser.json().code).toBe('ORDER_STATE');
    const now = (await stack.call('GET', `/v1/orders/${order.number}`, { token: admin })).json();
    expect(now.timeline).toHaveLength(3);
    expect(now.status).toBe(accept.status === 200 ? 'accepted' : 'returned');
  });

  it('an illegal step is 409 ORDER_STATE; a coordinator of another town learns nothing (404)', async () => {
    const order = await county.freshOrder();
    const early = await step(admin, order.number, { action: 'close', assessment: '完成', entries: [] });
    expect([early.status, early.json().code]).toEqual([409, 'ORDER_STATE']);
    expect((await step(outsider, order.number, { action: 'accept' })).status).toBe(404);
    expect((await stack.call('GET', `/v1/orders/${order.number}`, { token: outsider })).status).toBe(404);
  });

  it("a coordinator's queue holds orders dispatched below them; orders without a due time come last", async () => {
    const below = await county.freshOrder();
    await step(admin, below.number, { action: 'dispatch', teamOrgId: 'shangche', dueDate: '2026-12-31' });
    const done = await county.freshDoneOrder();
    const queue = (await stack.call('GET', '/v1/orders?limit=100', { token: coordinator })).json() as {
      orders: { number: string; dueAt?: string }[];
    };
    const numbers = queue.orders.map((order) => order.number);
    expect(numbers).toContain(below.number);
    expect(numbers).toContain(done.number);
    const firstWithout = queue.orders.findIndex((order) => order.dueAt === undefined);
    expect(firstWithout).toBeGreaterThan(0);
    expect(queue.orders.slice(firstWithout).every((order) => order.dueAt === undefined)).toBe(true);
  });

  it('a resident follows the order with its number and phone digits; wrong digits read like no order', async () => {
    const order = await county.freshOrder();
    const tracked = await stack.call(
      'GET',
      `/v1/order-tracking?number=${order.number}&phone4=${order.phone4}`,
    );
    expect(tracked.status).toBe(200);
    expect(tracked.json()).toMatchObject({
      status: 'submitted',
      phone: '138****0003',
      canCancel: true,
      canRate: false,
    });
    const wrong = await stack.call('GET', `/v1/order-tracking?number=${order.number}&phone4=9999`);
    const missing = await stack.call('GET', '/v1/order-tracking?number=260100000000&phone4=0003');
    expect([wrong.status, wrong.json().detail]).toEqual([404, missing.json().detail]);
    const cancelled = await stack.call('POST', '/v1/order-tracking/cancel', {
      json: { ...order, reason: '已经解决了' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', canCancel: false });
  });

  it('the office sees the phone; a coordinator of the village but not of the team sees it masked', async () => {
    const order = await county.freshOrder();
    await step(admin, order.number, { action: 'dispatch', teamOrgId: 'gaolan', dueDate: '2026-12-31' });
    expect((await stack.call('GET', `/v1/orders/${order.number}`, { token: admin })).json().phone).toBe(
      RESIDENT.phone,
    );
    expect((await stack.call('GET', `/v1/orders/${order.number}`, { token: coordinator })).json().phone).toBe(
      '138****0003',
    );
  });

  it("from a resident's need to points in a volunteer's passbook, and back from the entry to the need", async () => {
    const order = await county.freshDoneOrder();
    const rated = await stack.call('POST', '/v1/order-tracking/rating', {
      json: { ...order, attitude: 2, result: 4, timeliness: 4, comment: '来晚了' },
    });
    expect(rated.json().status).toBe('held');
    const again = await stack.call('POST', '/v1/order-tracking/rating', {
      json: { ...order, attitude: 5, result: 5, timeliness: 5 },
    });
    expect(again.status).toBe(409);
    const closed = await step(admin, order.number, {
      action: 'close',
      assessment: '服务完成，群众满意度一般，已提醒守时',
      entries: [{ volunteerId: county.tan, hours: 2 }],
    });
    expect(closed.status).toBe(200);
    const [recordId] = closed.json().recordIds as string[];
    expect(recordId).toBeTypeOf('string');
    const before = (await stack.call('GET', `/v1/volunteers/${county.tan}/balance`, { token: admin })).json()
      .balance as number;
    const approved = await stack.call('POST', `/v1/service-records/${recordId}/approve`, {
      token: admin,
      headers: { 'idempotency-key': `orders-${++keySerial}` },
    });
    expect(approved.status).toBe(200);
    const after = (await stack.call('GET', `/v1/volunteers/${county.tan}/balance`, { token: admin })).json()
      .balance as number;
    expect(after).toBeGreaterThan(before);
    // Back: ledger entry → record → activity → order → request.
    const ledger = (
      await stack.call('GET', `/v1/volunteers/${county.tan}/ledger?limit=1`, { token: admin })
    ).json();
    const entry = (ledger.entries as { ref: string }[])[0];
    expect(entry?.ref).toBe(`record:${recordId}`);
    const record = (await stack.call('GET', `/v1/service-records/${recordId}`, { token: admin })).json() as {
      activity: { orderId?: string };
    };
    expect(record.activity.orderId).toBe(order.number);
    const need = (await stack.call('GET', `/v1/orders/${record.activity.orderId}`, { token: admin })).json();
    expect(need).toMatchObject({
      status: 'closed',
      need: '老人腿脚不便，想请人帮忙打扫院子',
      name: RESIDENT.name,
    });
  });
});
