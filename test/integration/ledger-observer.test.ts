import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerObserver } from '../../shared/ledger/port';
import { type Movement, type MovementDraft, SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { keys } from '../../shared/platform/dynamo/keys';
import { steppingClock } from '../support/ledger-fixtures';
import { freshTable, type TestTable } from './support';

/**
 * The ledger tells its observer what happened (the runtime's observer turns it into metrics), on
 * DynamoDB Local: a commit, a lost race (a failed condition) and its retry, a replay; and a broken
 * observer changes nothing about the write.
 */
interface Seen {
  posted: Movement[];
  replayed: number;
  conditionFailed: number;
  retried: number;
}

function recordingObserver(): LedgerObserver & { seen: Seen } {
  const seen: Seen = { posted: [], replayed: 0, conditionFailed: 0, retried: 0 };
  return {
    seen,
    movementPosted: (movement) => seen.posted.push(movement),
    replayed: () => {
      seen.replayed += 1;
    },
    conditionFailed: () => {
      seen.conditionFailed += 1;
    },
    retried: () => {
      seen.retried += 1;
    },
  };
}

let table: TestTable;
let serial = 0;

beforeAll(async () => {
  table = await freshTable('ledger-observer');
});

const storeWith = (observer: LedgerObserver) =>
  new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: steppingClock(),
    sleep: async () => {},
    observer,
  });

const earn = (volunteerId: string, amount: number): MovementDraft => ({
  kind: 'earn',
  volunteerId,
  direction: 'credit',
  amount,
  counterAccount: SYSTEM_ACCOUNT.issuance,
  ref: `test:${volunteerId}`,
  actor: 'admin-1',
});

const posting = (volunteerId: string, amount: number, key: string) => ({
  draft: earn(volunteerId, amount),
  idempotency: { scope: 'user:admin-1', key, fingerprint: `f-${key}-${amount}` },
  respond: (movement: Movement) => ({ status: 201, body: { id: movement.id } }),
});

/** A volunteer whose account is open at balance 0. */
async function newVolunteer(): Promise<string> {
  serial += 1;
  const volunteerId = `v-observer-${serial}`;
  await storeWith(recordingObserver()).openAccount(volunteerId);
  return volunteerId;
}

describe('the ledger reports to its observer', () => {
  it('a committed movement, once, and nothing else', async () => {
    const observer = recordingObserver();
    const volunteerId = await newVolunteer();
    const result = await storeWith(observer).postMovement(posting(volunteerId, 30, `k-${volunteerId}`));
    expect(result.replayed).toBe(false);
    expect(observer.seen).toMatchObject({ replayed: 0, conditionFailed: 0, retried: 0 });
    expect(observer.seen.posted.map((movement) => [movement.kind, movement.amount])).toEqual([['earn', 30]]);
  });

  it('a race lost on the account (a failed condition) and the retry that wins it', async () => {
    // Prepare: the account moves on (sequence 1) after the caller read it at sequence 0.
    const volunteerId = await newVolunteer();
    await storeWith(recordingObserver()).postMovement(posting(volunteerId, 10, `first-${volunteerId}`));
    const observer = recordingObserver();
    const stale = { ...keys.volunteerAccount(volunteerId), volunteerId, balance: 0, sequence: 0 };
    // Act: the first attempt writes against the stale account, its condition fails, the retry reads again.
    const result = await storeWith(observer).postMovement({
      ...posting(volunteerId, 5, `second-${volunteerId}`),
      prefetched: { account: stale },
    });
    // Assess
    expect(observer.seen).toMatchObject({ conditionFailed: 1, retried: 1, replayed: 0 });
    expect(result.movement?.sequence).toBe(2);
    expect(result.movement?.balanceAfter).toBe(15);
  });

  it('a replay of an earlier answer, without a write', async () => {
    const volunteerId = await newVolunteer();
    const request = posting(volunteerId, 12, `k-${volunteerId}`);
    await storeWith(recordingObserver()).postMovement(request);
    const observer = recordingObserver();
    const again = await storeWith(observer).postMovement(request);
    expect(again.replayed).toBe(true);
    expect(observer.seen).toMatchObject({ replayed: 1, posted: [], conditionFailed: 0 });
  });

  it('an observer that throws changes nothing about the write', async () => {
    const broken: LedgerObserver = {
      movementPosted: () => {
        throw new Error('metrics are down');
      },
      replayed: () => {},
      conditionFailed: () => {},
      retried: () => {},
    };
    const volunteerId = await newVolunteer();
    const result = await storeWith(broken).postMovement(posting(volunteerId, 7, `k-${volunteerId}`));
    expect(result).toMatchObject({ status: 201, replayed: false });
    expect((await storeWith(recordingObserver()).getAccount(volunteerId))?.balance).toBe(7);
  });
});
