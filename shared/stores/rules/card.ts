import { CARD_PIN_ATTEMPTS_MAX } from '../../platform/limits';

/**
 * A printed volunteer card's rules. A card number is issued once and the volunteer's holding names
 * the one card they hold, so a card is bound to one volunteer; a PIN attempt counts (or resets the
 * count) only on the active card whose PIN it was checked against, below the lock. The card store's
 * conditions (shared/stores/store/card-store.ts) enforce the same rules;
 * test/integration/stores-rules.test.ts ties each to its condition (D1).
 */

export type CardStatus = 'active' | 'replaced' | 'cancelled';

export interface CardRecord {
  cardNumber: string;
  volunteerId: string;
  status: CardStatus;
  pinHash: string;
  pinSalt: string;
  failedAttempts?: number;
}

/** A card (or an unknown number's guard) is locked once this many wrong PINs are counted in a row. */
export const isLocked = (failedAttempts: number | undefined): boolean =>
  (failedAttempts ?? 0) >= CARD_PIN_ATTEMPTS_MAX;

/** Wrong PINs are counted only below the lock, so concurrent guesses cannot count past it. */
export const belowLock = (failedAttempts: number | undefined): boolean =>
  failedAttempts === undefined || failedAttempts < CARD_PIN_ATTEMPTS_MAX;

/**
 * A PIN attempt (right or wrong) is recorded on a card only while it is the active card whose PIN
 * was checked (`pinHash` as read: an admin's reset in between voids the attempt) and not locked.
 */
export const canTryPin = (
  card: Pick<CardRecord, 'pinHash' | 'status' | 'failedAttempts'> | undefined,
  pinHashRead: string,
): boolean =>
  card !== undefined &&
  card.pinHash === pinHashRead &&
  card.status === 'active' &&
  belowLock(card.failedAttempts);

/** A new PIN is set on the volunteer's own active card only. */
export const canResetPin = (
  card: Pick<CardRecord, 'volunteerId' | 'status'> | undefined,
  volunteerId: string,
): boolean => card !== undefined && card.volunteerId === volunteerId && card.status === 'active';

/**
 * A card number is issued once (no card at that number yet), to a volunteer whose holding is still
 * the one read: none for a first card, the card being replaced otherwise.
 */
export const canIssueCard = (
  atNumber: unknown,
  holding: { cardNumber: string } | undefined,
  current: string | undefined,
): boolean =>
  atNumber === undefined && (current === undefined ? holding === undefined : holding?.cardNumber === current);
