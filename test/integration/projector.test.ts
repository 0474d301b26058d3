import { randomBytes } from 'node:crypto';
import { ThrottlingException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as projectMovements } from '../../functions/ledger/project-movements';
import { handler as postRedemption } from '../../functions/stores/post-redemption';
import { handler as postVoid } from '../../functions/stores/post-redemption-void';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { type Movement, SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import {
  ProjectionTally,
  STORE_TOTAL_FIELDS,
  SYSTEM_TOTAL_FIELDS,
} from '../../shared/ledger/rules/projection';
import { auditDeps } from '../../shared/ledger/store/audit-source';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { PROJECTION_MARKER_TTL_SECONDS } from '../../shared/ledger/store/projection-store';
import { adjustPoints } from '../../shared/ledger/use-cases/adjust-points';
import { auditEverything } from '../../shared/ledger/use-cases/audit-all';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import {
  ENTITY,
  keys,
  PROJECTION_STORE_PREFIX,
  PROJECTION_SYSTEM_PARTITION,
} from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import type { SigningKeys } from '../../shared/platform/signed-token';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode, readVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { callers, invoke } from '../support/http';
import { addVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * The stream projector against DynamoDB Local. DynamoDB Local has no stream here, so the tests
 * build the stream's records from the movement items the real ledger wrote (read back from the
 * table and marshalled as DynamoDB Streams sends them), with the other items' records mixed in.
 */

/** 10:00 on 2026-11-02 in China; the clock moves a millisecond per reading and jumps when told. */
let clockMs = Date.parse('2026-11-02T02:00:00.000Z');
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};
const DAY_ONE = '2026-11-02';
const DAY_TWO = '2026-11-03';

let table: TestTable;
let runtime: Runtime;
let signing: SigningKeys;
let sequence = 0;
let keyCounter = 0;
const freshKey = () => `projector-key-${++keyCounter}`;

function runtimeWith(client = table.client): Runtime {
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
  });
  const ledger = new LedgerStore({
    client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(11),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  return { ...buildRuntime(config, { client: client }), ledger, now: clock };
}

const codeFor = (volunteerId: string): string =>
  issueVolunteerCode(volunteerId, randomBytes(12).toString('base64url'), clock(), signing).code;

async function redeemAt(storeId: string, volunteerId: string, sku: string, qty: number, pricePoints: number) {
  const code = codeFor(volunteerId);
  const answer = await invoke(postRedemption, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions',
    params: { storeId },
    body: { code, items: [{ sku, qty, pricePoints }] },
    caller: callers.counter(storeId),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status).toBe(201);
  const reading = readVolunteerCode(code, signing, new Date(0));
  if (reading.status === 'invalid') throw new Error('not a code');
  return reading.codeId;
}

async function voidAt(storeId: string, redemptionId: string) {
  const answer = await invoke(postVoid, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions/{id}/void',
    params: { storeId, id: redemptionId },
    body: { reason: '退货 returned' },
    caller: callers.counter(storeId),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status).toBe(200);
}

/** A prize as the monthly draw credits it. */
async function prize(volunteerId: string, points: number) {
  await runtime.ledger.postMovement({
    draft: {
      kind: 'prize',
      volunteerId,
      direction: 'credit',
      amount: points,
      counterAccount: SYSTEM_ACCOUNT.prizes,
      ref: 'draw:2026-10',
      actor: 'system',
      details: { drawMonth: '2026-10' },
    },
    idempotency: { scope: 'draw:2026-10', key: volunteerId, fingerprint: `prize-${points}` },
    respond: (movement) => ({ status: 200, body: { volunteerId, movementId: movement.id } }),
  });
}

async function adjust(volunteerId: string, direction: 'credit' | 'debit', points: number) {
  await adjustPoints(
    ledgerAreaDeps(runtime),
    { userId: 'admin-1', roles: new Set(['admin'] as const) },
    volunteerId,
    { direction, points, reason: '更正 correction' },
    { key: freshKey(), fingerprint: `adjust-${direction}-${points}` },
  );
}

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({
        TableName: table.tableName,
        ConsistentRead: true,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  item: Record<string, unknown>,
): DynamoDBRecord {
  sequence += 1;
  const image = marshall(item, { removeUndefinedValues: true }) as NonNullable<
    NonNullable<DynamoDBRecord['dynamodb']>['NewImage']
  >;
  const keyImage = marshall({ pk: item.pk, sk: item.sk }) as typeof image;
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'cn-northwest-1',
    eventSourceARN: `arn:aws-cn:dynamodb:cn-northwest-1:123456789012:table/${table.tableName}/stream/2026-11-01T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(Date.parse(String(item.at ?? '2026-11-02T02:00:00Z')) / 1000),
      Keys: keyImage,
      ...(eventName === 'REMOVE' ? { OldImage: image } : { NewImage: image }),
      ...(eventName === 'MODIFY' ? { OldImage: image } : {}),
      SequenceNumber: String(sequence).padStart(21, '0'),
      SizeBytes: JSON.stringify(image).length,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

/**
 * The stream as the table would have produced it: an INSERT for every movement written since
 * `seen` (in commit order), with INSERTs of the other new items and MODIFYs of accounts mixed in,
 * as if the event source's filter were not there.
 */
async function streamOfNewItems(seen: Set<string>): Promise<DynamoDBStreamEvent> {
  const items = (await scanAll()).filter((item) => !seen.has(`${item.pk}|${item.sk}`));
  for (const item of items) seen.add(`${item.pk}|${item.sk}`);
  const movements = items
    .filter((item) => item.entity === ENTITY.movement)
    .sort((a, b) => (String(a.at) < String(b.at) ? -1 : 1));
  const others = items.filter(
    (item) => item.entity !== ENTITY.movement && !String(item.pk).startsWith('PROJ#'),
  );
  const records: DynamoDBRecord[] = [];
  for (const [index, movement] of movements.entries()) {
    const other = others[index];
    if (other !== undefined) records.push(streamRecord(index % 3 === 0 ? 'MODIFY' : 'INSERT', other));
    records.push(streamRecord('INSERT', movement));
  }
  records.push(
    streamRecord('REMOVE', { pk: 'COUNTER#u', sk: 'MIN#2026-11-02T02:00', entity: 'counter-minute' }),
  );
  return { Records: records };
}

const sequenceOf = (record: DynamoDBRecord | undefined): string => String(record?.dynamodb?.SequenceNumber);
const movementIdOf = (record: DynamoDBRecord): string | undefined =>
  record.eventName === 'INSERT' && record.dynamodb?.NewImage?.entity?.S === ENTITY.movement
    ? record.dynamodb.NewImage.id?.S
    : undefined;

/** Every projection item (totals and markers), without the attributes that name the moment. */
async function projectionItems() {
  return (await scanAll())
    .filter((item) => String(item.pk).startsWith('PROJ#'))
    .sort((a, b) => (`${a.pk}|${a.sk}` < `${b.pk}|${b.sk}` ? -1 : 1));
}

/** A totals item's figures, absent ones as zero (an item holds only what was ever added). */
function figures(item: Record<string, unknown> | undefined, fields: readonly string[]) {
  return Object.fromEntries(fields.map((field) => [field, Number(item?.[field] ?? 0)]));
}

async function systemDay(date: string) {
  const found = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND sk = :sk',
      ExpressionAttributeValues: { ':pk': PROJECTION_SYSTEM_PARTITION, ':sk': keys.systemDayTotals(date).sk },
      ConsistentRead: true,
    }),
  );
  return found.Items?.[0];
}

async function storeDays(storeId: string) {
  const found = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `${PROJECTION_STORE_PREFIX}${storeId}` },
      ConsistentRead: true,
    }),
  );
  return found.Items ?? [];
}

/** Totals recomputed from the movements in the table, the way the audit does. */
async function recomputed() {
  const tally = new ProjectionTally();
  for (const item of await scanAll()) {
    if (item.entity === ENTITY.movement) tally.add(item as unknown as Movement);
  }
  return tally;
}

const seen = new Set<string>();
let dayOne: DynamoDBStreamEvent;

beforeAll(async () => {
  table = await freshTable('projector');
  runtime = runtimeWith();
  installRuntime(runtime);
  signing = await signingKeys(runtime.config);
  for (const storeId of ['S1', 'S2']) {
    const store = await invoke(putStore, {
      routeKey: 'PUT /v1/stores/{storeId}',
      params: { storeId },
      body: { name: `爱心超市 ${storeId}`, kind: 'fixed' },
      caller: callers.admin,
    });
    expect(store.status).toBe(200);
    const item = await invoke(putItem, {
      routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
      params: { storeId, sku: 'rice' },
      body: { name: '大米 5kg', pricePoints: 30, stock: 100 },
      caller: callers.admin,
    });
    expect(item.status).toBe(200);
  }
  // Day one, 10:00 China time: three earns, two redemptions at S1 (one voided), one at S2, a prize
  // and an adjustment each way.
  await addVolunteer(runtime, { id: 'tan', name: '谭成华', points: 500 });
  await addVolunteer(runtime, { id: 'wei', name: '魏仁科', points: 200 });
  await addVolunteer(runtime, { id: 'ma', name: '马秀英', points: 100 });
  const first = await redeemAt('S1', 'tan', 'rice', 2, 30);
  await redeemAt('S1', 'wei', 'rice', 1, 30);
  await redeemAt('S2', 'ma', 'rice', 1, 30);
  await voidAt('S1', first);
  await prize('wei', 50);
  await adjust('ma', 'credit', 7);
  await adjust('tan', 'debit', 3);
  dayOne = await streamOfNewItems(seen);
});

afterAll(() => installRuntime(undefined));

describe('the stream projector', () => {
  it('sees an empty projection as not in use: the audit passes without a stream', async () => {
    const report = await auditEverything(
      auditDeps({ ...runtime, now: () => new Date('2026-11-10T00:00:00Z') }),
    );

    expect(report.projection).toEqual({ status: 'not-in-use', daysChecked: 0, storeDaysChecked: 0 });
    expect(report.problems).toEqual([]);
  });

  it('adds every movement of a batch to its China day: the county and each store', async () => {
    const answer = await projectMovements(dayOne);

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(await systemDay(DAY_ONE)).toMatchObject({
      entity: ENTITY.projectionTotals,
      date: DAY_ONE,
      movements: 10,
      pointsEarned: 800,
      pointsRedeemed: 120,
      redemptions: 3,
      pointsVoided: 60,
      voids: 1,
      prizePoints: 50,
      pointsAdjusted: 4,
    });
    expect(await storeDays('S1')).toEqual([
      expect.objectContaining({
        storeId: 'S1',
        date: DAY_ONE,
        pointsRedeemed: 90,
        redemptions: 2,
        pointsVoided: 60,
        voids: 1,
      }),
    ]);
    expect(await storeDays('S2')).toEqual([
      expect.objectContaining({ storeId: 'S2', date: DAY_ONE, pointsRedeemed: 30, redemptions: 1 }),
    ]);
    expect((await storeDays('S2'))[0]?.voids).toBeUndefined();
  });

  it('leaves one marker per movement that expires 8 days after it was written', async () => {
    const markers = (await projectionItems()).filter((item) => item.entity === ENTITY.projectionMarker);
    const movementIds = dayOne.Records.map(movementIdOf).filter((id) => id !== undefined);

    expect(markers.map((marker) => marker.movementId).sort()).toEqual([...movementIds].sort());
    for (const marker of markers) {
      const projectedAtSeconds = Math.floor(Date.parse(String(marker.projectedAt)) / 1000);
      expect(marker.expiresAt).toBe(projectedAtSeconds + PROJECTION_MARKER_TTL_SECONDS);
    }
  });

  it('changes nothing when the same batch is delivered again', async () => {
    const before = await projectionItems();

    const answer = await projectMovements(dayOne);

    expect(answer).toEqual({ batchItemFailures: [] });
    expect(await projectionItems()).toEqual(before);
  });

  it('reports only the record that kept failing, and its redelivery counts once', async () => {
    clockMs = Date.parse(`${DAY_TWO}T03:00:00.000Z`);
    await addVolunteer(runtime, { id: 'li', name: '李德明', points: 300 });
    await redeemAt('S1', 'li', 'rice', 3, 30);
    await redeemAt('S1', 'tan', 'rice', 1, 30);
    await adjust('li', 'credit', 5);
    const dayTwo = await streamOfNewItems(seen);
    const movementRecords = dayTwo.Records.filter((record) => movementIdOf(record) !== undefined);
    const stuck = movementRecords[1];
    const stuckId = stuck === undefined ? undefined : movementIdOf(stuck);
    if (stuck === undefined || stuckId === undefined) throw new Error('expected a second movement');
    // Every attempt to project the stuck movement is throttled; the others go through.
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    let throttled = 0;
    faulty.middlewareStack.add(
      (next) => async (args) => {
        if (JSON.stringify(args.input).includes(`PROJ#MARK#${stuckId}`)) {
          throttled += 1;
          throw new ThrottlingException({ message: 'injected', $metadata: {} });
        }
        return next(args);
      },
      { step: 'initialize', name: 'throttleOneMovement', priority: 'high' },
    );
    installRuntime(runtimeWith(faulty));
    let answer: Awaited<ReturnType<typeof projectMovements>>;
    try {
      answer = await projectMovements(dayTwo);
    } finally {
      installRuntime(runtime);
    }

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: sequenceOf(stuck) }]);
    expect(throttled).toBe(8);
    expect((await systemDay(DAY_TWO))?.movements).toBe(movementRecords.length - 1);

    // Lambda delivers again from the earliest failed record: that one and everything after it.
    const from = dayTwo.Records.indexOf(stuck);
    const redelivered = await projectMovements({ Records: dayTwo.Records.slice(from) });

    expect(redelivered).toEqual({ batchItemFailures: [] });
    const tally = await recomputed();
    expect(figures(await systemDay(DAY_TWO), SYSTEM_TOTAL_FIELDS)).toEqual({
      ...tally.system.get(DAY_TWO),
      movements: 4,
    });
    expect((await storeDays('S1')).find((item) => item.date === DAY_TWO)).toMatchObject({
      pointsRedeemed: 120,
      redemptions: 2,
    });
  });

  it('counts each movement once through throttling, conflicts and lost answers, retried as Lambda does', async () => {
    clockMs = Date.parse(`${DAY_TWO}T05:00:00.000Z`);
    for (const [index, volunteerId] of ['tan', 'wei', 'ma', 'li'].entries()) {
      await redeemAt(index % 2 === 0 ? 'S1' : 'S2', volunteerId, 'rice', 1, 30);
      await adjust(volunteerId, 'credit', index + 1);
    }
    await prize('li', 20);
    const batch = await streamOfNewItems(seen);
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(faulty, { seed: 42, rate: 0.5, commands: ['TransactWriteItems'] });
    installRuntime(runtimeWith(faulty));
    let records = batch.Records;
    let deliveries = 0;
    try {
      for (; deliveries < 20 && records.length > 0; deliveries += 1) {
        const answer = await projectMovements({ Records: records });
        const failed = new Set(answer.batchItemFailures.map((failure) => failure.itemIdentifier));
        const earliest = records.findIndex((record) => failed.has(sequenceOf(record)));
        records = earliest === -1 ? [] : records.slice(earliest);
      }
    } finally {
      installRuntime(runtime);
    }

    expect(records).toEqual([]);
    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(log.injected['transaction-conflict'] + log.injected.throttling).toBeGreaterThan(0);
    const tally = await recomputed();
    expect(figures(await systemDay(DAY_TWO), SYSTEM_TOTAL_FIELDS)).toEqual({
      ...tally.system.get(DAY_TWO),
      movements: 13,
    });
    for (const storeId of ['S1', 'S2']) {
      const projected = (await storeDays(storeId)).find((item) => item.date === DAY_TWO);
      expect(figures(projected, STORE_TOTAL_FIELDS)).toEqual(
        tally.stores.get(`${storeId}|${DAY_TWO}`)?.totals,
      );
    }
  });

  it('is proved by the audit: settled days after the first match their movements, a wrong total is named', async () => {
    const later = { ...runtime, now: () => new Date('2026-11-10T00:00:00Z') };
    const clean = await auditEverything(auditDeps(later));

    expect(clean.problems).toEqual([]);
    expect(clean.projection).toEqual({
      status: 'checked',
      firstProjectedDay: DAY_ONE,
      daysChecked: 1,
      storeDaysChecked: 2,
    });
    // Within the hour after day two ends, its totals may still be arriving: not checked yet.
    const soon = await auditEverything(
      auditDeps({ ...runtime, now: () => new Date(`${DAY_TWO}T16:30:00Z`) }),
    );
    expect(soon.projection.daysChecked).toBe(0);

    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.storeDayTotals('S2', DAY_TWO),
        UpdateExpression: 'ADD redemptions :one',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    const wrong = await auditEverything(auditDeps(later));

    expect(wrong.ok).toBe(false);
    expect(wrong.problems).toEqual([
      {
        kind: 'projection-mismatch',
        account: 'store:S2',
        detail: `${DAY_TWO}: redemptions projected 3, movements give 2`,
      },
    ]);
  });
});
