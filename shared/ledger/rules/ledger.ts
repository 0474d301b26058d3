import { assert } from '../../platform/errors';
import { POINTS_MAX } from '../../platform/limits';

/**
 * The ledger's pure rules. Points flow from the debit account to the credit account; an account's
 * balance is the sum of what it was credited minus what it was debited, so all balances together
 * always sum to zero. Only volunteer accounts are kept as items and may never go negative.
 */
export const MOVEMENT_KINDS = ['earn', 'redeem', 'void', 'prize', 'adjust', 'hold', 'release'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const SYSTEM_ACCOUNT = {
  issuance: 'system:issuance',
  prizes: 'system:prizes',
  adjustments: 'system:adjustments',
  store: (storeId: string) => `store:${storeId}`,
  /**
   * A mobile shop trip's pending account (docs/mobile-shop.md): a `hold` moves a volunteer's offline
   * allowance into it when the trip opens, a `release` moves points back out (what a basket spent,
   * just before its `redeem`, and the rest when the trip ends). Its balance is what is still held.
   */
  trip: (tripId: string) => `trip:${tripId}`,
} as const;

/** The movements that reserve and give back points for a mobile shop trip, not earned or spent. */
export const HOLD_KINDS: ReadonlySet<MovementKind> = new Set<MovementKind>(['hold', 'release']);

export const volunteerAccountId = (volunteerId: string): string => `volunteer:${volunteerId}`;

export type Direction = 'credit' | 'debit';

/** The volunteer-facing sign of a movement: credits add to the passbook, debits take away. */
export const signedAmount = (direction: Direction, amount: number): number =>
  direction === 'credit' ? amount : -amount;

export function assertPoints(amount: number): void {
  assert(
    Number.isSafeInteger(amount) && amount > 0 && amount <= POINTS_MAX,
    `points must be a positive integer, got ${amount}`,
  );
}

export interface MovementDraft {
  kind: MovementKind;
  volunteerId: string;
  direction: Direction;
  amount: number;
  /** The other side of the double entry: a system or store account. */
  counterAccount: string;
  /** What the movement is for: a service record, a redemption, a draw, or the movement corrected. */
  ref: string;
  /** For corrections: the id of the movement this one corrects. */
  corrects?: string | undefined;
  actor: string;
  memo?: string | undefined;
  /** Facts the reports need: hours behind an earn, the store of a redemption. */
  details?: MovementDetails | undefined;
}

export interface MovementDetails {
  hours?: number;
  /** The day the service was done (YYYY-MM-DD, the record's activity date): an earn and its reversal. */
  serviceDate?: string;
  storeId?: string;
  /** The store's name when the goods changed hands, cut to PASSBOOK_STORE_NAME_LENGTH_MAX. */
  storeName?: string;
  /** What was taken (or given back), as `goodsSummary` writes it: "肥皂×2、毛巾×1". */
  goods?: string;
  recordId?: string;
  redemptionId?: string;
  drawMonth?: string;
  /** The mobile shop trip a hold, release or the van's redemption belongs to. */
  tripId?: string;
}

/** The passbook's texts are short, so a movement item stays well under 1 KB. */
export const PASSBOOK_STORE_NAME_LENGTH_MAX = 30;
export const PASSBOOK_GOODS_LENGTH_MAX = 60;
/** One good's name inside the summary. */
const GOODS_NAME_LENGTH_MAX = 16;

/** Cuts `text` to at most `max` characters (code points), marking a cut with "…". */
export function clipText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const lengthOf = (text: string): number => Array.from(text).length;

/**
 * The goods of a redemption as one short line for the passbook, in the basket's order:
 * "肥皂×2、毛巾×1". When the whole list is longer than PASSBOOK_GOODS_LENGTH_MAX characters it
 * keeps the first lines that fit and says how many kinds there were: "大米×2、食用油×1…等6种".
 */
export function goodsSummary(lines: readonly { name: string; qty: number }[]): string {
  const parts = lines.map((line) => `${clipText(line.name, GOODS_NAME_LENGTH_MAX)}×${line.qty}`);
  const whole = parts.join('、');
  if (lengthOf(whole) <= PASSBOOK_GOODS_LENGTH_MAX) return whole;
  const more = `…等${parts.length}种`;
  let kept = '';
  for (const part of parts) {
    const next = kept === '' ? part : `${kept}、${part}`;
    if (lengthOf(next) + lengthOf(more) > PASSBOOK_GOODS_LENGTH_MAX) break;
    kept = next;
  }
  return `${kept}${more}`;
}

export interface Movement extends MovementDraft {
  /** The volunteer's organisation when the movement happened, copied from the account. */
  orgId?: string | undefined;
  id: string;
  sequence: number;
  debit: string;
  credit: string;
  balanceAfter: number;
  at: string;
  idempotencyKey: string;
}

export function debitAndCredit(draft: MovementDraft): { debit: string; credit: string } {
  const volunteer = volunteerAccountId(draft.volunteerId);
  return draft.direction === 'credit'
    ? { debit: draft.counterAccount, credit: volunteer }
    : { debit: volunteer, credit: draft.counterAccount };
}

/** The passbook line shown to people: signed amount and the balance after it. */
export interface PassbookEntry {
  id: string;
  at: string;
  kind: MovementKind;
  amount: number;
  balanceAfter: number;
  ref: string;
  sequence: number;
  corrects?: string;
  memo?: string;
  /** What the line is about, for people: the service date and hours, or the store and the goods. */
  details?: PassbookDetails;
}

export type PassbookDetails = Pick<MovementDetails, 'serviceDate' | 'hours' | 'storeName' | 'goods'>;

/** The details a passbook shows; the rest (ids, store ids) stay in the ledger. */
function passbookDetails(details: MovementDetails | undefined): PassbookDetails | undefined {
  if (details === undefined) return undefined;
  const shown: PassbookDetails = {
    ...(typeof details.serviceDate === 'string' ? { serviceDate: details.serviceDate } : {}),
    ...(typeof details.hours === 'number' ? { hours: details.hours } : {}),
    ...(typeof details.storeName === 'string' ? { storeName: details.storeName } : {}),
    ...(typeof details.goods === 'string' ? { goods: details.goods } : {}),
  };
  return Object.keys(shown).length === 0 ? undefined : shown;
}

export function toPassbookEntry(movement: Movement): PassbookEntry {
  const entry: PassbookEntry = {
    id: movement.id,
    at: movement.at,
    kind: movement.kind,
    amount: signedAmount(movement.direction, movement.amount),
    balanceAfter: movement.balanceAfter,
    ref: movement.ref,
    sequence: movement.sequence,
    ...(movement.corrects === undefined ? {} : { corrects: movement.corrects }),
    ...(movement.memo === undefined ? {} : { memo: movement.memo }),
  };
  const details = passbookDetails(movement.details);
  return details === undefined ? entry : { ...entry, details };
}
