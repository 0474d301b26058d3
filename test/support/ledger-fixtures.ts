import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { type LedgerResult, LedgerStore } from '../../shared/ledger/store/ledger-store';
import type { TestTable } from '../integration/support';
import { seededRandom } from './fault-injection';

/** A fixed clock that moves one second per reading, so timestamps are distinct and repeatable. */
export function steppingClock(startIso = '2026-11-01T00:00:00.000Z'): () => Date {
  let ms = Date.parse(startIso);
  return () => {
    ms += 1000;
    return new Date(ms);
  };
}

export function ledgerFor(
  table: TestTable,
  options: { seed?: number; client?: DynamoDBDocumentClient } = {},
) {
  return new LedgerStore({
    client: options.client ?? table.client,
    tableName: table.tableName,
    now: steppingClock(),
    random: seededRandom(options.seed ?? 7),
    // Real waiting adds nothing to what the tests prove; a yield keeps concurrent attempts interleaved.
    sleep: () => new Promise((done) => setImmediate(done)),
  });
}

export type Operation =
  | { kind: 'earn'; volunteerId: string; amount: number; key: string }
  | { kind: 'redeem'; volunteerId: string; amount: number; key: string; storeId?: string }
  | { kind: 'void'; volunteerId: string; amount: number; key: string; storeId?: string };

export const fingerprintOf = (operation: Operation): string =>
  createHash('sha256')
    .update(JSON.stringify([operation.kind, operation.volunteerId, operation.amount]))
    .digest('hex');

/** Performs one ledger operation the way the use cases do, with the caller's idempotency key. */
export function perform(
  ledger: LedgerStore,
  operation: Operation,
  scope = 'user:test',
): Promise<LedgerResult> {
  const store = SYSTEM_ACCOUNT.store(operation.kind === 'earn' ? 'none' : (operation.storeId ?? 'S1'));
  const counterAccount = operation.kind === 'earn' ? SYSTEM_ACCOUNT.issuance : store;
  return ledger.postMovement({
    draft: {
      kind: operation.kind,
      volunteerId: operation.volunteerId,
      direction: operation.kind === 'redeem' ? 'debit' : 'credit',
      amount: operation.amount,
      counterAccount,
      ref: `test:${operation.key}`,
      actor: 'tester',
    },
    idempotency: { scope, key: operation.key, fingerprint: fingerprintOf(operation) },
    respond: (movement) => ({
      status: 201,
      body: { id: movement.id, balanceAfter: movement.balanceAfter, amount: movement.amount },
    }),
  });
}
