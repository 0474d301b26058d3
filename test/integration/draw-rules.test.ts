import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DRAW_ALGORITHM } from '../../shared/draws/rules/draw';
import { prizePosting } from '../../shared/draws/rules/draw-prize';
import {
  canChange,
  canCommit,
  canFinish,
  canFreeze,
  DRAW_STATUSES,
  type DrawFreeze,
  type DrawState,
  type DrawStatus,
} from '../../shared/draws/rules/draw-status';
import { DynamoDrawStore } from '../../shared/draws/store/draw-store';
import { LedgerPrizePayments } from '../../shared/draws/store/prize-payments';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { freshTable, type TestTable } from './support';

/**
 * D1, a rule with its condition: for every shape a draw can have (none yet, or each status at the
 * revision the caller read or a later one), the pure rule of rules/draw-status.ts says yes exactly
 * when the store's conditional write succeeds on DynamoDB Local; a refused write leaves the draw as
 * it was (the seed, the parameters and a fixed result are written once). A rule changed on one side
 * only fails here.
 */
const NOW = new Date('2026-11-20T02:00:00.000Z');
const AT = NOW.toISOString();
const SEED = 'ab'.repeat(32);
/** The revision each write below expects: the one its caller read. */
const READ_REVISION = 1;

interface Shape {
  /** undefined: the month has no draw. */
  status: DrawStatus | undefined;
  revision: number;
}

const SHAPES: Shape[] = [
  { status: undefined, revision: 0 },
  ...DRAW_STATUSES.flatMap((status) =>
    [READ_REVISION, READ_REVISION + 1].map((revision) => ({ status, revision })),
  ),
];

const STORED_RESULT: DrawFreeze = {
  algorithm: DRAW_ALGORITHM,
  entrantsHash: 'e0'.repeat(32),
  entrantCount: 2,
  totalTickets: 9,
  entrantPageCount: 1,
  winnersJson: JSON.stringify([{ volunteerId: 'v-first', tickets: 5 }]),
  drawnAt: AT,
  drawnBy: 'admin-0',
};

const NEW_RESULT: DrawFreeze = {
  ...STORED_RESULT,
  entrantsHash: 'f1'.repeat(32),
  winnersJson: JSON.stringify([{ volunteerId: 'v-other', tickets: 4 }]),
  drawnBy: 'admin-1',
};

let table: TestTable;
let store: DynamoDrawStore;
let serial = 0;

beforeAll(async () => {
  table = await freshTable('draw-rules');
  store = new DynamoDrawStore({ client: table.client, tableName: table.tableName });
});

const label = (shape: Shape) =>
  shape.status === undefined ? 'no draw' : `${shape.status} at revision ${shape.revision}`;

/** A month of its own for each case: 2030-01, 2030-02, … */
function nextMonth(): string {
  serial += 1;
  return `${2030 + Math.floor(serial / 12)}-${String((serial % 12) + 1).padStart(2, '0')}`;
}

function drawOf(month: string, status: DrawStatus, revision: number): DrawState {
  return {
    month,
    status,
    seed: SEED,
    commitment: 'c0'.repeat(32),
    winnerCount: 1,
    prizePoints: 50,
    minHours: 0,
    revision,
    committedAt: AT,
    committedBy: 'admin-0',
    updatedAt: AT,
    updatedBy: 'admin-0',
    ...(status === 'committed' ? {} : STORED_RESULT),
    ...(status === 'drawn' ? { creditedAt: AT } : {}),
  };
}

/** A month with a draw of the given shape (or none), written straight to the table as the store keeps it. */
async function monthWith(shape: Shape): Promise<{ month: string; draw: DrawState | undefined }> {
  const month = nextMonth();
  if (shape.status === undefined) return { month, draw: undefined };
  const draw = drawOf(month, shape.status, shape.revision);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: { ...keys.draw(month), entity: ENTITY.draw, ...draw },
    }),
  );
  return { month, draw };
}

const CASES = SHAPES.map((shape) => [label(shape), shape] as const);

describe('a draw rule and its condition expression agree', () => {
  it.each(CASES)('commit on %s', async (_label, shape) => {
    const { month, draw } = await monthWith(shape);
    const committed = await store.commit({
      ...drawOf(month, 'committed', READ_REVISION),
      seed: 'cd'.repeat(32),
    });
    const stored = await store.get(month);
    expect(committed).toBe(canCommit(draw));
    // A month's seed is drawn once: a refused commitment leaves the draw as it was.
    expect(stored?.seed).toBe(committed ? 'cd'.repeat(32) : SEED);
    expect(stored?.status).toBe(committed ? 'committed' : shape.status);
  });

  it.each(CASES)('change on %s', async (_label, shape) => {
    const { month, draw } = await monthWith(shape);
    const changed = await store.change(month, READ_REVISION, {
      winnerCount: 7,
      prizePoints: 70,
      minHours: 2,
      at: AT,
      by: 'admin-1',
    });
    const stored = await store.get(month);
    expect(changed !== undefined).toBe(draw !== undefined && canChange(draw, READ_REVISION));
    if (changed !== undefined) {
      expect(changed).toMatchObject({ status: 'committed', winnerCount: 7, revision: READ_REVISION + 1 });
    } else {
      expect(stored?.winnerCount).toBe(draw?.winnerCount);
      expect(stored?.revision).toBe(draw?.revision);
    }
  });

  it.each(CASES)('freeze on %s', async (_label, shape) => {
    const { month, draw } = await monthWith(shape);
    const frozen = await store.freeze(month, READ_REVISION, NEW_RESULT);
    const stored = await store.get(month);
    expect(frozen !== undefined).toBe(draw !== undefined && canFreeze(draw, READ_REVISION));
    if (frozen !== undefined) {
      expect(frozen).toMatchObject({ status: 'drawing', ...NEW_RESULT });
    } else {
      // The entrant list and the winners are fixed once: a refused freeze leaves them as they were.
      expect(stored?.status).toBe(draw?.status);
      expect(stored?.entrantsHash).toBe(draw?.entrantsHash);
      expect(stored?.winnersJson).toBe(draw?.winnersJson);
    }
  });

  it.each(CASES)('finish on %s', async (_label, shape) => {
    const { month, draw } = await monthWith(shape);
    const finished = await store.finish(month, '2026-12-01T00:00:00.000Z');
    const stored = await store.get(month);
    expect(finished !== undefined).toBe(draw !== undefined && canFinish(draw));
    if (finished !== undefined) expect(finished.status).toBe('drawn');
    else expect(stored?.status).toBe(draw?.status);
  });

  it('says yes for some shapes and no for others (the table above is not all one answer)', () => {
    const facts = (shape: Shape) =>
      shape.status === undefined ? undefined : { status: shape.status, revision: shape.revision };
    const rules = [
      (shape: Shape) => canCommit(facts(shape)),
      (shape: Shape) =>
        shape.status !== undefined && canChange({ ...shape, status: shape.status }, READ_REVISION),
      (shape: Shape) =>
        shape.status !== undefined && canFreeze({ ...shape, status: shape.status }, READ_REVISION),
      (shape: Shape) => shape.status !== undefined && canFinish({ ...shape, status: shape.status }),
    ];
    for (const rule of rules) {
      expect([...new Set(SHAPES.map(rule))].sort()).toEqual([false, true]);
    }
  });
});

describe("a draw's prizes are paid once", () => {
  it('pays each winner once however often, and however concurrently, the prizes are paid', async () => {
    // Prepare: a drawing draw with three winners, their accounts opened
    const ledger = new LedgerStore({ client: table.client, tableName: table.tableName, now: () => NOW });
    const prizes = new LedgerPrizePayments({ client: table.client, tableName: table.tableName, ledger });
    const winners = ['w-1', 'w-2', 'w-3'].map((volunteerId, index) => ({ volunteerId, tickets: 3 - index }));
    for (const { volunteerId } of winners) await ledger.openAccount(volunteerId);
    const draw = drawOf(nextMonth(), 'drawing', READ_REVISION);
    const postings = winners.map((winner) => prizePosting(draw, winner, 'admin-1'));
    // Act: paid, paid again, then twice at the same time, together and one by one
    await prizes.payAll(postings, { concurrency: 4 });
    await prizes.payAll(postings, { concurrency: 4 });
    await Promise.all([
      prizes.payAll(postings, { concurrency: 2, perTransaction: 2 }),
      prizes.payAll(postings, { concurrency: 1, perTransaction: 1 }),
    ]);
    // Assess
    for (const { volunteerId } of winners) {
      expect((await ledger.getAccount(volunteerId))?.balance, volunteerId).toBe(draw.prizePoints);
    }
  });
});
