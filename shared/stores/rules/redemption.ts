import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import type { BasketLine } from './basket';
import type { StoreItemRecord } from './store';

/**
 * A redemption's life, as pure rules. The store's conditions enforce the same rules atomically
 * (shared/stores/store/redemption-store.ts); test/integration/stores-rules.test.ts drives both
 * with the same items, so the two cannot drift apart (D1).
 *
 *   (code unspent) ──redeem──▶ completed ──void──▶ voided
 */

export type RedemptionStatus = 'completed' | 'voided';

export interface RedemptionLineRecord extends BasketLine {
  name: string;
}

export interface RedemptionRecord {
  id: string;
  storeId: string;
  volunteerId: string;
  counterUserId: string;
  at: string;
  date: string;
  status: RedemptionStatus;
  lines: RedemptionLineRecord[];
  pointsSpent: number;
  movementId: string;
  /** Present when the daily spending cap counted this redemption (on that China day). */
  spendDate?: string;
  voidedAt?: string;
  voidedBy?: string;
  voidReason?: string;
  voidMovementId?: string;
  /** A basket made at the mobile shop on a trip (docs/mobile-shop.md), settled from its hold. */
  tripId?: string;
  /** When the van's phone recorded it (its own clock), and how it knew the volunteer. */
  recordedAt?: string;
  via?: 'card' | 'code' | 'paper';
}

/** Each write that moves a redemption: the status it needs, and the status it leaves. */
export const REDEMPTION_TRANSITIONS = {
  void: { from: 'completed', to: 'voided' },
} as const satisfies Record<string, { from: RedemptionStatus; to: RedemptionStatus }>;

/** A redemption is voided once, and only while it is a completed one. */
export const canVoid = (record: Pick<RedemptionRecord, 'status'>): boolean =>
  record.status === REDEMPTION_TRANSITIONS.void.from;

/**
 * A code is spent once, across all stores: the redemption is written under the code's id, only
 * where no redemption is (`existing` is whatever the table holds there).
 */
export const codeUnspent = (existing: unknown): boolean => existing === undefined;

/** The misuse caps of the counter, from configuration (0 turns one off). */
export interface Caps {
  pointsPerVolunteerPerDay: number;
  redemptionsPerCounterPerMinute: number;
}

/** A volunteer's day has room for `points` more under the daily cap (`spent` so far, if any). */
export const dailySpendHasRoom = (spent: number | undefined, points: number, cap: number): boolean =>
  spent === undefined || spent <= cap - points;

/** A counter may make one more redemption this minute (`made` so far, if any). */
export const counterMinuteHasRoom = (made: number | undefined, cap: number): boolean =>
  made === undefined || made < cap;

/** A void on the redemption's own China day gives its points back to the daily cap. */
export const givesSpendBack = (record: Pick<RedemptionRecord, 'spendDate'>, at: string): boolean =>
  record.spendDate !== undefined && record.spendDate === chinaDate(at);

/**
 * The basket's lines with their catalogue names, from the store items read with the account (in
 * the basket's order); a missing SKU is NOT_FOUND, before any write.
 */
export function namedLines(
  basket: readonly BasketLine[],
  items: readonly (Pick<StoreItemRecord, 'name'> | undefined)[],
): RedemptionLineRecord[] {
  return basket.map((line, index) => {
    const item = items[index];
    if (item === undefined) {
      throw new AppError('NOT_FOUND', `No item ${line.sku} at this store`, { extra: { sku: line.sku } });
    }
    return {
      sku: line.sku,
      name: String(item.name),
      qty: line.qty,
      pricePoints: line.pricePoints,
      points: line.points,
    };
  });
}

/** Why a line could not be taken (`canTakeLine` in rules/stock.ts said no), from the item as it was. */
export function lineRefusal(line: RedemptionLineRecord, current: StoreItemRecord | undefined): AppError {
  if (current === undefined) {
    return new AppError('NOT_FOUND', `No item ${line.sku} at this store`, { extra: { sku: line.sku } });
  }
  if (Number(current.pricePoints) !== line.pricePoints) {
    return new AppError(
      'PRICE_CHANGED',
      `${line.name} now costs ${current.pricePoints} points, not ${line.pricePoints}`,
      { extra: { sku: line.sku, pricePoints: Number(current.pricePoints) } },
    );
  }
  return new AppError('OUT_OF_STOCK', `Only ${current.stock} of ${line.name} left`, {
    extra: { sku: line.sku, stock: Number(current.stock) },
  });
}

export const codeUsed = (): AppError =>
  new AppError('CODE_USED', 'This code was already used; ask the volunteer for a fresh one');

export const alreadyVoided = (voidedAt: string | undefined): AppError =>
  new AppError('ALREADY_VOIDED', `This redemption was voided at ${voidedAt}`, { extra: { voidedAt } });

/** A basket over the daily cap on its own, or with what the volunteer `spent` today already. */
export function overDailyCap(cap: number, basketPoints: number, spent?: number): AppError {
  const detail =
    spent === undefined
      ? `A volunteer may spend at most ${cap} points a day; this basket is ${basketPoints}`
      : `A volunteer may spend at most ${cap} points a day; ${spent} spent today, this basket is ${basketPoints}`;
  return new AppError('THROTTLED', detail, {
    extra: {
      cap: 'points-per-volunteer-per-day',
      limit: cap,
      ...(spent === undefined ? {} : { spentToday: spent }),
    },
  });
}

export const counterTooFast = (cap: number, retryAfterSeconds: number): AppError =>
  new AppError('THROTTLED', `At most ${cap} redemptions a minute per counter; wait a moment`, {
    extra: { cap: 'redemptions-per-counter-per-minute', limit: cap, retryAfterSeconds },
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
