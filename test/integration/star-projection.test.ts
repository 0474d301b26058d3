import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProjectedMovement } from '../../shared/ledger/rules/projection';
import { DynamoProjectionStore } from '../../shared/ledger/store/projection-store';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { keys } from '../../shared/platform/dynamo/keys';
import { injectFaults } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

/**
 * 星级 from the stream: each approved record's earn adds its hours to its volunteer's lifetime
 * total, its reversal takes them back, and the county's count of volunteers per star level moves
 * when a total crosses a threshold — once per movement, whatever the delivery and the races.
 */
let table: TestTable;
let sequence = 0;
const at = '2026-11-20T02:00:00.000Z';

beforeAll(async () => {
  table = await freshTable('stars');
});

const earn = (volunteerId: string, hours: number): ProjectedMovement => ({
  id: `${volunteerId}.${++sequence}`,
  kind: 'earn',
  direction: 'credit',
  amount: hours * 10,
  counterAccount: 'system:issuance',
  at,
  details: { hours },
});
const reversal = (volunteerId: string, hours: number): ProjectedMovement => ({
  ...earn(volunteerId, hours),
  kind: 'adjust',
  direction: 'debit',
});

const store = (client = table.client) =>
  new DynamoProjectionStore({
    client,
    tableName: table.tableName,
    now: () => new Date(at),
    sleep: async () => {},
  });

async function counts(): Promise<Record<string, number>> {
  const { Item } = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.projectionStars(), ConsistentRead: true }),
  );
  return Object.fromEntries(
    Object.entries(Item ?? {}).filter(([field]) => field.startsWith('level')) as [string, number][],
  );
}
async function total(volunteerId: string) {
  const { Item } = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: keys.projectionVolunteerHours(volunteerId),
      ConsistentRead: true,
    }),
  );
  return { quarters: Item?.quarters };
}

describe('star levels projected from the ledger', () => {
  it('a volunteer crossing 100 and 300 hours moves the county’s counts; a reversal moves them back', async () => {
    const projection = store();
    for (const hours of [60, 50]) await projection.project(earn('star1', hours));
    expect(await total('star1')).toEqual({ quarters: 440 });
    expect(await counts()).toMatchObject({ level1: 1 });

    await projection.project(earn('star1', 200));
    expect(await total('star1')).toEqual({ quarters: 1240 });
    expect(await counts()).toMatchObject({ level1: 0, level2: 1 });

    await projection.project(reversal('star1', 200));
    expect(await total('star1')).toEqual({ quarters: 440 });
    expect(await counts()).toMatchObject({ level1: 1, level2: 0 });
  });

  it('counts a movement once when it is delivered again, and ignores movements without hours', async () => {
    const projection = store();
    const movement = earn('star2', 150);
    expect(await projection.project(movement)).toBe('projected');
    expect(await projection.project(movement)).toBe('already-projected');
    await projection.project({ ...earn('star2', 1), details: {} });
    await projection.project({ ...earn('star2', 1), kind: 'prize', details: { hours: 500 } });
    expect(await total('star2')).toEqual({ quarters: 600 });
  });

  it('keeps one volunteer’s total exact when many of their movements are projected at once, through faults', async () => {
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    injectFaults(faulty, {
      seed: 7,
      rate: 0.2,
      kinds: ['transaction-conflict', 'throttling', 'lost-response'],
      commands: ['TransactWriteItems'],
    });
    const before = await counts();
    const movements = Array.from({ length: 30 }, () => earn('star3', 12));
    const outcomes = await Promise.allSettled(movements.map((movement) => store(faulty).project(movement)));
    // What failed for good is delivered again by Lambda: do that, on a clean client.
    for (const [index, outcome] of outcomes.entries()) {
      if (outcome.status === 'rejected') await store().project(movements[index] as ProjectedMovement);
    }
    // 30 × 12 h = 360 h: two stars, counted once.
    expect(await total('star3')).toEqual({ quarters: 1440 });
    const after = await counts();
    expect((after.level2 ?? 0) - (before.level2 ?? 0)).toBe(1);
    expect((after.level1 ?? 0) - (before.level1 ?? 0)).toBe(0);
  }, 60_000);
});
