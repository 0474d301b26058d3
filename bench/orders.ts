/**
 * 六单 in the bench: one order step (a team accepting a dispatched order) and the office's queue
 * read (one team's 50 open orders, one query of its open queue), each against the plain DynamoDB work it
 * comes down to, from the same load generator in the same run.
 *
 * - Accept: ours is `POST /v1/orders/{n}/steps {action: accept}` by the team's coordinator; the
 *   baseline replays the step's own TransactWriteItems (the order and its figures item, under the
 *   status-and-version condition) on twin orders seeded identically (same length numbers, `1…`
 *   ours and `2…` the twin), so it writes the same items byte for byte and does nothing else.
 * - Queue: ours is `GET /v1/orders?teamOrgId=…&limit=50` by the office; the baseline sends the
 *   same gsi2 query (the team's open queue, Limit 50) straight to DynamoDB.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Order, OrderEvent } from '../shared/orders/port';
import type { OrderStatus } from '../shared/orders/rules/order-flow';
import { DynamoOrderStore } from '../shared/orders/store/order-store';
import { chinaDate } from '../shared/platform/china-time';
import { ENTITY, keys } from '../shared/platform/dynamo/keys';
import type { DynamoOp, HttpOp } from './generator';
import { type CallRecord, type Generator, load, type Stack } from './harness';
import { CONCURRENCY, type CostPerOp, costOf, type Measured, recorded, seedCountyTree } from './workloads';

const COUNTY = 'bench-county';
const TOWN = 'bench-town';
const VILLAGE = 'bench-village';
const TEAM = 'bench-team';
const QUEUE_TEAM = 'bench-queue-team';
/** Where the queue's 50 orders stand: a team's queue holds every open status but `submitted`. */
const QUEUE_SPREAD: [OrderStatus, number][] = [
  ['returned', 4],
  ['dispatched', 12],
  ['accepted', 10],
  ['in_service', 10],
  ['done', 6],
  ['held', 3],
  ['rated', 5],
];
export const QUEUE_ORDERS = QUEUE_SPREAD.reduce((sum, [, count]) => sum + count, 0);
/** Orders accepted per counted run (and in the warm-up). */
export const ACCEPT_OPS = 400;
const ACCEPT_WARMUP = 100;
export const QUEUE_OPS = 1000;
const QUEUE_WARMUP = 200;
const SAMPLE_ACCEPTS = 5;

export interface OrdersFixture {
  /** Dispatched orders to accept: [warm-up, run 1, …]. */
  accept: string[][];
  sample: string[];
  adminToken: string;
  teamToken: string;
}

/** Ours `1rr…`, the twin `2rr…`: twelve digits either way. */
const numberOf = (kind: 1 | 2 | 3 | 4, run: number, index: number) =>
  `${kind}${String(run).padStart(2, '0')}${String(index).padStart(9, '0')}`;
const twinOf = (number: string) => `2${number.slice(1)}`;

function orderAt(number: string, status: OrderStatus, teamOrgId: string, at: string): Order {
  const event = (action: OrderEvent['action'], eventStatus: OrderStatus): OrderEvent => ({
    at,
    action,
    status: eventStatus,
    by: 'bench-admin',
    byLabel: '县志愿服务中心',
  });
  return {
    number,
    status,
    version: 2,
    name: '张桂兰',
    phone: '13809310003',
    villageOrgId: VILLAGE,
    townOrgId: TOWN,
    need: '老人腿脚不便，想请人帮忙打扫院子',
    channel: 'web',
    teamOrgId,
    dueDate: chinaDate(new Date(Date.parse(at) + 7 * 86_400_000)),
    submittedAt: at,
    dispatchedAt: at,
    updatedAt: at,
    timeline: [
      event('submit', 'submitted'),
      { ...event('dispatch', 'dispatched'), note: '基准服务队，7 天内完成' },
    ],
    recordIds: [],
  };
}

async function seedOrders(stack: Stack, orders: Order[]): Promise<void> {
  const store = new DynamoOrderStore({ client: stack.directClient, tableName: stack.tableName });
  const result = await load(orders.length, CONCURRENCY, async (index) => {
    const order = orders[index];
    if (order !== undefined && !(await store.create(order))) throw new Error(`order ${order.number} exists`);
  });
  if (result.failures > 0) throw new Error(`seeding orders: ${result.failures} failed`);
}

export async function prepareOrders(stack: Stack, runs: number): Promise<OrdersFixture> {
  const org = (orgId: string, name: string, level: string, parentId: string) =>
    stack.directClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: { ...keys.org(orgId), entity: ENTITY.org, orgId, name, level, parentId },
      }),
    );
  await org(TOWN, '基准镇', 'town', COUNTY);
  await org(VILLAGE, '基准村', 'village', TOWN);
  await org(TEAM, '基准服务队', 'team', COUNTY);
  await org(QUEUE_TEAM, '基准队列服务队', 'team', COUNTY);
  const at = new Date().toISOString();
  const accept: string[][] = [];
  const seeded: Order[] = [];
  for (let run = 0; run <= runs; run += 1) {
    const numbers = Array.from({ length: run === 0 ? ACCEPT_WARMUP : ACCEPT_OPS }, (_, index) =>
      numberOf(1, run, index),
    );
    accept.push(numbers);
    for (const number of numbers)
      seeded.push(orderAt(number, 'dispatched', TEAM, at), orderAt(twinOf(number), 'dispatched', TEAM, at));
  }
  const sample = Array.from({ length: SAMPLE_ACCEPTS }, (_, index) => numberOf(4, 0, index));
  for (const number of sample) seeded.push(orderAt(number, 'dispatched', TEAM, at));
  let serial = 0;
  for (const [status, count] of QUEUE_SPREAD)
    for (let index = 0; index < count; index += 1) {
      serial += 1;
      seeded.push(orderAt(numberOf(3, 0, serial), status, QUEUE_TEAM, at));
    }
  await seedOrders(stack, seeded);
  return {
    accept,
    sample,
    adminToken: stack.token({ sub: 'bench-admin', groups: ['admin'] }),
    teamToken: stack.token({ sub: 'bench-team-coordinator', groups: ['coordinator'], orgId: TEAM }),
  };
}

const acceptOps = (fixture: OrdersFixture, numbers: string[]): HttpOp[] =>
  numbers.map((number) => ({
    method: 'POST',
    path: `/v1/orders/${number}/steps`,
    headers: { authorization: `Bearer ${fixture.teamToken}`, 'idempotency-key': `bench-accept-${number}` },
    body: JSON.stringify({ action: 'accept' }),
    expect: 200,
  }));

const queueOps = (fixture: OrdersFixture, count: number): HttpOp[] =>
  Array.from({ length: count }, () => ({
    method: 'GET',
    path: `/v1/orders?teamOrgId=${QUEUE_TEAM}&limit=50`,
    headers: { authorization: `Bearer ${fixture.adminToken}` },
    expect: 200,
  }));

/** The step's transaction moved onto the twin order: every occurrence of the number replaced. */
function onTwin(record: CallRecord): DynamoOp {
  const text = JSON.stringify(record.input);
  const number = /"ORDER#(\d{12})"/.exec(text)?.[1];
  if (number === undefined) throw new Error('a step transaction without an order');
  return { command: 'TransactWrite', input: JSON.parse(text.split(number).join(twinOf(number))) };
}

/** A team accepts a dispatched order, 16 at once, each a different order. */
export async function acceptWorkload(
  stack: Stack,
  generator: Generator,
  fixture: OrdersFixture,
  run: number,
): Promise<Measured> {
  const numbers = fixture.accept[run + 1] ?? [];
  const { result: ours, records } = await recorded(stack, generator, acceptOps(fixture, numbers));
  const baseline = await generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: CONCURRENCY,
    ops: records.filter((record) => record.name === 'TransactWriteItems').map(onTwin),
  });
  return { ours, baseline, ...(await costOf(stack, records, numbers.length)) };
}

/** The office reads one team's queue of 50 open orders: one gsi2 query of its open queue. */
export async function queueWorkload(
  stack: Stack,
  generator: Generator,
  fixture: OrdersFixture,
  warm: boolean,
): Promise<Measured> {
  const count = warm ? QUEUE_WARMUP : QUEUE_OPS;
  const { result: ours, records } = await recorded(stack, generator, queueOps(fixture, count));
  const queries = [
    {
      TableName: stack.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :team AND begins_with(gsi2sk, :queue)',
      ExpressionAttributeValues: { ':team': keys.teamOrdersPartition(QUEUE_TEAM), ':queue': 'open#' },
      Limit: 50,
    },
  ];
  const baseline = await generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: CONCURRENCY,
    ops: Array.from({ length: count }, () => ({ command: 'Queries', input: queries })),
  });
  if (baseline.items !== count * QUEUE_ORDERS)
    throw new Error(`the queue baseline read ${baseline.items / count} orders, not ${QUEUE_ORDERS}`);
  return { ours, baseline, ...(await costOf(stack, records, count)) };
}

/**
 * What an accept and a queue read cost on a county-sized organisation tree (631 organisations, as
 * the balance read's cost sample): both read the whole tree on every request.
 */
export async function orderCostSamples(
  stack: Stack,
  generator: Generator,
  fixture: OrdersFixture,
): Promise<{ orgs: number; accept: CostPerOp; queue: CostPerOp }> {
  const orgs = await seedCountyTree(stack);
  const accepted = await recorded(stack, generator, acceptOps(fixture, fixture.sample));
  const read = await recorded(stack, generator, queueOps(fixture, 3));
  for (const { result } of [accepted, read])
    if (result.failures > 0) throw new Error(`order cost samples: ${result.failureSamples.join('; ')}`);
  return {
    orgs,
    accept: await costOf(stack, accepted.records, fixture.sample.length),
    queue: await costOf(stack, read.records, 3),
  };
}
