import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { keepRefusal, writeIdempotently } from '../../shared/platform/dynamo/idempotent-write';
import { ENTITY } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import type { IdempotencyScope, StoredResponse } from '../../shared/platform/idempotency';
import { injectFaults } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

/**
 * keepRefusal against DynamoDB Local: the refusal marker is the one a success would write, put
 * only where none is, so whichever answer came first holds the key.
 */
let table: TestTable;

const refusal: StoredResponse = {
  status: 409,
  body: { type: 'urn:aixin-points:problem:out-of-stock', status: 409, code: 'OUT_OF_STOCK', detail: 'x' },
};
const scope = (key: string, fingerprint = 'same-request'): IdempotencyScope => ({
  scope: 'user:clerk-1',
  key,
  fingerprint,
});
const deps = (client = table.client) => ({
  client,
  tableName: table.tableName,
  now: () => new Date('2026-11-02T02:00:00.000Z'),
  sleep: () => new Promise<void>((done) => setImmediate(done)),
});

async function markers(): Promise<Record<string, unknown>[]> {
  const result = await table.client.send(
    new ScanCommand({
      TableName: table.tableName,
      ConsistentRead: true,
      FilterExpression: 'entity = :marker',
      ExpressionAttributeValues: { ':marker': ENTITY.idempotencyMarker },
    }),
  );
  return result.Items ?? [];
}

beforeAll(async () => {
  table = await freshTable('refusals');
});

describe('keepRefusal', () => {
  it('keeps one marker however many copies of the same refused request race', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => keepRefusal(deps(), scope('race'), refusal)),
    );

    expect(outcomes).toEqual(Array.from({ length: 8 }, () => ({ kind: 'kept' })));
    const kept = (await markers()).filter((item) => String(item.pk).endsWith('#race'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ refused: true, fingerprint: 'same-request' });
  });

  it('gives the success its due when the success holds the key first', async () => {
    const written = await writeIdempotently(deps(), {
      idempotency: scope('success-first'),
      prepare: async () => ({ items: [], response: { status: 201, body: { id: 'r1' } } }),
    });
    const outcome = await keepRefusal(deps(), scope('success-first'), refusal);

    expect(written.replayed).toBe(false);
    expect(outcome).toEqual({
      kind: 'answered',
      result: { status: 201, body: { id: 'r1' }, replayed: true },
    });
  });

  it('refuses with 422 when another request holds the key', async () => {
    await keepRefusal(deps(), scope('other', 'first-request'), refusal);

    await expect(keepRefusal(deps(), scope('other', 'second-request'), refusal)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('a kept refusal is replayed by the write path itself, verbatim, as a refusal', async () => {
    await keepRefusal(deps(), scope('replayed'), refusal);
    let prepared = 0;
    const replay = writeIdempotently(deps(), {
      idempotency: scope('replayed'),
      prepare: async () => {
        prepared += 1;
        return { items: [], response: { status: 201, body: {} } };
      },
    });

    const error = await replay.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'OUT_OF_STOCK', replayBody: refusal.body });
    expect((error as AppError).headers).toEqual({ 'idempotent-replayed': 'true' });
    expect(prepared).toBe(0);
  });

  it('counts its own put whose answer was lost as kept, not as a replay', async () => {
    const client = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(client, { seed: 1, rate: 1, kinds: ['lost-response'], commands: ['PutItem'] });
    const outcome = await keepRefusal(deps(client), scope('lost'), refusal);
    log.enabled = false;

    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(outcome).toEqual({ kind: 'kept' });
    expect((await markers()).filter((item) => String(item.pk).endsWith('#lost'))).toHaveLength(1);
  });

  it('keeps nothing and says so when DynamoDB stays busy through every attempt', async () => {
    const client = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const log = injectFaults(client, { seed: 2, rate: 1, kinds: ['throttling'] });
    const outcome = await keepRefusal(deps(client), scope('busy'), refusal);
    log.enabled = false;

    expect(outcome).toBeUndefined();
    expect(log.injected.throttling).toBeGreaterThan(1);
    expect((await markers()).filter((item) => String(item.pk).endsWith('#busy'))).toHaveLength(0);
  });
});
