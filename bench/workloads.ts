/**
 * The measured workloads. Each runs our path through the local HTTP API and a baseline that sends
 * the same DynamoDB work straight to DynamoDB Local, in the same run.
 */
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { itemSize, strongReadUnits, writeUnits } from '../shared/adapters/dynamo/item-size';
import { keys } from '../shared/adapters/dynamo/keys';
import { chinaDate } from '../shared/domain/china-time';
import { call, type LoadResult, load, type Stack } from './harness';

export const CONCURRENCY = 16;

export interface Measured {
  ours: LoadResult;
  baseline: LoadResult;
  callsPerOp: number;
  writeUnitsPerOp: number;
  readUnitsPerOp: number;
  itemsPerOp: number;
}

const ADMIN = { sub: 'bench-admin', groups: ['admin'] };

/** Opens `count` volunteer accounts under one organisation and gives each `points`. */
export async function seedVolunteers(
  stack: Stack,
  prefix: string,
  count: number,
  points: number,
): Promise<string[]> {
  await stack.directClient.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: {
        ...keys.org('bench-county'),
        entity: 'org',
        orgId: 'bench-county',
        name: '基准县',
        level: 'county',
      },
    }),
  );
  const ids = Array.from({ length: count }, (_, index) => `${prefix}${index}`);
  await load(ids.length, CONCURRENCY, async (index) => {
    const volunteerId = ids[index] ?? '';
    await stack.runtime.ledger.openAccount(volunteerId, { orgId: 'bench-county' });
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
  return ids;
}

/** The balance read: GET /v1/volunteers/{id}/balance against a bare strongly consistent GetItem. */
export async function balanceWorkload(stack: Stack, operations: number): Promise<Measured> {
  const ids = await seedVolunteers(stack, 'bal', 200, 100);
  const token = stack.token(ADMIN);
  stack.apiCalls.reset();
  const ours = await load(operations, CONCURRENCY, async (index) => {
    await call(
      `${stack.baseUrl}/v1/volunteers/${ids[index % ids.length]}/balance`,
      { method: 'GET', token },
      200,
    );
  });
  const callsPerOp = stack.apiCalls.total() / operations;
  const baseline = await load(operations, CONCURRENCY, async (index) => {
    const result = await stack.directClient.send(
      new GetCommand({
        TableName: stack.tableName,
        Key: keys.volunteerAccount(ids[index % ids.length] ?? ''),
        ConsistentRead: true,
      }),
    );
    if (result.Item === undefined) throw new Error('missing account');
  });
  const account = await stack.directClient.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: keys.volunteerAccount(ids[0] ?? ''),
      ConsistentRead: true,
    }),
  );
  return {
    ours,
    baseline,
    callsPerOp,
    writeUnitsPerOp: 0,
    readUnitsPerOp: strongReadUnits(account.Item ?? {}),
    itemsPerOp: 1,
  };
}

/**
 * Earning: the approval of one 500-entry service record through the API, against the same 500
 * transactions (account, movement, idempotency marker, day's hours) sent straight to DynamoDB at
 * the approval's own parallelism. Throughput is in entries per second; latency is per entry's
 * transaction, timed by the call counter.
 */
export async function earnWorkload(stack: Stack, run: number): Promise<Measured> {
  const entries = 500;
  const ids = await seedVolunteers(stack, `earn${run}-`, entries, 0);
  const token = stack.token(ADMIN);
  const date = chinaDate(new Date(Date.now() - (run + 1) * 86_400_000));
  const record = (await call(
    `${stack.baseUrl}/v1/service-records`,
    {
      method: 'POST',
      token,
      headers: { 'idempotency-key': `bench-submit-${run}` },
      body: {
        activity: { name: '基准测试服务', date },
        entries: ids.map((volunteerId) => ({ volunteerId, hours: 2 })),
      },
    },
    201,
  )) as { id: string };
  stack.apiCalls.reset();
  stack.apiCalls.durations.length = 0;
  const started = performance.now();
  await call(
    `${stack.baseUrl}/v1/service-records/${record.id}/approve`,
    { method: 'POST', token, headers: { 'idempotency-key': `bench-approve-${run}` } },
    200,
  );
  const seconds = (performance.now() - started) / 1000;
  const transactLatencies = stack.apiCalls.durations
    .filter((entry) => entry.name === 'TransactWriteItems')
    .map((entry) => entry.ms)
    .sort((a, b) => a - b);
  const callsPerOp = stack.apiCalls.total() / entries;
  const ours: LoadResult = {
    operations: entries,
    failures: 0,
    seconds,
    opsPerSec: entries / seconds,
    p50Ms: transactLatencies[Math.floor(transactLatencies.length / 2)] ?? 0,
    p99Ms: transactLatencies[Math.ceil(transactLatencies.length * 0.99) - 1] ?? 0,
  };

  // Units per entry, from the items one credited entry left behind.
  const first = ids[0] ?? '';
  const read = async (key: { pk: string; sk: string }) =>
    (await stack.directClient.send(new GetCommand({ TableName: stack.tableName, Key: key }))).Item ?? {};
  const entryItems = [
    await read(keys.volunteerAccount(first)),
    await read(keys.movement(first, 1)),
    await read(keys.idempotencyMarker(`record:${record.id}`, first)),
    await read(keys.dailyHours(first, date)),
  ].filter((item) => Object.keys(item).length > 0);

  // The baseline: the same four items per entry, as bare transactions.
  const baselineIds = await seedVolunteers(stack, `earnbase${run}-`, entries, 0);
  const [, movement, marker] = entryItems;
  const baseline = await load(entries, CONCURRENCY, async (index) => {
    const volunteerId = baselineIds[index] ?? '';
    await stack.directClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: stack.tableName,
              Key: keys.volunteerAccount(volunteerId),
              UpdateExpression: 'SET balance = balance + :amount, #sequence = :next, updatedAt = :at',
              ConditionExpression: '#sequence = :current AND attribute_exists(pk)',
              ExpressionAttributeNames: { '#sequence': 'sequence' },
              ExpressionAttributeValues: {
                ':amount': 20,
                ':next': 1,
                ':current': 0,
                ':at': new Date().toISOString(),
              },
            },
          },
          {
            Put: {
              TableName: stack.tableName,
              Item: { ...movement, ...keys.movement(volunteerId, 1), volunteerId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: stack.tableName,
              Item: { ...marker, ...keys.idempotencyMarker(`bench-base-${run}`, volunteerId) },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: stack.tableName,
              Key: keys.dailyHours(volunteerId, date),
              UpdateExpression: 'ADD quarters :q',
              ConditionExpression: 'attribute_not_exists(quarters) OR quarters <= :limit',
              ExpressionAttributeValues: { ':q': 8, ':limit': 88 },
            },
          },
        ],
      }),
    );
  });
  return {
    ours,
    baseline,
    callsPerOp,
    writeUnitsPerOp: entryItems.reduce((sum, item) => sum + writeUnits(item, true), 0),
    readUnitsPerOp: 0,
    itemsPerOp: entryItems.length,
  };
}

export const describeItems = (items: Record<string, unknown>[]): string => items.map(itemSize).join('+');
