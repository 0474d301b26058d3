import type { AppError } from '../platform/errors';
import type { IdempotencyScope, ReplayableResult } from '../platform/idempotency';
import type { PinnedStockChange } from '../stores/port';
import type { StockMovementFacts } from '../stores/rules/stock';
import type { StoreItemRecord } from '../stores/rules/store';
import type { Donation } from './contract/donations';
import type { HistoryMovement, HistoryRedemption } from './rules/history';

/**
 * What the donations use cases need from the world. The DynamoDB store (store/donation-store.ts)
 * is the only implementation the product runs; each conditional write enforces a rule of rules/:
 * the items' stock pinned like every stock change (shared/stores/rules/stock.ts), the receipt's
 * sequence and number (gapless, never twice), and the donation's flow (`canDonationStep`).
 */

export type DonationRecord = Donation;

/** One attempt's writes: the items' pinned changes, their movements, and the record. */
export interface IntakePlan {
  changes: PinnedStockChange[];
  movements: StockMovementFacts[];
  record: DonationRecord;
  /** The record is new (intake) or was read `recorded` (void: condition `status = recorded`). */
  write: 'create' | 'void';
  response: { status: number; body: unknown };
}

export interface DonationStore {
  get(donationId: string): Promise<DonationRecord | undefined>;
  /** A year's register (by the China year recorded), bounded; 503 past the bound. */
  register(year: string): Promise<DonationRecord[]>;
  /** A named donor's donations of every year, oldest first, bounded; 503 past the bound. */
  byDonor(donorKey: string): Promise<DonationRecord[]>;
  getItem(storeId: string, sku: string): Promise<StoreItemRecord | undefined>;
  /**
   * Writes one attempt's plan with the request's idempotency marker. With `numbering`, the plan is
   * built with the year's next receipt number and written with the sequence (still where read) and
   * the number's guard: a race makes it read and plan again, so numbers have no gaps or repeats.
   */
  write(
    idempotency: IdempotencyScope,
    numbering: { prefix: string } | undefined,
    plan: (at: string, receiptNumber: string | undefined) => Promise<IntakePlan>,
    explain: (index: number, current: StoreItemRecord | undefined) => AppError | 'retry' | undefined,
  ): Promise<ReplayableResult>;
}

/** The stock ledger's history, read for the donor report and the finance view (bounded reads). */
export interface StockHistory {
  /** Every store of the county, with its opening day. */
  stores(): Promise<{ storeId: string; createdAt: string }[]>;
  /** A store's stock movements, all of them (503 past the page bound). */
  movements(storeId: string): Promise<HistoryMovement[]>;
  /** A store's items' 参考价值 in fen, for those the office valued (the finance view's estimates). */
  referenceValues(storeId: string): Promise<{ sku: string; valueFen: number }[]>;
  /** A store's redemptions of one China day (complete false past the page bound). */
  redemptionsDay(storeId: string, date: string): Promise<{ records: HistoryRedemption[]; complete: boolean }>;
}

export interface DonationsDeps {
  donations: DonationStore;
  history: StockHistory;
  now: () => Date;
  /** The county's prefix on receipt numbers (CERTIFICATE_PREFIX, ZY when unset). */
  receiptPrefix: string;
  newId: () => string;
  /** SHA-256 of a text in base64url: the donor key (rules/donation.ts `donorKey`). */
  sha256Base64url: (text: string) => string;
}
