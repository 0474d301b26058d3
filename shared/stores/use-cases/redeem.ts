import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import type { LedgerResult, ReadAlong, TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, userScope } from '../../platform/idempotency';
import type { Principal } from '../../platform/principal';
import { windowOf } from '../../platform/rate-limit';
import type { Runtime } from '../../platform/runtime';
import type { SigningKeys } from '../../platform/signed-token';
import type { RedemptionRequest } from '../contract/redemptions';
import { type BasketLine, buildBasket } from '../rules/basket';
import { readVolunteerCode } from '../rules/volunteer-code';
import { assertNotSelf } from './codes';
import { assertStoreAccess, type StoreItemRecord } from './stores';

/**
 * A redemption at the counter: points and goods move together or not at all. One ledger movement
 * debits the volunteer (guarded by `balance >= :amount`), and the same transaction takes each
 * line's units from stock (guarded by `stock >= :qty AND pricePoints = :price`), writes the
 * redemption record under the code's id (guarded by `attribute_not_exists`: the code is spent
 * once, across all stores), and counts the misuse caps. Whatever fails, nothing changes, and the
 * contract's code says what failed.
 */

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
  status: 'completed' | 'voided';
  lines: RedemptionLineRecord[];
  pointsSpent: number;
  movementId: string;
  /** Present when the daily spending cap counted this redemption (on that China day). */
  spendDate?: string;
  voidedAt?: string;
  voidedBy?: string;
  voidReason?: string;
  voidMovementId?: string;
}

export interface Caps {
  pointsPerVolunteerPerDay: number;
  redemptionsPerCounterPerMinute: number;
}

export const capsOf = (runtime: Runtime): Caps => ({
  pointsPerVolunteerPerDay: runtime.config.REDEEM_POINTS_PER_VOLUNTEER_PER_DAY,
  redemptionsPerCounterPerMinute: runtime.config.REDEMPTIONS_PER_COUNTER_PER_MINUTE,
});

/** Counter-minute items live a day, daily-spend items a week: long enough, then TTL removes them. */
const COUNTER_MINUTE_TTL_SECONDS = 24 * 60 * 60;
const DAILY_SPEND_TTL_SECONDS = 7 * 24 * 60 * 60;
const epochSeconds = (at: string): number => Math.floor(Date.parse(at) / 1000);

/**
 * The basket's lines with their catalogue names, from the store items the ledger read along with
 * the account (in the basket's order); a missing SKU is NOT_FOUND, before any write.
 */
function namedLines(basket: BasketLine[], items: ReadAlong): RedemptionLineRecord[] {
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

function explainLine(line: RedemptionLineRecord, reason: CancellationReason): AppError {
  const current = oldItemOf<StoreItemRecord>(reason);
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

export async function redeem(
  runtime: Runtime,
  signing: SigningKeys,
  principal: Principal,
  storeId: string,
  request: RedemptionRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<LedgerResult> {
  // The store is the one the staff member's token names; admins do not stand at counters.
  assertStoreAccess(principal, storeId, false);
  const basket = buildBasket(request.items);
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const reading = readVolunteerCode(request.code, signing, runtime.now());
  if (reading.status === 'invalid') throw new AppError('INVALID_CODE', 'This is not a volunteer code');
  if (reading.status === 'expired') {
    // A retry of a redemption that went through answers as the first time, however late it comes.
    const replay = await runtime.ledger.findReplay(scope);
    if (replay !== undefined) return replay;
    throw new AppError('CODE_EXPIRED', 'This code has expired; ask the volunteer to refresh it');
  }
  const { volunteerId, codeId: id } = reading;
  assertNotSelf(principal, volunteerId);
  const caps = capsOf(runtime);
  if (caps.pointsPerVolunteerPerDay > 0 && basket.totalPoints > caps.pointsPerVolunteerPerDay) {
    throw new AppError(
      'THROTTLED',
      `A volunteer may spend at most ${caps.pointsPerVolunteerPerDay} points a day; this basket is ${basket.totalPoints}`,
      { extra: { cap: 'points-per-volunteer-per-day', limit: caps.pointsPerVolunteerPerDay } },
    );
  }
  // Built per attempt from the movement (its time decides the day and the minute); the explainers
  // are kept in the same order as the extra items.
  let explainers: ((reason: CancellationReason) => AppError)[] = [];
  return runtime.ledger.postMovement({
    draft: {
      kind: 'redeem',
      volunteerId,
      direction: 'debit',
      amount: basket.totalPoints,
      counterAccount: SYSTEM_ACCOUNT.store(storeId),
      ref: `redemption:${id}`,
      actor: principal.userId,
      details: { storeId, redemptionId: id },
    },
    idempotency: scope,
    // The catalogue items come in the ledger's own read: one read for the whole redemption.
    readAlong: basket.lines.map((line) => keys.storeItem(storeId, line.sku)),
    respond: (movement, read) => ({
      status: 201,
      body: {
        id,
        volunteerId,
        storeId,
        items: namedLines(basket.lines, read),
        pointsSpent: basket.totalPoints,
        balanceAfter: movement.balanceAfter,
        at: movement.at,
      },
    }),
    extraItems: (movement, read) => {
      const lines = namedLines(basket.lines, read);
      const at = movement.at;
      const date = chinaDate(at);
      const items: TransactItem[] = [];
      explainers = [];
      for (const line of lines) {
        items.push({
          Update: {
            TableName: runtime.tableName,
            Key: keys.storeItem(storeId, line.sku),
            UpdateExpression: 'ADD stock :minus',
            ConditionExpression: 'stock >= :qty AND pricePoints = :price',
            ExpressionAttributeValues: { ':minus': -line.qty, ':qty': line.qty, ':price': line.pricePoints },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
        explainers.push((reason) => explainLine(line, reason));
      }
      const countSpend = caps.pointsPerVolunteerPerDay > 0;
      const record: RedemptionRecord = {
        id,
        storeId,
        volunteerId,
        counterUserId: principal.userId,
        at,
        date,
        status: 'completed',
        lines,
        pointsSpent: basket.totalPoints,
        movementId: movement.id,
        ...(countSpend ? { spendDate: date } : {}),
      };
      items.push({
        Put: {
          TableName: runtime.tableName,
          Item: {
            ...keys.redemption(id),
            ...keys.redemptionByStoreDay(storeId, date, at, id),
            entity: ENTITY.redemption,
            ...record,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
      explainers.push(
        () => new AppError('CODE_USED', 'This code was already used; ask the volunteer for a fresh one'),
      );
      if (countSpend) {
        items.push({
          Update: {
            TableName: runtime.tableName,
            Key: keys.dailySpend(volunteerId, date),
            UpdateExpression: 'ADD points :points SET entity = :entity, expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(points) OR points <= :room',
            ExpressionAttributeValues: {
              ':points': basket.totalPoints,
              ':room': caps.pointsPerVolunteerPerDay - basket.totalPoints,
              ':entity': ENTITY.dailySpend,
              ':ttl': epochSeconds(at) + DAILY_SPEND_TTL_SECONDS,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        });
        explainers.push((reason) => {
          const spent = Number(oldItemOf<{ points?: number }>(reason)?.points ?? 0);
          return new AppError(
            'THROTTLED',
            `A volunteer may spend at most ${caps.pointsPerVolunteerPerDay} points a day; ${spent} spent today, this basket is ${basket.totalPoints}`,
            {
              extra: {
                cap: 'points-per-volunteer-per-day',
                limit: caps.pointsPerVolunteerPerDay,
                spentToday: spent,
              },
            },
          );
        });
      }
      if (caps.redemptionsPerCounterPerMinute > 0) {
        items.push({
          Update: {
            TableName: runtime.tableName,
            Key: keys.counterMinute(principal.userId, at.slice(0, 16)),
            UpdateExpression: 'ADD n :one SET entity = :entity, expiresAt = :ttl',
            ConditionExpression: 'attribute_not_exists(n) OR n < :cap',
            ExpressionAttributeValues: {
              ':one': 1,
              ':cap': caps.redemptionsPerCounterPerMinute,
              ':entity': ENTITY.counterMinute,
              ':ttl': epochSeconds(at) + COUNTER_MINUTE_TTL_SECONDS,
            },
          },
        });
        // The minute is the window (UTC YYYY-MM-DDTHH:MM of the movement): retry when it ends.
        const { retryAfterSeconds } = windowOf(Date.parse(at), 60);
        explainers.push(
          () =>
            new AppError(
              'THROTTLED',
              `At most ${caps.redemptionsPerCounterPerMinute} redemptions a minute per counter; wait a moment`,
              {
                extra: {
                  cap: 'redemptions-per-counter-per-minute',
                  limit: caps.redemptionsPerCounterPerMinute,
                  retryAfterSeconds,
                },
                headers: { 'retry-after': String(retryAfterSeconds) },
              },
            ),
        );
      }
      return items;
    },
    explainExtra: (index, reason) => explainers[index]?.(reason),
  });
}
