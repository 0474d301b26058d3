import { randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors';
import { CARD_PIN_ATTEMPTS_MAX, CODE_ID_BYTES } from '../../platform/limits';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type { CardRequest, ScanRequest } from '../contract/codes';
import type { CardPin, StoresDeps } from '../port';
import { isLocked } from '../rules/card';
import {
  cardNumberFrom,
  hashPin,
  isCardNumber,
  isGuessablePin,
  issueVolunteerCode,
  normaliseCardNumber,
  PIN_SCHEME,
  pinMatches,
  readVolunteerCode,
} from '../rules/volunteer-code';

/**
 * Volunteer codes and cards at the counter. A phone asks for a fresh code and shows it as a QR code;
 * the counter scans it and sees whose it is. A volunteer without a phone brings a printed card and
 * types a PIN; a right PIN gives the counter a fresh code, so what follows is the same single-use
 * redemption either way. Five wrong PINs lock the card until an admin sets a new PIN.
 */

const newCodeId = (): string => randomBytes(CODE_ID_BYTES).toString('base64url');

export interface ScanAnswer {
  volunteerId: string;
  displayName: string;
  balance: number;
  expiresAt: string;
  code?: string;
}

/** Only the volunteer themself may make their code. */
export async function issueCode(
  deps: Pick<StoresDeps, 'signing' | 'now'>,
  principal: Principal,
  volunteerId: string,
): Promise<{ code: string; expiresAt: string }> {
  const signing = await deps.signing();
  if (!hasRole(principal, 'volunteer') || principal.volunteerId !== volunteerId) {
    throw new AppError('FORBIDDEN', 'Only the volunteer may make their own code');
  }
  const issued = issueVolunteerCode(volunteerId, newCodeId(), deps.now(), signing);
  return { code: issued.code, expiresAt: issued.expiresAt };
}

/** Counter staff who are volunteers too may not serve themselves. */
export function assertNotSelf(principal: Principal, volunteerId: string): void {
  if (principal.volunteerId !== undefined && principal.volunteerId === volunteerId) {
    throw new AppError('FORBIDDEN', 'You cannot redeem for yourself; ask a colleague');
  }
}

/**
 * What the counter sees after a scan. The used-code check here is advisory (it saves a wasted
 * basket); the redemption's transaction decides for certain.
 */
export async function scan(
  deps: Pick<StoresDeps, 'cards' | 'volunteers' | 'limiter' | 'counterLimits' | 'signing' | 'now'>,
  principal: Principal,
  request: ScanRequest,
): Promise<ScanAnswer> {
  const signing = await deps.signing();
  if (principal.storeId === undefined) throw new AppError('FORBIDDEN', 'Your sign-in names no store');
  await deps.limiter.reserve(deps.counterLimits.scans, principal.userId, SCANS_DETAIL);
  if ('code' in request) {
    const reading = readVolunteerCode(request.code, signing, deps.now());
    if (reading.status === 'invalid') throw new AppError('INVALID_CODE', 'This is not a volunteer code');
    if (reading.status === 'expired') {
      throw new AppError('CODE_EXPIRED', 'This code has expired; ask the volunteer to refresh it');
    }
    assertNotSelf(principal, reading.volunteerId);
    const facts = await volunteerAtCounter(deps, reading.volunteerId, reading.codeId);
    if (facts.codeUsed) throw new AppError('CODE_USED', 'This code was already used; ask for a fresh one');
    return {
      volunteerId: reading.volunteerId,
      displayName: maskName(facts.name ?? ''),
      balance: facts.balance,
      expiresAt: reading.expiresAt,
    };
  }
  const volunteerId = await checkCard(deps, principal, principal.storeId, request.cardNumber, request.pin);
  const issued = issueVolunteerCode(volunteerId, newCodeId(), deps.now(), signing);
  const facts = await volunteerAtCounter(deps, volunteerId, undefined);
  return {
    volunteerId,
    displayName: maskName(facts.name ?? ''),
    balance: facts.balance,
    expiresAt: issued.expiresAt,
    code: issued.code,
  };
}

async function volunteerAtCounter(
  deps: Pick<StoresDeps, 'volunteers'>,
  volunteerId: string,
  codeId: string | undefined,
) {
  const facts = await deps.volunteers.atCounter(volunteerId, codeId);
  if (facts === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  return facts;
}

const NO_SUCH_CARD = '卡号或密码不对 (card number or PIN is wrong)';
const LOCKED =
  '这张卡输错密码次数过多，已锁定，请到县志愿服务中心重设密码 (locked after too many wrong PINs; an admin must set a new PIN)';
/** Checked against when the card does not exist, so a wrong number costs as long as a wrong PIN. */
const DECOY_SALT = Buffer.alloc(16, 7);
const DECOY_HASH = Buffer.alloc(32).toString('base64');
/** How much of a typed number names its limit and its guard item: enough for any real card. */
const TYPED_NUMBER_CHARS_MAX = 64;
const PIN_SALT_BYTES = 16;

const SCANS_DETAIL = '扫码太频繁，请稍后再试 (too many scans from this counter; wait a moment)';
const WRONG_PINS_DETAIL = '密码输错次数太多，请稍后再试 (too many wrong PINs; wait before trying again)';

/**
 * Checks a card's PIN, giving a card number that is no card exactly the same answers and the same
 * work: the same refusal text (no attempts left, no "unknown card"), one read, one scrypt check
 * and one conditional count of the wrong PIN, on the card or, for an unknown number, on a guard
 * item of that number, so an unknown number locks after as many wrong PINs as a card does.
 *
 * Before anything is read, one use is taken from each per-caller limit on wrong PINs (the counter
 * user, the store, the card number); a right PIN gives them back, so only wrong PINs count, and a
 * burst of guesses over many cards is stopped by the counter's and the store's limits whatever
 * the cards say. The per-card lock counts wrong PINs in a row with a conditional `ADD` that only
 * succeeds below the limit, so concurrent guesses cannot count past it; a right PIN resets that
 * count (the per-card daily limit it does not), and a locked card stays locked even for the right
 * PIN. Updates to a card are pinned to the PIN hash read, so an admin's reset in between neither
 * counts against nor unlocks for the old PIN (`canTryPin`, rules/card.ts).
 */
async function checkCard(
  deps: Pick<StoresDeps, 'cards' | 'limiter' | 'counterLimits' | 'now'>,
  principal: Principal,
  storeId: string,
  typed: string,
  pin: string,
): Promise<string> {
  const cardNumber = normaliseCardNumber(typed);
  const limits = deps.counterLimits;
  const reservation = await deps.limiter.reserveAll([
    { limit: limits.wrongPinsPerCounter, subject: principal.userId, detail: WRONG_PINS_DETAIL },
    { limit: limits.wrongPinsPerStore, subject: storeId, detail: WRONG_PINS_DETAIL },
    {
      limit: limits.wrongPinsPerCard,
      subject: cardNumber.slice(0, TYPED_NUMBER_CHARS_MAX),
      detail: WRONG_PINS_DETAIL,
    },
  ]);
  const card = isCardNumber(cardNumber) ? await deps.cards.get(cardNumber) : undefined;
  if (card === undefined || card.status !== 'active') {
    await pinMatches(pin, DECOY_SALT, DECOY_HASH);
    await countWrongPin(deps, { guard: cardNumber.slice(0, TYPED_NUMBER_CHARS_MAX) });
    throw new AppError('INVALID_CODE', NO_SUCH_CARD);
  }
  assertNotSelf(principal, card.volunteerId);
  const right = await pinMatches(pin, Buffer.from(card.pinSalt, 'base64'), card.pinHash);
  // A locked card takes the same path as a wrong PIN (its count is refused, which says locked),
  // so it costs what an unknown number's locked guard costs.
  if (!right || isLocked(card.failedAttempts)) {
    await countWrongPin(deps, { card: cardNumber, pinHash: card.pinHash });
    throw new AppError('INVALID_CODE', NO_SUCH_CARD);
  }
  // Locked meanwhile by concurrent wrong guesses, or the PIN was reset: this proves nothing.
  if (!(await deps.cards.acceptPin(cardNumber, card.pinHash, deps.now().toISOString()))) {
    throw new AppError('INVALID_CODE', NO_SUCH_CARD);
  }
  await reservation.release();
  return card.volunteerId;
}

/**
 * Counts one wrong PIN on a card (pinned to the PIN hash read) or on an unknown number's guard
 * item, only below the lock's limit. The attempt that reaches the limit, and every one after it,
 * is CARD_LOCKED; the rest are the same INVALID_CODE, whichever kind of number was typed.
 */
async function countWrongPin(
  deps: Pick<StoresDeps, 'cards' | 'now'>,
  target: { card: string; pinHash: string } | { guard: string },
): Promise<void> {
  const count = await deps.cards.countWrongPin(target, deps.now().toISOString());
  // Refused with the count below the lock: the PIN was reset or the card replaced meanwhile, and
  // this attempt proves nothing either way.
  const locked = count.counted
    ? isLocked(count.failedAttempts ?? CARD_PIN_ATTEMPTS_MAX)
    : isLocked(count.failedAttempts);
  if (locked) throw new AppError('CARD_LOCKED', LOCKED);
}

const CARD_ISSUE_ATTEMPTS_MAX = 5;
/** Random bytes a card number is drawn from (cardNumberFrom keeps what its digits need). */
const CARD_NUMBER_RANDOM_BYTES = 16;

/**
 * Sets a volunteer's card PIN (admin). The first call issues a card number; later calls keep the
 * number (it is printed) and set a new PIN, which also unlocks the card. `replace` issues a new
 * number for a lost card; the old number stops working in the same transaction.
 */
export async function putCard(
  deps: Pick<StoresDeps, 'cards' | 'volunteers' | 'now'>,
  principal: Principal,
  volunteerId: string,
  request: CardRequest,
): Promise<{ volunteerId: string; cardNumber: string }> {
  if (isGuessablePin(request.pin)) {
    throw new AppError('VALIDATION_FAILED', 'Choose a PIN that is not a repeated digit or a run', {
      fields: [{ path: 'body.pin', message: 'too easy to guess' }],
    });
  }
  const [registered, current] = await Promise.all([
    deps.volunteers.exists(volunteerId),
    deps.cards.heldBy(volunteerId),
  ]);
  if (!registered) throw new AppError('NOT_FOUND', 'No such volunteer');
  const salt = randomBytes(PIN_SALT_BYTES);
  const pin: CardPin = {
    pinHash: await hashPin(request.pin, salt),
    pinSalt: salt.toString('base64'),
    pinScheme: PIN_SCHEME,
  };
  const at = deps.now().toISOString();

  if (current !== undefined && request.replace !== true) {
    if (!(await deps.cards.resetPin(current, volunteerId, pin, principal.userId, at))) {
      throw new AppError('CONFLICT', 'The card changed meanwhile; try again');
    }
    return { volunteerId, cardNumber: current };
  }

  for (let attempt = 0; attempt < CARD_ISSUE_ATTEMPTS_MAX; attempt += 1) {
    const cardNumber = cardNumberFrom(randomBytes(CARD_NUMBER_RANDOM_BYTES));
    const issued = await deps.cards.issue(cardNumber, volunteerId, current, pin, principal.userId, at);
    if (issued === 'issued') return { volunteerId, cardNumber };
    if (issued === 'holding-changed') throw new AppError('CONFLICT', 'The card changed meanwhile; try again');
  }
  throw new AppError('UNAVAILABLE', 'Could not issue a card number; try again');
}
