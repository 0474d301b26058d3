import { assert } from '../../platform/errors';
import { POINTS_MAX } from '../../platform/limits';

/**
 * The ledger's pure rules. Points flow from the debit account to the credit account; an account's
 * balance is the sum of what it was credited minus what it was debited, so all balances together
 * always sum to zero. Only volunteer accounts are kept as items and may never go negative.
 */
export const MOVEMENT_KINDS = ['earn', 'redeem', 'void', 'prize', 'adjust'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const SYSTEM_ACCOUNT = {
  issuance: 'system:issuance',
  prizes: 'system:prizes',
  adjustments: 'system:adjustments',
  store: (storeId: string) => `store:${storeId}`,
} as const;

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
  storeId?: string;
  recordId?: string;
  redemptionId?: string;
  drawMonth?: string;
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
}

export function toPassbookEntry(movement: Movement): PassbookEntry {
  return {
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
}
