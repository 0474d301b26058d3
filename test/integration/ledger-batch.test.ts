import { createHash } from 'node:crypto';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Movement } from '../../shared/ledger/rules/ledger';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import {
  type LedgerObserver,
  LedgerStore,
  MOVEMENTS_PER_TRANSACTION_MAX,
  type PostMovementInput,
} from '../../shared/ledger/store/ledger-store';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { auditLedger } from '../support/ledger-audit';
import { perform, steppingClock } from '../support/ledger-fixtures';
import { freshTable, type TestTable } from './support';

const SCOPE = 'draw:2026-10';
const PRIZE = 120;

interface Watched {
  ledger: LedgerStore;
  posted: Movement[];
  conditionFailed: number;
}

/** A ledger with a clock that steps one second per reading, and an observer that records. */
function watchedLedger(table: TestTable, client = table.client): Watched {
  const watched: Watched = { ledger: undefined as unknown as LedgerStore, posted: [], conditionFailed: 0 };
  const observer: LedgerObserver = {
    movementPosted: (movement) => watched.posted.push(movement),
    replayed: () => undefined,
    conditionFailed: () => {
      watched.conditionFailed += 1;
    },
    retried: () => undefined,
  };
  watched.ledger = new LedgerStore({
    client,
    tableName: table.tableName,
    now: steppingClock(),
    random: seededRandom(5),
    sleep: () => new Promise((done) => setImmediate(done)),
    observer,
  });
  return watched;
}

/** A prize credit shaped like the draw's, optionally with the state its caller read. */
function prize(volunteerId: string, prefetched?: PostMovementInput['prefetched']): PostMovementInput {
  return {
    ...(prefetched === undefined ? {} : { prefetched }),
    draft: {
      kind: 'prize',
      volunteerId,
      direction: 'credit',
      amount: PRIZE,
      counterAccount: SYSTEM_ACCOUNT.prizes,
      ref: SCOPE,
      actor: 'admin-1',
      memo: '2026-10 月度抽奖',
      details: { drawMonth: '2026-10' },
    },
    idempotency: {
      scope: SCOPE,
      key: volunteerId,
      fingerprint: createHash('sha256').update(`prize\n${volunteerId}\n${PRIZE}`).digest('hex'),
    },
    respond: (movement) => ({ status: 200, body: { volunteerId, movementId: movement.id } }),
  };
}

async function accountOf(table: TestTable, volunteerId: string): Promise<Record<string, unknown>> {
  const read = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: keys.volunteerAccount(volunteerId),
      ConsistentRead: true,
    }),
  );
  if (read.Item === undefined) throw new Error(`no account for ${volunteerId}`);
  return read.Item;
}

/** The prize inputs with each account read as the draw reads it, and no marker. */
async function prefetchedPrizes(table: TestTable, volunteers: readonly string[]) {
  return Promise.all(
    volunteers.map(async (volunteerId) =>
      prize(volunteerId, { account: await accountOf(table, volunteerId) }),
    ),
  );
}

/** Every item of the table, in key order. */
async function everything(table: TestTable): Promise<Record<string, unknown>[]> {
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
  const name = (item: Record<string, unknown>) => `${String(item.pk)}\n${String(item.sk)}`;
  return items.sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/** The same three volunteers on a table: two fresh accounts, one that has earned once before. */
async function threeVolunteers(watched: Watched): Promise<string[]> {
  const volunteers = ['v-an', 'v-bo', 'v-chen'];
  for (const volunteerId of volunteers) {
    await watched.ledger.openAccount(volunteerId, { orgId: 'shichuan-village-wenshan' });
  }
  await perform(watched.ledger, { kind: 'earn', volunteerId: 'v-bo', amount: 30, key: 'bo-earn' });
  return volunteers;
}

describe('posting several credits in one transaction', () => {
  it('writes exactly the items, answers and notifications that posting them one by one does', async () => {
    // Prepare: the same volunteers on two tables, with clocks that read the same instants
    const single = await freshTable('ledger-single');
    const batch = await freshTable('ledger-batch');
    const one = watchedLedger(single);
    const together = watchedLedger(batch);
    const volunteers = await threeVolunteers(one);
    await threeVolunteers(together);
    const inputs = await prefetchedPrizes(batch, volunteers);
    one.posted.length = 0;
    together.posted.length = 0;
    // Act
    const singles = [];
    for (const volunteerId of volunteers) singles.push(await one.ledger.postMovement(prize(volunteerId)));
    const batched = await together.ledger.postMovementsTogether(inputs);
    // Assess: the same answers and the same table, item for item, attribute for attribute
    expect(batched).toEqual(singles);
    expect(batched?.map((result) => result.movement?.balanceAfter)).toEqual([PRIZE, 30 + PRIZE, PRIZE]);
    expect(together.posted).toEqual(one.posted);
    const written = await everything(batch);
    expect(written).toEqual(await everything(single));
    expect(written.filter((item) => item.entity === ENTITY.idempotencyMarker)).toHaveLength(4);
    expect(written.filter((item) => item.entity === ENTITY.movement)).toHaveLength(4);
    expect((await auditLedger(batch.client, batch.tableName)).problems).toEqual([]);
    // And a replay through the single path answers what the batch answered.
    const replay = await together.ledger.postMovement(prize('v-chen'));
    expect(replay).toEqual({ status: 200, body: batched?.[2]?.body, replayed: true });
  });

  it('posts 33 movements (99 items) in one transaction', async () => {
    // Prepare
    const table = await freshTable('ledger-batch-33');
    const watched = watchedLedger(table);
    const volunteers = Array.from({ length: MOVEMENTS_PER_TRANSACTION_MAX }, (_, index) => `v-${index}`);
    for (const volunteerId of volunteers) await watched.ledger.openAccount(volunteerId);
    const inputs = await prefetchedPrizes(table, volunteers);
    // Act
    const results = await watched.ledger.postMovementsTogether(inputs);
    // Assess
    expect(results).toHaveLength(MOVEMENTS_PER_TRANSACTION_MAX);
    for (const volunteerId of volunteers) expect((await accountOf(table, volunteerId)).balance).toBe(PRIZE);
    expect(watched.posted).toHaveLength(MOVEMENTS_PER_TRANSACTION_MAX);
  });

  it('writes nothing when one marker already exists; the fallback pays the others once and replays that one', async () => {
    // Prepare: v-bo's prize was paid meanwhile (say by a concurrent run); the caller's read of the
    // accounts is current but saw no marker for v-bo
    const table = await freshTable('ledger-batch-cancel');
    const watched = watchedLedger(table);
    const volunteers = await threeVolunteers(watched);
    const earlier = await watched.ledger.postMovement(prize('v-bo'));
    const inputs = await prefetchedPrizes(table, volunteers);
    const before = await everything(table);
    watched.posted.length = 0;
    // Act
    const batched = await watched.ledger.postMovementsTogether(inputs);
    const unchanged = await everything(table);
    const fallback = [];
    for (const volunteerId of volunteers)
      fallback.push(await watched.ledger.postMovement(prize(volunteerId)));
    // Assess: all or nothing, then each paid exactly once
    expect(batched).toBeUndefined();
    expect(unchanged).toEqual(before);
    expect(watched.conditionFailed).toBe(1);
    expect(fallback.map((result) => result.replayed)).toEqual([false, true, false]);
    expect(fallback[1]).toEqual({ status: 200, body: earlier.body, replayed: true });
    expect(watched.posted.map((movement) => movement.volunteerId)).toEqual(['v-an', 'v-chen']);
    expect((await accountOf(table, 'v-an')).balance).toBe(PRIZE);
    expect((await accountOf(table, 'v-bo')).balance).toBe(30 + PRIZE);
    expect((await accountOf(table, 'v-chen')).balance).toBe(PRIZE);
    expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
  });

  it('answers undefined after a committed transaction whose answer was lost; the fallback replays every one', async () => {
    // Prepare: a client that loses the answer of the transaction after it committed
    const table = await freshTable('ledger-batch-lost');
    const lossy = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(lossy, {
      seed: 1,
      rate: 1,
      kinds: ['lost-response'],
      commands: ['TransactWriteItems'],
    });
    log.enabled = false;
    const watched = watchedLedger(table, lossy);
    const volunteers = await threeVolunteers(watched);
    const inputs = await prefetchedPrizes(table, volunteers);
    watched.posted.length = 0;
    // Act
    log.enabled = true;
    const batched = await watched.ledger.postMovementsTogether(inputs);
    log.enabled = false;
    const committed = await everything(table);
    const fallback = [];
    for (const volunteerId of volunteers)
      fallback.push(await watched.ledger.postMovement(prize(volunteerId)));
    // Assess: the transaction did commit, the fallback wrote nothing more and answered from the markers
    expect(log.injected['lost-response']).toBe(1);
    expect(batched).toBeUndefined();
    expect(watched.posted).toEqual([]);
    expect(fallback.every((result) => result.replayed)).toBe(true);
    expect(fallback.map((result) => result.body)).toEqual([
      { volunteerId: 'v-an', movementId: 'v-an.1' },
      { volunteerId: 'v-bo', movementId: 'v-bo.2' },
      { volunteerId: 'v-chen', movementId: 'v-chen.1' },
    ]);
    expect(await everything(table)).toEqual(committed);
    expect((await accountOf(table, 'v-an')).balance).toBe(PRIZE);
    expect((await accountOf(table, 'v-bo')).balance).toBe(30 + PRIZE);
    expect((await accountOf(table, 'v-chen')).balance).toBe(PRIZE);
    expect((await auditLedger(table.client, table.tableName)).problems).toEqual([]);
    lossy.destroy();
  });

  it('answers undefined and writes nothing on a transaction conflict, throttling or a lost request', async () => {
    // Prepare
    const table = await freshTable('ledger-batch-faults');
    const volunteers = ['v-an', 'v-bo'];
    const plain = watchedLedger(table);
    for (const volunteerId of volunteers) await plain.ledger.openAccount(volunteerId);
    const before = await everything(table);
    const answers = [];
    // Act
    for (const kind of ['transaction-conflict', 'throttling', 'lost-request'] as const) {
      const client = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
      injectFaults(client, { seed: 2, rate: 1, kinds: [kind], commands: ['TransactWriteItems'] });
      const watched = watchedLedger(table, client);
      answers.push(await watched.ledger.postMovementsTogether(await prefetchedPrizes(table, volunteers)));
      client.destroy();
    }
    // Assess
    expect(answers).toEqual([undefined, undefined, undefined]);
    expect(await everything(table)).toEqual(before);
  });

  it('refuses inputs it is not for: more than 33, a volunteer twice, no account read, a marker, a debit, extra items', async () => {
    // Prepare
    const table = await freshTable('ledger-batch-refuse');
    const watched = watchedLedger(table);
    await watched.ledger.openAccount('v-an');
    const account = await accountOf(table, 'v-an');
    const good = prize('v-an', { account });
    const many = Array.from({ length: MOVEMENTS_PER_TRANSACTION_MAX + 1 }, (_, index) =>
      prize(`v-${index}`, { account: { ...keys.volunteerAccount(`v-${index}`), balance: 0, sequence: 0 } }),
    );
    const refusals = [
      many,
      [good, good],
      [prize('v-an')],
      [prize('v-an', { account, marker: { pk: 'x', sk: 'y' } })],
      [{ ...good, draft: { ...good.draft, direction: 'debit' as const } }],
      [{ ...good, extraItems: () => [] }],
      [prize('v-bo', { account })],
    ];
    // Act
    const outcomes = await Promise.all(
      refusals.map((inputs) =>
        watched.ledger.postMovementsTogether(inputs).then(
          () => 'posted',
          (error: unknown) => (error instanceof Error ? 'refused' : 'other'),
        ),
      ),
    );
    // Assess
    expect(outcomes).toEqual(refusals.map(() => 'refused'));
    expect((await accountOf(table, 'v-an')).balance).toBe(0);
    expect(await watched.ledger.postMovementsTogether([])).toEqual([]);
  });
});
