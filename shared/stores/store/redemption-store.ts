import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  clipText,
  goodsSummary,
  type MovementDetails,
  PASSBOOK_STORE_NAME_LENGTH_MAX,
  SYSTEM_ACCOUNT,
} from '../../ledger/rules/ledger';
import type { LedgerResult, LedgerStore, ReadAlong, TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import type { AppError } from '../../platform/errors';
import type { IdempotencyScope } from '../../platform/idempotency';
import { STORE_DAY_PAGES_MAX } from '../../platform/limits';
import { windowOf } from '../../platform/rate-limit';
import type { NewRedemption, RedemptionStore, Voiding } from '../port';
import {
  alreadyVoided,
  codeUsed,
  counterTooFast,
  givesSpendBack,
  lineRefusal,
  namedLines,
  overDailyCap,
  REDEMPTION_TRANSITIONS,
  type RedemptionLineRecord,
  type RedemptionRecord,
} from '../rules/redemption';
import type { StoreItemRecord } from '../rules/store';
import { queryPages, type TableAccess, withRetries } from './reads';

/** Counter-minute items live a day, daily-spend items a week: long enough, then TTL removes them. */
const COUNTER_MINUTE_TTL_SECONDS = 24 * 60 * 60;
const DAILY_SPEND_TTL_SECONDS = 7 * 24 * 60 * 60;
/** The counter-minute cap's window, in seconds: the minute of the movement. */
const COUNTER_MINUTE_SECONDS = 60;
const epochSeconds = (at: string): number => Math.floor(Date.parse(at) / 1000);

export interface RedemptionStoreDeps extends TableAccess {
  ledger: LedgerStore;
}

/** A line's units taken from stock, only while `canTakeLine` (rules/stock.ts): the stock floor. */
export function takeLineItem(tableName: string, storeId: string, line: RedemptionLineRecord): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.storeItem(storeId, line.sku),
      UpdateExpression: 'ADD stock :minus',
      ConditionExpression: 'stock >= :qty AND pricePoints = :price',
      ExpressionAttributeValues: { ':minus': -line.qty, ':qty': line.qty, ':price': line.pricePoints },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** The redemption record, which is also its code's used-marker: put only while `codeUnspent`. */
export function redemptionPut(tableName: string, record: RedemptionRecord): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.redemption(record.id),
        ...keys.redemptionByStoreDay(record.storeId, record.date, record.at, record.id),
        entity: ENTITY.redemption,
        ...record,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** Marks a redemption voided, only while `canVoid` (rules/redemption.ts). */
export function markVoided(
  tableName: string,
  redemptionId: string,
  voiding: { at: string; by: string; reason: string; movementId: string },
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.redemption(redemptionId),
      UpdateExpression:
        'SET #status = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason, voidMovementId = :movement',
      ConditionExpression: '#status = :completed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':voided': REDEMPTION_TRANSITIONS.void.to,
        ':completed': REDEMPTION_TRANSITIONS.void.from,
        ':at': voiding.at,
        ':by': voiding.by,
        ':reason': voiding.reason,
        ':movement': voiding.movementId,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Counts points on a volunteer's day, only while `dailySpendHasRoom` under `cap`. */
export function dailySpendItem(
  tableName: string,
  volunteerId: string,
  date: string,
  points: number,
  cap: number,
  at: string,
): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.dailySpend(volunteerId, date),
      UpdateExpression: 'ADD points :points SET entity = :entity, expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(points) OR points <= :room',
      ExpressionAttributeValues: {
        ':points': points,
        ':room': cap - points,
        ':entity': ENTITY.dailySpend,
        ':ttl': epochSeconds(at) + DAILY_SPEND_TTL_SECONDS,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

/** Counts one redemption on a counter's minute, only while `counterMinuteHasRoom` under `cap`. */
export function counterMinuteItem(tableName: string, userId: string, cap: number, at: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.counterMinute(userId, at.slice(0, 16)),
      UpdateExpression: 'ADD n :one SET entity = :entity, expiresAt = :ttl',
      ConditionExpression: 'attribute_not_exists(n) OR n < :cap',
      ExpressionAttributeValues: {
        ':one': 1,
        ':cap': cap,
        ':entity': ENTITY.counterMinute,
        ':ttl': epochSeconds(at) + COUNTER_MINUTE_TTL_SECONDS,
      },
    },
  };
}

/** The store's name for the passbook, from its item read along with the account (none if missing). */
function storeNameOf(store: Record<string, unknown> | undefined): MovementDetails {
  const name = store?.name;
  return typeof name === 'string' && name !== ''
    ? { storeName: clipText(name, PASSBOOK_STORE_NAME_LENGTH_MAX) }
    : {};
}

/** What the passbook says of a redemption's goods: the names the counter showed, with quantities. */
function goodsOf(lines: readonly { sku: string; qty: number }[], items: ReadAlong): MovementDetails {
  return {
    goods: goodsSummary(
      lines.map((line, index) => {
        const name = items[index]?.name;
        return { name: typeof name === 'string' && name !== '' ? name : line.sku, qty: line.qty };
      }),
    ),
  };
}

/**
 * Redemptions in DynamoDB: the record (keys.redemption, under the code's id) with its store-day
 * index, written with the ledger's movement and the stock lines, the code's single use and the
 * caps in one transaction (LedgerStore.postMovement).
 */
export class DynamoRedemptionStore implements RedemptionStore {
  constructor(private readonly deps: RedemptionStoreDeps) {}

  async get(redemptionId: string): Promise<RedemptionRecord | undefined> {
    const found = await withRetries(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.deps.tableName,
          Key: keys.redemption(redemptionId),
          ConsistentRead: true,
        }),
      ),
    );
    return found.Item as RedemptionRecord | undefined;
  }

  findReplay(scope: IdempotencyScope): Promise<LedgerResult | undefined> {
    return this.deps.ledger.findReplay(scope);
  }

  redeem(redemption: NewRedemption): Promise<LedgerResult> {
    const { id, storeId, volunteerId, counterUserId, basket, caps } = redemption;
    const { tableName } = this.deps;
    const itemsOf = (read: readonly (Record<string, unknown> | undefined)[]) =>
      read as readonly (StoreItemRecord | undefined)[];
    // Built per attempt from the movement (its time decides the day and the minute); the explainers
    // are kept in the same order as the extra items.
    let explainers: ((reason: CancellationReason) => AppError)[] = [];
    return this.deps.ledger.postMovement({
      draft: {
        kind: 'redeem',
        volunteerId,
        direction: 'debit',
        amount: basket.totalPoints,
        counterAccount: SYSTEM_ACCOUNT.store(storeId),
        ref: `redemption:${id}`,
        actor: counterUserId,
        details: { storeId, redemptionId: id },
      },
      idempotency: redemption.idempotency,
      // The catalogue items and the store come in the ledger's own read: one read for the whole
      // redemption. The store is last, so the items keep the basket's indexes.
      readAlong: [...basket.lines.map((line) => keys.storeItem(storeId, line.sku)), keys.store(storeId)],
      // The passbook line says where and what: "什川镇爱心超市", "肥皂×2、毛巾×1".
      detailsAlong: (read) => ({ ...storeNameOf(read[basket.lines.length]), ...goodsOf(basket.lines, read) }),
      respond: (movement, read) => ({
        status: 201,
        body: {
          id,
          volunteerId,
          storeId,
          items: namedLines(basket.lines, itemsOf(read)),
          pointsSpent: basket.totalPoints,
          balanceAfter: movement.balanceAfter,
          at: movement.at,
        },
      }),
      extraItems: (movement, read) => {
        const lines = namedLines(basket.lines, itemsOf(read));
        const at = movement.at;
        const date = chinaDate(at);
        const items: TransactItem[] = [];
        explainers = [];
        for (const line of lines) {
          items.push(takeLineItem(tableName, storeId, line));
          explainers.push((reason) => lineRefusal(line, oldItemOf<StoreItemRecord>(reason)));
        }
        const countSpend = caps.pointsPerVolunteerPerDay > 0;
        items.push(
          redemptionPut(tableName, {
            id,
            storeId,
            volunteerId,
            counterUserId,
            at,
            date,
            status: 'completed',
            lines,
            pointsSpent: basket.totalPoints,
            movementId: movement.id,
            ...(countSpend ? { spendDate: date } : {}),
          }),
        );
        explainers.push(codeUsed);
        if (countSpend) {
          items.push(
            dailySpendItem(
              tableName,
              volunteerId,
              date,
              basket.totalPoints,
              caps.pointsPerVolunteerPerDay,
              at,
            ),
          );
          explainers.push((reason) =>
            overDailyCap(
              caps.pointsPerVolunteerPerDay,
              basket.totalPoints,
              Number(oldItemOf<{ points?: number }>(reason)?.points ?? 0),
            ),
          );
        }
        if (caps.redemptionsPerCounterPerMinute > 0) {
          items.push(counterMinuteItem(tableName, counterUserId, caps.redemptionsPerCounterPerMinute, at));
          // The minute is the window (UTC YYYY-MM-DDTHH:MM of the movement): retry when it ends.
          const { retryAfterSeconds } = windowOf(Date.parse(at), COUNTER_MINUTE_SECONDS);
          explainers.push(() => counterTooFast(caps.redemptionsPerCounterPerMinute, retryAfterSeconds));
        }
        return items;
      },
      explainExtra: (index, reason) => explainers[index]?.(reason),
    });
  }

  void(record: RedemptionRecord, voiding: Voiding): Promise<LedgerResult> {
    const { tableName } = this.deps;
    const { storeId, id: redemptionId } = record;
    return this.deps.ledger.postMovement({
      draft: {
        kind: 'void',
        volunteerId: record.volunteerId,
        direction: 'credit',
        amount: record.pointsSpent,
        counterAccount: SYSTEM_ACCOUNT.store(storeId),
        ref: `redemption:${redemptionId}`,
        corrects: record.movementId,
        actor: voiding.by,
        memo: voiding.reason,
        // What the void gives back, as the redemption's line said it.
        details: { storeId, redemptionId, goods: goodsSummary(record.lines) },
      },
      idempotency: voiding.idempotency,
      readAlong: [keys.store(storeId)],
      detailsAlong: (read) => storeNameOf(read[0]),
      respond: (movement) => ({
        status: 200,
        body: {
          id: redemptionId,
          status: REDEMPTION_TRANSITIONS.void.to,
          balanceAfter: movement.balanceAfter,
          pointsReturned: record.pointsSpent,
          voidedAt: movement.at,
        },
      }),
      extraItems: (movement) => {
        const items: TransactItem[] = [
          markVoided(tableName, redemptionId, {
            at: movement.at,
            by: voiding.by,
            reason: voiding.reason,
            movementId: movement.id,
          }),
          ...record.lines.map(
            (line): TransactItem => ({
              Update: {
                TableName: tableName,
                Key: keys.storeItem(storeId, line.sku),
                UpdateExpression: 'ADD stock :qty',
                ConditionExpression: 'attribute_exists(pk)',
                ExpressionAttributeValues: { ':qty': line.qty },
              },
            }),
          ),
        ];
        if (record.spendDate !== undefined && givesSpendBack(record, movement.at)) {
          items.push({
            Update: {
              TableName: tableName,
              Key: keys.dailySpend(record.volunteerId, record.spendDate),
              UpdateExpression: 'ADD points :minus',
              ConditionExpression: 'attribute_exists(points)',
              ExpressionAttributeValues: { ':minus': -record.pointsSpent },
            },
          });
        }
        return items;
      },
      explainExtra: (index, reason) => {
        if (index !== 0) return undefined;
        const now = oldItemOf<RedemptionRecord>(reason);
        return now?.status === REDEMPTION_TRANSITIONS.void.to ? alreadyVoided(now.voidedAt) : undefined;
      },
    });
  }

  async day(storeId: string, date: string): Promise<{ records: RedemptionRecord[]; complete: boolean }> {
    const { items, complete } = await queryPages<RedemptionRecord>(
      this.deps,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.storeDayPartition(storeId, date) },
      },
      STORE_DAY_PAGES_MAX,
    );
    return { records: items, complete };
  }
}
