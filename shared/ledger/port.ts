import type { IdempotencyScope, StoredResponse } from '../platform/idempotency';
import type { SigningKeys } from '../platform/signed-token';
import type { Movement, MovementDraft } from './rules/ledger';

/**
 * What the ledger reports as it works, to whoever is given it (the runtime passes the metrics): the
 * store itself knows nothing of metrics, so nothing here is a hidden global. Calls are
 * notifications only: they return nothing, must not throw, and change nothing about the write.
 */
export interface LedgerObserver {
  /** A movement was committed (not a replay). */
  movementPosted(movement: Movement): void;
  /** An earlier answer for the same Idempotency-Key was handed back. */
  replayed(): void;
  /** A transaction was cancelled by at least one failed condition. */
  conditionFailed(): void;
  /** Another attempt is about to start, after backoff. */
  retried(): void;
}

export interface LedgerResult extends StoredResponse {
  replayed: boolean;
  movement?: Movement;
}

/** A volunteer's account as the ledger answers it (balance 0 before their first movement). */
export interface LedgerAccount {
  volunteerId: string;
  balance: number;
  sequence: number;
  orgId?: string;
}

/** One movement to post, once per Idempotency-Key. */
export interface LedgerPosting {
  draft: MovementDraft;
  idempotency: IdempotencyScope;
  /** The response to give now and to replay for this key later. Runs before the write. */
  respond: (movement: Movement) => StoredResponse;
}

/**
 * The ledger as the use cases see it. LedgerStore (store/ledger-store.ts) is the one write path
 * for points: one transaction per movement, guarded by the account's sequence and balance.
 */
export interface Ledger {
  getAccount(volunteerId: string): Promise<LedgerAccount | undefined>;
  findReplay(idempotency: IdempotencyScope): Promise<LedgerResult | undefined>;
  postMovement(posting: LedgerPosting): Promise<LedgerResult>;
}

/** A volunteer's movements (the passbook), newest first. */
export interface Passbook {
  /** Up to `limit` movements older than `beforeSequence` (or the newest). */
  page(
    volunteerId: string,
    beforeSequence: number | undefined,
    limit: number,
  ): Promise<{ movements: Movement[]; more: boolean }>;
}

/** The dependencies of the ledger use cases. */
export interface LedgerAreaDeps {
  ledger: Ledger;
  passbook: Passbook;
  /** Whether organisation `orgId` is `ancestorId` or inside it. */
  orgIsWithin: (orgId: string, ancestorId: string) => Promise<boolean>;
  signing: () => Promise<SigningKeys>;
}
