import type { IdempotencyScope, StoredResponse } from '../platform/idempotency';
import type { SigningKeys } from '../platform/signed-token';
import type { AuditAccount, AuditMarker, AuditProblem } from './rules/audit';
import type { Movement, MovementDraft } from './rules/ledger';
import type { ProjectedMovement } from './rules/projection';

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
  /** Points held for mobile shop trips, beside the balance (absent: never any). */
  held?: number;
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

/** One item the audit reads, as the audit's pure checks take it. */
export type AuditItem =
  | { kind: 'account'; account: AuditAccount }
  | { kind: 'movement'; movement: Movement }
  | { kind: 'marker'; marker: AuditMarker }
  /** The stream projection's totals of one China day for the county; its figures by name. */
  | { kind: 'county-day'; date: string; figures: Readonly<Record<string, unknown>> }
  /** The stream projection's totals of one China day at one store; its figures by name. */
  | { kind: 'store-day'; storeId: string; date: string; figures: Readonly<Record<string, unknown>> };

/** The whole ledger, read for the audit (an offline job, never on a request path). */
export interface AuditSource {
  /**
   * Reads every volunteer account, movement and idempotency marker strongly consistently, and
   * with `projectionTotals` the projection's day totals too, in the same pass. Each page is handed
   * to `onPage` whole as it arrives; pages come from parallel segments in no particular order.
   */
  scan(options: { projectionTotals: boolean }, onPage: (items: readonly AuditItem[]) => void): Promise<void>;
}

/** A store's stock checked against its stock movements and redemptions. */
export interface StockAudit {
  problems: string[];
  /** Units the store holds as its stock ledger says (its items' stock movements less their redemptions). */
  expectedUnits: number;
}

/** What the audit needs of the stores area: which stores there are, and each one's stock check. */
export interface StockAuditor {
  /** Every store's id. */
  storeIds(): Promise<string[]>;
  /** The store's stock as of `until`, checked. */
  auditStore(storeId: string, until: Date): Promise<StockAudit>;
}

/** The dependencies of the ledger's own audit. */
export interface LedgerAuditDeps {
  source: AuditSource;
}

/**
 * A further check that reads every movement in the ledger's own scan (no second pass over the
 * table), then says what it found: the public notice's figures against the ledger's sums.
 */
/** What the whole audit found that a further check may use rather than read again. */
export interface AuditContext {
  /** Each store's units as its stock ledger says, from the stock check just run. */
  stockLedgerUnits: ReadonlyMap<string, number>;
}

export interface MovementCheck {
  addMovement(movement: Movement): void;
  problems(context: AuditContext): Promise<AuditProblem[]>;
}

/** The dependencies of the whole audit: the ledger, the stores' stock, and the clock. */
export interface AuditDeps extends LedgerAuditDeps {
  stock: StockAuditor;
  now: () => Date;
  /** Fresh checks for one audit (each holds what it read), run after the ledger's and the stock's. */
  checks?: () => MovementCheck[];
}

/** A DynamoDB Streams record as the projector reads it. */
export type StreamReading =
  | { sequenceNumber: string; status: 'ignored' }
  | { sequenceNumber: string; status: 'invalid'; reason: string }
  | { sequenceNumber: string; status: 'movement'; movement: ProjectedMovement };

/** The table's stream: which movement a record inserts, if any. */
export interface MovementStream {
  /** Throws only for a record without a sequence number (it could not even be reported back). */
  read(record: unknown): StreamReading;
}

/** The daily totals the stream keeps for the county and each store. */
export interface ProjectionStore {
  /**
   * Adds one movement to its day's totals in one transaction, only while `canProject` (no marker
   * says it has been added): 'already-projected' when an earlier delivery added it. Contention and
   * unknown outcomes are retried a bounded number of times, then thrown.
   */
  project(movement: ProjectedMovement): Promise<'projected' | 'already-projected'>;
}

/** The dependencies of the stream projector. */
export interface ProjectionDeps {
  stream: MovementStream;
  projection: ProjectionStore;
}
