import type { LedgerPosting } from '../ledger/port';
import type { DrawChange, DrawFreeze, DrawState } from './rules/draw-status';

/**
 * What the draw use cases need from the world, and nothing else. The DynamoDB store
 * (store/draw-store.ts) is the only implementation the product runs; it alone knows items, keys
 * and expressions. Each conditional write below enforces one rule of rules/draw-status.ts.
 */
export interface DrawStore {
  /** How many shards the month index has: `listMonthHours` names each day's shard, 0 to this - 1. */
  readonly monthShards: number;
  /** The month's draw, read strongly consistently. */
  get(month: string): Promise<DrawState | undefined>;
  /** Writes a new commitment, only while `canCommit` (no draw for the month); false when there is one now. */
  commit(draw: DrawState): Promise<boolean>;
  /**
   * New parameters (and revision + 1), only while `canChange(draw, revision)`; undefined when the
   * draw changed meanwhile (read it again).
   */
  change(month: string, revision: number, change: DrawChange): Promise<DrawState | undefined>;
  /**
   * Every day of approved hours in the month, from the month index (never a scan), shards side by
   * side, each shard's days in its order (`volunteerId#date`). Refuses a list it cannot read whole.
   */
  listMonthHours(
    month: string,
    visit: (shard: number, volunteerId: string, quarters: number) => void,
  ): Promise<void>;
  /** Stores the entrant list's pages, named by the list's hash: the same list writes the same items. */
  putEntrantPages(month: string, entrantsHash: string, pages: readonly string[]): Promise<void>;
  /** Removes the `count` pages of a list no result names (best effort: orphan pages are harmless). */
  removeEntrantPages(month: string, entrantsHash: string, count: number): Promise<void>;
  /** The stored pages of a list (their text), in order; as many as are found. */
  entrantPages(month: string, entrantsHash: string, count: number): Promise<string[]>;
  /** One stored page's text, or undefined when it is missing. */
  entrantPage(month: string, entrantsHash: string, page: number): Promise<string | undefined>;
  /**
   * committed → drawing with the result, only while `canFreeze(draw, revision)`; undefined when
   * another run fixed a result first or the parameters changed (read it again).
   */
  freeze(month: string, revision: number, result: DrawFreeze): Promise<DrawState | undefined>;
  /** drawing → drawn, only while `canFinish`; undefined when another run finished first. */
  finish(month: string, at: string): Promise<DrawState | undefined>;
}

export interface PrizePaymentOptions {
  /** Prizes paid in one ledger transaction, 1 to 33 (the most, by default). */
  perTransaction?: number;
  /** Payments under way at the same time. */
  concurrency: number;
}

/** The ledger as the draw pays its prizes through it. */
export interface PrizePayments {
  /**
   * Posts each prize once (its idempotency marker), however often it is asked: prizes already paid
   * are replayed, not paid again.
   */
  payAll(prizes: readonly LedgerPosting[], options: PrizePaymentOptions): Promise<void>;
}

/** The dependencies of the draw use cases. */
export interface DrawsDeps {
  draws: DrawStore;
  prizes: PrizePayments;
  /** Volunteers' names (missing ids are absent): winners are published masked (谭*华). */
  names: (volunteerIds: readonly string[]) => Promise<Map<string, string>>;
  now: () => Date;
}
