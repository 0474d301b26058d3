/**
 * The measured workloads. Each runs our path through the local HTTP API and a baseline that sends
 * the same DynamoDB work straight to DynamoDB Local, in the same run, from the same load generator
 * (a child process, see generator.ts).
 *
 * Writing baselines replay our own transactions: every TransactWriteItems our handlers sent (as
 * recorded by the counted client) is sent again to the same table, with the volunteer, the
 * Idempotency-Key and the redemption id swapped for same-length twins (`twin`) and a fresh client
 * token. Each twin volunteer was seeded like the original and receives the same transactions in the
 * same order, so the baseline writes the same items, byte for byte in size, under the same
 * conditions — and does nothing else. (A second table was tried first: DynamoDB Local's speed
 * differs from table to table, so the baseline shares the table.)
 */

import { randomUUID } from 'node:crypto';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { forgetOrgParents } from '../shared/people/store/org-directory';
import { chinaDate } from '../shared/platform/china-time';
import { parseConfig } from '../shared/platform/config';
import { itemSize } from '../shared/platform/dynamo/item-size';
import { keys } from '../shared/platform/dynamo/keys';
import type { Principal } from '../shared/platform/principal';
import { buildRuntime, installRuntime } from '../shared/platform/runtime';
import { storesDeps } from '../shared/stores/store/stores-deps';
import { issueCode } from '../shared/stores/use-cases/codes';
import type { HttpOp, JobResult } from './generator';
import { type CallRecord, call, type Generator, load, type Stack } from './harness';
import { percentile } from './stats';
import { keyReadUnits, queryReadUnits, writeUnitsOf } from './units';

export const CONCURRENCY = 16;
const ORG = 'bench-county';
const STORE = 'bench-store';
export const SKUS = 100;
const ADMIN = { sub: 'bench-admin', groups: ['admin'] };

type Item = Record<string, unknown>;

export interface CostPerOp {
  /** DynamoDB calls per operation, by name. */
  calls: Record<string, number>;
  callsPerOp: number;
  readCallsPerOp: number;
  writeCallsPerOp: number;
  /** Items written per operation. */
  itemsPerOp: number;
  /** Sizes in bytes of the items one operation writes (the first recorded operation). */
  itemBytes: number[];
  writeUnitsPerOp: number;
  tableWriteUnitsPerOp: number;
  indexWriteUnitsPerOp: number;
  readUnitsPerOp: number;
}

export interface Measured extends CostPerOp {
  ours: JobResult;
  baseline: JobResult;
}

const READS = new Set(['GetItem', 'BatchGetItem', 'Query', 'Scan', 'TransactGetItems']);
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);

const keyOf = (key: Item): string => `${String(key.pk)}\u0000${String(key.sk)}`;

/** The items as they stand now, by key (for the size an update left behind). */
async function currentItems(stack: Stack, itemKeys: Item[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Map(itemKeys.map((key) => [keyOf(key), { pk: key.pk, sk: key.sk }])).values()];
  for (let start = 0; start < unique.length; start += 100) {
    let pending: Item[] = unique.slice(start, start + 100);
    for (let round = 0; round < 10 && pending.length > 0; round += 1) {
      const result = await stack.directClient.send(
        new BatchGetCommand({ RequestItems: { [stack.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[stack.tableName] ?? []) found.set(keyOf(item), item);
      pending = (result.UnprocessedKeys?.[stack.tableName]?.Keys ?? []) as Item[];
    }
  }
  return found;
}

interface Written {
  item: Item;
  transactional: boolean;
}

/** What the recorded calls of `operations` operations cost, per operation. */
export async function costOf(stack: Stack, records: CallRecord[], operations: number): Promise<CostPerOp> {
  const calls: Record<string, number> = {};
  let readUnits = 0;
  const written: { key: Item; put?: Item; transactional: boolean; op: number }[] = [];
  let op = 0;
  for (const record of records) {
    calls[record.name] = (calls[record.name] ?? 0) + 1;
    const { input, output } = record;
    switch (record.name) {
      case 'GetItem':
        readUnits += keyReadUnits([output.Item], input.ConsistentRead === true);
        break;
      case 'BatchGetItem':
        for (const [table, request] of Object.entries(input.RequestItems as Record<string, Item>)) {
          const requested = (request.Keys as Item[]).length;
          const found = (output.Responses?.[table] ?? []) as Item[];
          const unprocessed = (output.UnprocessedKeys?.[table]?.Keys ?? []).length;
          const misses = Array.from(
            { length: Math.max(0, requested - found.length - unprocessed) },
            () => undefined,
          );
          readUnits += keyReadUnits([...found, ...misses], request.ConsistentRead === true);
        }
        break;
      case 'Query':
      case 'Scan':
        readUnits += queryReadUnits(output.Items ?? [], input.ConsistentRead === true);
        break;
      case 'PutItem':
        written.push({ key: input.Item, put: input.Item, transactional: false, op });
        break;
      case 'UpdateItem':
      case 'DeleteItem':
        written.push({ key: input.Key, transactional: false, op });
        break;
      case 'TransactWriteItems':
        for (const action of input.TransactItems as Item[]) {
          const put = action.Put as { Item: Item } | undefined;
          const other = (action.Update ?? action.Delete ?? action.ConditionCheck) as
            | { Key: Item }
            | undefined;
          if (put !== undefined) written.push({ key: put.Item, put: put.Item, transactional: true, op });
          else if (other !== undefined) written.push({ key: other.Key, transactional: true, op });
        }
        op += 1;
        break;
      default:
        break;
    }
  }
  const now = await currentItems(
    stack,
    written.filter((entry) => entry.put === undefined).map((entry) => entry.key),
  );
  const items: Written[] = written.map((entry) => ({
    item: entry.put ?? now.get(keyOf(entry.key)) ?? { pk: entry.key.pk, sk: entry.key.sk },
    transactional: entry.transactional,
  }));
  const units = {
    table: 0,
    indexes: 0,
  };
  for (const entry of items) {
    const one = writeUnitsOf([entry.item], entry.transactional);
    units.table += one.table;
    units.indexes += one.indexes;
  }
  const firstTransaction = written.filter((entry) => entry.op === 0 && entry.transactional);
  const perOp = (value: number) => value / operations;
  const count = (names: Set<string>) =>
    Object.entries(calls).reduce((sum, [name, n]) => sum + (names.has(name) ? n : 0), 0);
  return {
    calls: Object.fromEntries(Object.entries(calls).map(([name, n]) => [name, perOp(n)])),
    callsPerOp: perOp(records.length),
    readCallsPerOp: perOp(count(READS)),
    writeCallsPerOp: perOp(count(WRITES)),
    itemsPerOp: perOp(written.length),
    itemBytes: firstTransaction.map((entry) => itemSize(entry.put ?? now.get(keyOf(entry.key)) ?? {})),
    writeUnitsPerOp: perOp(units.table + units.indexes),
    tableWriteUnitsPerOp: perOp(units.table),
    indexWriteUnitsPerOp: perOp(units.indexes),
    readUnitsPerOp: perOp(readUnits),
  };
}

/** Runs `ops` through the API with the counted client recording; returns the job and the records. */
export async function recorded(
  stack: Stack,
  generator: Generator,
  ops: HttpOp[],
): Promise<{ result: JobResult; records: CallRecord[] }> {
  stack.apiCalls.records = [];
  stack.apiCalls.durations.length = 0;
  stack.apiCalls.recording = true;
  try {
    const result = await generator.run({
      kind: 'http',
      baseUrl: stack.baseUrl,
      concurrency: CONCURRENCY,
      ops,
    });
    return { result, records: stack.apiCalls.records };
  } finally {
    stack.apiCalls.recording = false;
  }
}

/** The twin of a bench id: the same characters with ASCII letters' case swapped (same length). */
export const twin = (value: string): string =>
  value.replace(/[A-Za-z]/g, (letter) =>
    letter === letter.toLowerCase() ? letter.toUpperCase() : letter.toLowerCase(),
  );

function replaceDeep(value: unknown, pairs: [string, string][]): unknown {
  if (typeof value === 'string')
    return pairs.reduce((text, [from, to]) => (from === '' ? text : text.split(from).join(to)), value);
  if (Array.isArray(value)) return value.map((element) => replaceDeep(element, pairs));
  if (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Uint8Array) &&
    !(value instanceof Set)
  )
    return Object.fromEntries(
      Object.entries(value).map(([name, element]) => [name, replaceDeep(element, pairs)]),
    );
  return value;
}

/**
 * One recorded transaction moved onto twin ids: the volunteer (whose twin account was seeded the
 * same and has received the same transactions), the Idempotency-Key and the redemption (code) id
 * are replaced by their twins wherever they occur, so every key is new and every item keeps its
 * size to the byte. Store items are shared: their stock is large, their price unchanged.
 */
export function twinTransaction(input: Item): Item {
  const actions = input.TransactItems as Item[];
  const pairs: [string, string][] = [];
  for (const action of actions) {
    const update = action.Update as { Key: Item } | undefined;
    if (update !== undefined && update.Key.sk === 'ACCOUNT') {
      const volunteerId = String(update.Key.pk).replace(/^VOL#/, '');
      pairs.push([volunteerId, twin(volunteerId)]);
    }
    const put = action.Put as { Item: Item } | undefined;
    if (put !== undefined && typeof put.Item.idempotencyKey === 'string')
      pairs.push([put.Item.idempotencyKey, twin(put.Item.idempotencyKey)]);
    if (put !== undefined && String(put.Item.pk).startsWith('REDEMPTION#') && typeof put.Item.id === 'string')
      pairs.push([put.Item.id, twin(put.Item.id)]);
  }
  return { ...(replaceDeep(input, pairs) as Item), ClientRequestToken: randomUUID() };
}

/** A ledger transaction: one that updates a volunteer's account (the approval's own are not). */
const movesPoints = (input: Item): boolean =>
  (input.TransactItems as Item[]).some(
    (action) => (action.Update as { Key: Item } | undefined)?.Key.sk === 'ACCOUNT',
  );

/** The baseline of a writing workload: our recorded ledger transactions, replayed on twin ids. */
async function replay(stack: Stack, generator: Generator, records: CallRecord[]): Promise<JobResult> {
  return generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: CONCURRENCY,
    ops: records
      .filter((record) => record.name === 'TransactWriteItems' && movesPoints(record.input))
      .map((record) => ({ command: 'TransactWrite', input: twinTransaction(record.input) })),
  });
}

// ---------------------------------------------------------------------------------------------
// Seeding

/** Opens `count` volunteer accounts under one organisation and gives each `points`. */
export async function seedVolunteers(
  stack: Stack,
  prefix: string,
  count: number,
  points: number,
): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  const result = await load(ids.length, CONCURRENCY, async (index) => {
    const volunteerId = ids[index] ?? '';
    // Registered (a profile: service records name only registered volunteers), account open.
    await stack.directClient.send(
      new PutCommand({
        TableName: stack.tableName,
        Item: {
          ...keys.volunteerProfile(volunteerId),
          ...keys.volunteerByOrg(ORG, volunteerId),
          entity: 'volunteer-profile',
          volunteerId,
          name: '志愿者',
          orgId: ORG,
        },
      }),
    );
    await stack.runtime.ledger.openAccount(volunteerId, { orgId: ORG });
    if (points > 0) {
      await stack.runtime.ledger.postMovement({
        draft: {
          kind: 'earn',
          volunteerId,
          direction: 'credit',
          amount: points,
          counterAccount: 'system:issuance',
          ref: 'bench:seed',
          actor: 'bench',
        },
        idempotency: { scope: 'bench', key: `seed-${volunteerId}`, fingerprint: 'seed' },
        respond: () => ({ status: 201, body: {} }),
      });
    }
  });
  if (result.failures > 0) throw new Error(`seeding ${prefix}: ${result.failures} failed`);
  return ids;
}

export interface Fixture {
  balanceIds: string[];
  redeemIds: string[];
  earnIds: string[][];
  skus: { sku: string; pricePoints: number }[];
  adminToken: string;
  counterTokens: string[];
}

/** Seeds everything the runs need. */
export async function prepare(stack: Stack, runs: number): Promise<Fixture> {
  await stack.directClient.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: { ...keys.org(ORG), entity: 'org', orgId: ORG, name: '基准县', level: 'county' },
    }),
  );
  const adminToken = stack.token(ADMIN);
  // The store and its catalogue, through the API as an admin would set them up.
  await call(
    `${stack.baseUrl}/v1/stores/${STORE}`,
    { method: 'PUT', token: adminToken, body: { name: '爱心超市（基准）', kind: 'fixed' } },
    200,
  );
  const skus = Array.from({ length: SKUS }, (_, index) => ({
    sku: `sku-${String(index).padStart(3, '0')}`,
    pricePoints: 5 + (index % 20),
  }));
  const seeded = await load(skus.length, 8, async (index) => {
    const item = skus[index];
    if (item === undefined) return;
    await call(
      `${stack.baseUrl}/v1/stores/${STORE}/items/${item.sku}`,
      {
        method: 'PUT',
        token: adminToken,
        body: { name: `商品${item.sku}`, pricePoints: item.pricePoints, stock: 1_000_000 },
      },
      200,
    );
  });
  if (seeded.failures > 0) throw new Error(`seeding the catalogue: ${seeded.failures} failed`);

  const balanceIds = await seedVolunteers(stack, 'bal', 200, 100);
  // Every writing workload's volunteers come with twins, seeded the same, for the baseline's replay.
  const redeemIds = await seedVolunteers(stack, 'red', REDEEM_POOL, 1_000_000);
  await seedVolunteers(stack, 'RED', REDEEM_POOL, 1_000_000);
  const earnIds: string[][] = [];
  for (let run = -1; run < runs; run += 1) {
    const count = run < 0 ? EARN_WARMUP : EARN_ENTRIES;
    earnIds.push(await seedVolunteers(stack, `earn${run + 1}-`, count, 0));
    await seedVolunteers(stack, `EARN${run + 1}-`, count, 0);
  }
  const counterTokens = Array.from({ length: CONCURRENCY }, (_, index) =>
    stack.token({ sub: `bench-counter-${index}`, groups: ['counter'], storeId: STORE }),
  );
  return { balanceIds, redeemIds, earnIds, skus, adminToken, counterTokens };
}

// ---------------------------------------------------------------------------------------------
// Balance

/** The balance read: GET /v1/volunteers/{id}/balance against a bare strongly consistent GetItem. */
export async function balanceWorkload(
  stack: Stack,
  generator: Generator,
  fixture: Fixture,
  operations: number,
): Promise<Measured> {
  const ids = fixture.balanceIds;
  const ops: HttpOp[] = Array.from({ length: operations }, (_, index) => ({
    method: 'GET',
    path: `/v1/volunteers/${ids[index % ids.length]}/balance`,
    headers: { authorization: `Bearer ${fixture.adminToken}` },
    expect: 200,
  }));
  const { result: ours, records } = await recorded(stack, generator, ops);
  const baseline = await generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: CONCURRENCY,
    ops: Array.from({ length: operations }, (_, index) => ({
      command: 'Get',
      input: {
        TableName: stack.tableName,
        Key: keys.volunteerAccount(ids[index % ids.length] ?? ''),
        ConsistentRead: true,
      },
    })),
  });
  return { ours, baseline, ...(await costOf(stack, records, operations)) };
}

// ---------------------------------------------------------------------------------------------
// Redemption

/** Volunteers redeeming; an operation takes volunteer i mod POOL, so 16 at once are distinct. */
export const REDEEM_POOL = 500;

/** Which SKUs operation `index` buys: consecutive operations take consecutive SKUs (no hot item). */
export const basketOf = (fixture: Fixture, index: number, lines: number) =>
  Array.from({ length: lines }, (_, line) => {
    const item = fixture.skus[(index * lines + line) % fixture.skus.length] ?? {
      sku: 'none',
      pricePoints: 1,
    };
    return { sku: item.sku, qty: 1, pricePoints: item.pricePoints };
  });

/** Fresh single-use codes, made by the codes use case as the volunteer's phone would ask for them. */
async function codesFor(stack: Stack, volunteerIds: string[]): Promise<string[]> {
  const deps = storesDeps(stack.runtime);
  return Promise.all(
    volunteerIds.map(async (volunteerId) => {
      const principal: Principal = {
        userId: `bench-volunteer-${volunteerId}`,
        roles: new Set(['volunteer']),
        volunteerId,
      };
      return (await issueCode(deps, principal, volunteerId)).code;
    }),
  );
}

/**
 * Redemptions at one store, 16 counters at once, each for another volunteer, `lines` SKUs per
 * basket: POST /v1/stores/{storeId}/redemptions against its own TransactWriteItems replayed.
 * Codes are made before the clock starts (they live CODE_TTL_SECONDS).
 */
export async function redeemWorkload(
  stack: Stack,
  generator: Generator,
  fixture: Fixture,
  tag: string,
  operations: number,
  lines: number,
): Promise<Measured> {
  const volunteers = Array.from(
    { length: operations },
    (_, index) => fixture.redeemIds[index % fixture.redeemIds.length] ?? '',
  );
  const codes = await codesFor(stack, volunteers);
  const ops: HttpOp[] = volunteers.map((_, index) => ({
    method: 'POST',
    path: `/v1/stores/${STORE}/redemptions`,
    headers: {
      authorization: `Bearer ${fixture.counterTokens[index % fixture.counterTokens.length]}`,
      'idempotency-key': `bench-${tag}-${index}`,
    },
    body: JSON.stringify({ code: codes[index], items: basketOf(fixture, index, lines) }),
    expect: 201,
  }));
  const { result: ours, records } = await recorded(stack, generator, ops);
  const baseline = await replay(stack, generator, records);
  return { ours, baseline, ...(await costOf(stack, records, operations)) };
}

// ---------------------------------------------------------------------------------------------
// Earning

export const EARN_ENTRIES = 500;
const EARN_WARMUP = 50;

/**
 * Earning: the approval of one service record of `ids.length` entries through the API, against the
 * same entries' transactions replayed at the same parallelism (16). Throughput is in entries per
 * second; latency is per entry's transaction (our side timed by the counted client).
 */
export async function earnWorkload(
  stack: Stack,
  generator: Generator,
  fixture: Fixture,
  run: number,
): Promise<Measured> {
  const ids = fixture.earnIds[run + 1] ?? [];
  const date = chinaDate(new Date(Date.now() - (run + 2) * 86_400_000));
  const record = (await call(
    `${stack.baseUrl}/v1/service-records`,
    {
      method: 'POST',
      token: fixture.adminToken,
      headers: { 'idempotency-key': `bench-submit-${run + 1}` },
      body: {
        activity: { name: '基准测试服务', date },
        entries: ids.map((volunteerId) => ({ volunteerId, hours: 2 })),
      },
    },
    201,
  )) as { id: string };
  const { result, records } = await recorded(stack, generator, [
    {
      method: 'POST',
      path: `/v1/service-records/${record.id}/approve`,
      headers: {
        authorization: `Bearer ${fixture.adminToken}`,
        'idempotency-key': `bench-approve-${run + 1}`,
      },
      expect: 200,
    },
  ]);
  const transactLatencies = stack.apiCalls.durations
    .filter((entry) => entry.name === 'TransactWriteItems')
    .map((entry) => entry.ms)
    .sort((a, b) => a - b);
  const ours: JobResult = {
    ...result,
    operations: ids.length,
    opsPerSec: ids.length / result.seconds,
    p50Ms: percentile(transactLatencies, 0.5),
    p99Ms: percentile(transactLatencies, 0.99),
  };
  const baseline = await replay(stack, generator, records);
  return { ours, baseline, ...(await costOf(stack, records, ids.length)) };
}

// ---------------------------------------------------------------------------------------------
// Cost samples: a few untimed operations whose DynamoDB calls are priced, nothing more.

/** Organisations of a county-sized tree for the coordinator's reads: towns, villages, groups. */
export const COUNTY_ORGS = { towns: 18, villagesPerTown: 17, groupsPerVillage: 1 };

export async function seedCountyTree(stack: Stack): Promise<number> {
  const at = new Date().toISOString();
  const orgs: Item[] = [];
  const org = (orgId: string, name: string, level: string, parentId: string) => ({
    ...keys.org(orgId),
    entity: 'org',
    orgId,
    name,
    level,
    parentId,
    version: 1,
    createdAt: at,
    updatedAt: at,
    updatedBy: 'bench-admin',
  });
  for (let town = 0; town < COUNTY_ORGS.towns; town += 1) {
    const townId = `town-${town}`;
    orgs.push(org(townId, `第${town + 1}镇`, 'town', ORG));
    for (let village = 0; village < COUNTY_ORGS.villagesPerTown; village += 1) {
      const villageId = `${townId}-village-${village}`;
      orgs.push(org(villageId, `第${town + 1}镇第${village + 1}村`, 'village', townId));
      for (let group = 0; group < COUNTY_ORGS.groupsPerVillage; group += 1)
        orgs.push(org(`${villageId}-group-${group}`, `第${village + 1}村志愿服务队`, 'group', villageId));
    }
  }
  for (const item of orgs)
    await stack.directClient.send(new PutCommand({ TableName: stack.tableName, Item: item }));
  return orgs.length + 1;
}

export interface CostSamples {
  /** A redemption with the misuse caps at their defaults (as deployed): two more items. */
  redeemWithCaps: { lines1: CostPerOp; lines5: CostPerOp };
  /**
   * A county coordinator reading the balance of a volunteer three levels down (a village's group):
   * the account, then the walk up to the coordinator's organisation, on a cold process (each
   * parent read once) and warm (parents remembered).
   */
  coordinatorBalance: CostPerOp & { orgs: number; levelsWalked: number };
  coordinatorBalanceCold: CostPerOp;
  /** A volunteer reading their own balance. */
  volunteerBalance: CostPerOp;
}

export async function costSamples(
  stack: Stack,
  generator: Generator,
  fixture: Fixture,
): Promise<CostSamples> {
  // Redemptions as deployed: the caps at their defaults, for a few volunteers of their own.
  const ids = await seedVolunteers(stack, 'capped', 10, 1000);
  const codes = await codesFor(stack, ids);
  const defaults = { ...process.env, ...stack.env };
  delete defaults.REDEEM_POINTS_PER_VOLUNTEER_PER_DAY;
  delete defaults.REDEMPTIONS_PER_COUNTER_PER_MINUTE;
  installRuntime(buildRuntime(parseConfig(defaults), { client: stack.apiClient }));
  const capped = async (from: number, lines: number) => {
    const ops: HttpOp[] = [0, 1, 2, 3, 4].map((offset) => ({
      method: 'POST',
      path: `/v1/stores/${STORE}/redemptions`,
      headers: {
        authorization: `Bearer ${fixture.counterTokens[offset]}`,
        'idempotency-key': `bench-capped-${from + offset}`,
      },
      body: JSON.stringify({ code: codes[from + offset], items: basketOf(fixture, from + offset, lines) }),
      expect: 201,
    }));
    const { result, records } = await recorded(stack, generator, ops);
    if (result.failures > 0) throw new Error(`capped redemptions: ${result.failureSamples.join('; ')}`);
    return costOf(stack, records, ops.length);
  };
  let redeemWithCaps: CostSamples['redeemWithCaps'];
  try {
    redeemWithCaps = { lines1: await capped(0, 1), lines5: await capped(5, 5) };
  } finally {
    installRuntime(stack.runtime);
  }

  const orgs = await seedCountyTree(stack);
  const balanceOf = async (token: string, volunteerId: string) => {
    const ops: HttpOp[] = [0, 1, 2].map(() => ({
      method: 'GET',
      path: `/v1/volunteers/${volunteerId}/balance`,
      headers: { authorization: `Bearer ${token}` },
      expect: 200,
    }));
    const { result, records } = await recorded(stack, generator, ops);
    if (result.failures > 0) throw new Error(`balance reads: ${result.failureSamples.join('; ')}`);
    return costOf(stack, records, ops.length);
  };
  const volunteerId = fixture.balanceIds[0] ?? '';
  const villager = 'bench-villager';
  await stack.runtime.ledger.openAccount(villager, { orgId: 'town-0-village-0-group-0' });
  const coordinator = stack.token({ sub: 'bench-coordinator', groups: ['coordinator'], orgId: ORG });
  forgetOrgParents();
  const coldRead: HttpOp = {
    method: 'GET',
    path: `/v1/volunteers/${villager}/balance`,
    headers: { authorization: `Bearer ${coordinator}` },
    expect: 200,
  };
  const cold = await recorded(stack, generator, [coldRead]);
  if (cold.result.failures > 0)
    throw new Error(`cold balance read: ${cold.result.failureSamples.join('; ')}`);
  return {
    redeemWithCaps,
    coordinatorBalanceCold: await costOf(stack, cold.records, 1),
    coordinatorBalance: { ...(await balanceOf(coordinator, villager)), orgs, levelsWalked: 3 },
    volunteerBalance: await balanceOf(
      stack.token({ sub: `bench-volunteer-${volunteerId}`, groups: ['volunteer'], volunteerId }),
      volunteerId,
    ),
  };
}
