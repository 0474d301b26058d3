import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, type ItemKey, keys } from '../../platform/dynamo/keys';
import { reserveAll, reserve as reserveUse } from '../../platform/dynamo/rate-limiter';
import { AppError } from '../../platform/errors';
import { CARD_PIN_ATTEMPTS_MAX, CODE_ID_BYTES, SCAN_READ_ROUNDS_MAX } from '../../platform/limits';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type { RateLimit } from '../../platform/rate-limit';
import type { Runtime } from '../../platform/runtime';
import type { SigningKeys } from '../../platform/signed-token';
import type { CardRequest, ScanRequest } from '../contract/codes';
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
import { withRetries } from './stores';

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
export function issueCode(
  runtime: Runtime,
  signing: SigningKeys,
  principal: Principal,
  volunteerId: string,
): { code: string; expiresAt: string } {
  if (!hasRole(principal, 'volunteer') || principal.volunteerId !== volunteerId) {
    throw new AppError('FORBIDDEN', 'Only the volunteer may make their own code');
  }
  const issued = issueVolunteerCode(volunteerId, newCodeId(), runtime.now(), signing);
  return { code: issued.code, expiresAt: issued.expiresAt };
}

/** Counter staff who are volunteers too may not serve themselves. */
export function assertNotSelf(principal: Principal, volunteerId: string): void {
  if (principal.volunteerId !== undefined && principal.volunteerId === volunteerId) {
    throw new AppError('FORBIDDEN', 'You cannot redeem for yourself; ask a colleague');
  }
}

interface VolunteerFacts {
  balance: number;
  name: string | undefined;
  codeUsed: boolean;
}

/** One strongly consistent BatchGetItem: the account, the profile and the code's used-marker. */
async function readVolunteerFacts(
  runtime: Runtime,
  volunteerId: string,
  codeId: string | undefined,
): Promise<VolunteerFacts> {
  const account = keys.volunteerAccount(volunteerId);
  const profile = keys.volunteerProfile(volunteerId);
  const used = codeId === undefined ? undefined : keys.redemption(codeId);
  const { items: found, unprocessed } = await batchGetItems(
    runtime.client,
    runtime.tableName,
    [account, profile, ...(used === undefined ? [] : [used])],
    { consistent: true, roundsMax: SCAN_READ_ROUNDS_MAX, retry: withRetries },
  );
  if (unprocessed.length > 0) throw new AppError('UNAVAILABLE', 'Busy; scan again');
  const find = (key: ItemKey) => found.find((item) => item.pk === key.pk && item.sk === key.sk);
  const accountItem = find(account);
  const profileItem = find(profile);
  // No account item yet: a registered volunteer whose points have never moved (balance 0).
  if (accountItem === undefined && profileItem === undefined)
    throw new AppError('NOT_FOUND', 'No such volunteer');
  return {
    balance: Number(accountItem?.balance ?? 0),
    name: typeof profileItem?.name === 'string' ? profileItem.name : undefined,
    codeUsed: used !== undefined && find(used) !== undefined,
  };
}

/**
 * What the counter sees after a scan. The used-code check here is advisory (it saves a wasted
 * basket); the redemption's transaction decides for certain.
 */
export async function scan(
  runtime: Runtime,
  signing: SigningKeys,
  principal: Principal,
  request: ScanRequest,
): Promise<ScanAnswer> {
  if (principal.storeId === undefined) throw new AppError('FORBIDDEN', 'Your sign-in names no store');
  await reserve(runtime, counterLimits(runtime).scans, principal.userId, SCANS_DETAIL);
  if ('code' in request) {
    const reading = readVolunteerCode(request.code, signing, runtime.now());
    if (reading.status === 'invalid') throw new AppError('INVALID_CODE', 'This is not a volunteer code');
    if (reading.status === 'expired') {
      throw new AppError('CODE_EXPIRED', 'This code has expired; ask the volunteer to refresh it');
    }
    assertNotSelf(principal, reading.volunteerId);
    const facts = await readVolunteerFacts(runtime, reading.volunteerId, reading.codeId);
    if (facts.codeUsed) throw new AppError('CODE_USED', 'This code was already used; ask for a fresh one');
    return {
      volunteerId: reading.volunteerId,
      displayName: maskName(facts.name ?? ''),
      balance: facts.balance,
      expiresAt: reading.expiresAt,
    };
  }
  const volunteerId = await checkCard(runtime, principal, principal.storeId, request.cardNumber, request.pin);
  const issued = issueVolunteerCode(volunteerId, newCodeId(), runtime.now(), signing);
  const facts = await readVolunteerFacts(runtime, volunteerId, undefined);
  return {
    volunteerId,
    displayName: maskName(facts.name ?? ''),
    balance: facts.balance,
    expiresAt: issued.expiresAt,
    code: issued.code,
  };
}

interface CardItem {
  cardNumber: string;
  volunteerId: string;
  status: 'active' | 'replaced';
  pinHash: string;
  pinSalt: string;
  failedAttempts?: number;
}

const NO_SUCH_CARD = '卡号或密码不对 (card number or PIN is wrong)';
const LOCKED =
  '这张卡输错密码次数过多，已锁定，请到县志愿服务中心重设密码 (locked after too many wrong PINs; an admin must set a new PIN)';
/** Checked against when the card does not exist, so a wrong number costs as long as a wrong PIN. */
const DECOY_SALT = Buffer.alloc(16, 7);
const DECOY_HASH = Buffer.alloc(32).toString('base64');

const SCANS_DETAIL = '扫码太频繁，请稍后再试 (too many scans from this counter; wait a moment)';
const WRONG_PINS_DETAIL = '密码输错次数太多，请稍后再试 (too many wrong PINs; wait before trying again)';

/** The per-caller limits of the counter, from configuration (0 turns one off). */
export function counterLimits(runtime: Runtime) {
  const config = runtime.config;
  return {
    scans: { name: 'scan-per-counter', max: config.SCANS_PER_COUNTER_PER_MINUTE, windowSeconds: 60 },
    wrongPinsPerCounter: {
      name: 'wrong-pin-per-counter',
      max: config.WRONG_PINS_PER_COUNTER_PER_HOUR,
      windowSeconds: 3600,
    },
    wrongPinsPerStore: {
      name: 'wrong-pin-per-store',
      max: config.WRONG_PINS_PER_STORE_PER_HOUR,
      windowSeconds: 3600,
    },
    wrongPinsPerCard: {
      name: 'wrong-pin-per-card',
      max: config.WRONG_PINS_PER_CARD_PER_DAY,
      windowSeconds: 86_400,
    },
  } satisfies Record<string, RateLimit>;
}

const reserve = (runtime: Runtime, limit: RateLimit, subject: string, detail: string) =>
  reserveUse(runtime, limit, subject, detail);

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
 * counts against nor unlocks for the old PIN.
 */
async function checkCard(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  typed: string,
  pin: string,
): Promise<string> {
  const cardNumber = normaliseCardNumber(typed);
  const limits = counterLimits(runtime);
  const reservation = await reserveAll(runtime, [
    { limit: limits.wrongPinsPerCounter, subject: principal.userId, detail: WRONG_PINS_DETAIL },
    { limit: limits.wrongPinsPerStore, subject: storeId, detail: WRONG_PINS_DETAIL },
    { limit: limits.wrongPinsPerCard, subject: cardNumber.slice(0, 64), detail: WRONG_PINS_DETAIL },
  ]);
  const found = isCardNumber(cardNumber)
    ? await withRetries(() =>
        runtime.client.send(
          new GetCommand({ TableName: runtime.tableName, Key: keys.card(cardNumber), ConsistentRead: true }),
        ),
      )
    : { Item: undefined };
  const card = found.Item as CardItem | undefined;
  if (card === undefined || card.status !== 'active') {
    await pinMatches(pin, DECOY_SALT, DECOY_HASH);
    await countWrongPin(runtime, keys.cardGuard(cardNumber.slice(0, 64)), undefined);
    throw new AppError('INVALID_CODE', NO_SUCH_CARD);
  }
  assertNotSelf(principal, card.volunteerId);
  const right = await pinMatches(pin, Buffer.from(card.pinSalt, 'base64'), card.pinHash);
  // A locked card takes the same path as a wrong PIN (its count is refused, which says locked),
  // so it costs what an unknown number's locked guard costs.
  if (!right || (card.failedAttempts ?? 0) >= CARD_PIN_ATTEMPTS_MAX) {
    await countWrongPin(runtime, keys.card(cardNumber), card.pinHash);
    throw new AppError('INVALID_CODE', NO_SUCH_CARD);
  }
  try {
    await runtime.client.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.card(cardNumber),
        ConditionExpression:
          'pinHash = :hash AND #status = :active AND (attribute_not_exists(failedAttempts) OR failedAttempts < :max)',
        UpdateExpression: 'SET failedAttempts = :zero, lastUsedAt = :at',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':hash': card.pinHash,
          ':active': 'active',
          ':max': CARD_PIN_ATTEMPTS_MAX,
          ':zero': 0,
          ':at': runtime.now().toISOString(),
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    // Locked meanwhile by concurrent wrong guesses, or the PIN was reset: this proves nothing.
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
async function countWrongPin(runtime: Runtime, key: ItemKey, pinHash: string | undefined): Promise<void> {
  const pinned = pinHash === undefined ? '' : 'pinHash = :hash AND #status = :active AND ';
  try {
    const counted = await runtime.client.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: key,
        UpdateExpression: `ADD failedAttempts :one SET lastFailedAt = :at${pinHash === undefined ? ', entity = :entity' : ''}`,
        ConditionExpression: `${pinned}(attribute_not_exists(failedAttempts) OR failedAttempts < :max)`,
        ...(pinHash === undefined ? {} : { ExpressionAttributeNames: { '#status': 'status' } }),
        ExpressionAttributeValues: {
          ':one': 1,
          ':max': CARD_PIN_ATTEMPTS_MAX,
          ':at': runtime.now().toISOString(),
          ...(pinHash === undefined
            ? { ':entity': ENTITY.cardGuard }
            : { ':hash': pinHash, ':active': 'active' }),
        },
        ReturnValues: 'UPDATED_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    if (Number(counted.Attributes?.failedAttempts ?? CARD_PIN_ATTEMPTS_MAX) >= CARD_PIN_ATTEMPTS_MAX) {
      throw new AppError('CARD_LOCKED', LOCKED);
    }
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const now = error.Item === undefined ? undefined : (unmarshall(error.Item) as Partial<CardItem>);
    if ((now?.failedAttempts ?? 0) >= CARD_PIN_ATTEMPTS_MAX) throw new AppError('CARD_LOCKED', LOCKED);
    // The PIN was reset or the card replaced meanwhile: this attempt proves nothing either way.
  }
}

const CARD_ISSUE_ATTEMPTS_MAX = 5;

/**
 * Sets a volunteer's card PIN (admin). The first call issues a card number; later calls keep the
 * number (it is printed) and set a new PIN, which also unlocks the card. `replace` issues a new
 * number for a lost card; the old number stops working in the same transaction.
 */
export async function putCard(
  runtime: Runtime,
  principal: Principal,
  volunteerId: string,
  request: CardRequest,
): Promise<{ volunteerId: string; cardNumber: string }> {
  if (isGuessablePin(request.pin)) {
    throw new AppError('VALIDATION_FAILED', 'Choose a PIN that is not a repeated digit or a run', {
      fields: [{ path: 'body.pin', message: 'too easy to guess' }],
    });
  }
  const [profile, holding] = await Promise.all(
    [keys.volunteerProfile(volunteerId), keys.volunteerCard(volunteerId)].map((key) =>
      withRetries(() =>
        runtime.client.send(new GetCommand({ TableName: runtime.tableName, Key: key, ConsistentRead: true })),
      ),
    ),
  );
  if (profile?.Item === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  const salt = randomBytes(16);
  const pin = {
    pinHash: await hashPin(request.pin, salt),
    pinSalt: salt.toString('base64'),
    pinScheme: PIN_SCHEME,
  };
  const at = runtime.now().toISOString();
  const current = holding?.Item?.cardNumber as string | undefined;

  if (current !== undefined && request.replace !== true) {
    try {
      await withRetries(() =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.card(current),
            UpdateExpression:
              'SET pinHash = :hash, pinSalt = :salt, pinScheme = :scheme, failedAttempts = :zero, pinSetAt = :at, pinSetBy = :by',
            ConditionExpression: 'volunteerId = :volunteerId AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':hash': pin.pinHash,
              ':salt': pin.pinSalt,
              ':scheme': pin.pinScheme,
              ':zero': 0,
              ':at': at,
              ':by': principal.userId,
              ':volunteerId': volunteerId,
              ':active': 'active',
            },
          }),
        ),
      );
      return { volunteerId, cardNumber: current };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new AppError('CONFLICT', 'The card changed meanwhile; try again');
      }
      throw error;
    }
  }

  for (let attempt = 0; attempt < CARD_ISSUE_ATTEMPTS_MAX; attempt += 1) {
    const cardNumber = cardNumberFrom(randomBytes(16));
    const items: TransactItem[] = [
      {
        Put: {
          TableName: runtime.tableName,
          Item: {
            ...keys.card(cardNumber),
            entity: ENTITY.card,
            cardNumber,
            volunteerId,
            status: 'active',
            ...pin,
            failedAttempts: 0,
            issuedAt: at,
            issuedBy: principal.userId,
            pinSetAt: at,
            pinSetBy: principal.userId,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: runtime.tableName,
          Item: {
            ...keys.volunteerCard(volunteerId),
            entity: ENTITY.cardRef,
            volunteerId,
            cardNumber,
            issuedAt: at,
          },
          ...(current === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'cardNumber = :old', ExpressionAttributeValues: { ':old': current } }),
        },
      },
      ...(current === undefined
        ? []
        : [
            {
              Update: {
                TableName: runtime.tableName,
                Key: keys.card(current),
                UpdateExpression: 'SET #status = :replaced, replacedAt = :at, replacedBy = :by',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':replaced': 'replaced', ':at': at, ':by': principal.userId },
              },
            },
          ]),
    ];
    try {
      await runtime.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { volunteerId, cardNumber };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [cardReason, holdingReason] = reasonsOf(error);
      if (conditionFailed(holdingReason)) {
        throw new AppError('CONFLICT', 'The card changed meanwhile; try again');
      }
      // A number that exists already (rare) or a conflict: draw another number.
      if (conditionFailed(cardReason)) continue;
    }
  }
  throw new AppError('UNAVAILABLE', 'Could not issue a card number; try again');
}
