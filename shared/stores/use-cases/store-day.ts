import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { chinaDate, isRealDate } from '../../platform/china-time';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { STORE_DAY_PAGES_MAX } from '../../platform/limits';
import { maskName } from '../../platform/masking';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import { type DayTotals, dayTotals } from '../rules/basket';
import type { RedemptionLineRecord, RedemptionRecord } from './redeem';
import { assertStoreAccess, getStoreRecord, withRetries } from './stores';

/**
 * The day's reconciliation at one store (日结): every redemption of one China business day in time
 * order, read from the store-day index, with points taken in against goods handed out. The index
 * is eventually consistent: a redemption from the last second may appear a moment later.
 */
export interface StoreDayEntry {
  id: string;
  volunteerId: string;
  displayName?: string;
  items: RedemptionLineRecord[];
  pointsSpent: number;
  status: 'completed' | 'voided';
  at: string;
  counterUserId: string;
  voidedAt?: string;
  voidReason?: string;
}

export interface StoreDayReport {
  storeId: string;
  date: string;
  redemptions: StoreDayEntry[];
  totals: DayTotals;
  truncated: boolean;
}

/** Requests per batch of 100 names: unprocessed keys are asked for again, then done without. */
const NAME_ROUNDS_PER_BATCH = 4;

/** Masked names of the day's volunteers (张*华), read in batches of 100; a name not read stays unnamed. */
async function maskedNames(runtime: Runtime, volunteerIds: string[]): Promise<Map<string, string>> {
  const { items } = await batchGetItems(
    runtime.client,
    runtime.tableName,
    volunteerIds.map((id) => keys.volunteerProfile(id)),
    {
      projection: { expression: 'volunteerId, #name', names: { '#name': 'name' } },
      roundsMax: NAME_ROUNDS_PER_BATCH,
      retry: withRetries,
    },
  );
  const names = new Map<string, string>();
  for (const item of items) {
    if (typeof item.name === 'string') names.set(String(item.volunteerId), maskName(item.name));
  }
  return names;
}

export async function readStoreDay(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  requestedDate: string | undefined,
): Promise<StoreDayReport> {
  assertStoreAccess(principal, storeId);
  const date = requestedDate ?? chinaDate(runtime.now());
  if (!isRealDate(date)) {
    throw new AppError('VALIDATION_FAILED', 'The date is not a real day', {
      fields: [{ path: 'query.date', message: 'not a calendar date' }],
    });
  }
  // An unknown store is 404 like every other store route, not an empty day that "balances".
  if ((await getStoreRecord(runtime, storeId)) === undefined)
    throw new AppError('NOT_FOUND', 'No such store');
  const records: RedemptionRecord[] = [];
  let startKey: Record<string, unknown> | undefined;
  let truncated = false;
  for (let page = 0; ; page += 1) {
    if (page >= STORE_DAY_PAGES_MAX) {
      truncated = true;
      break;
    }
    const result = await withRetries(() =>
      runtime.client.send(
        new QueryCommand({
          TableName: runtime.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.storeDayPartition(storeId, date) },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    records.push(...((result.Items ?? []) as RedemptionRecord[]));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  const names = await maskedNames(runtime, [...new Set(records.map((record) => record.volunteerId))]);
  const redemptions = records.map((record): StoreDayEntry => {
    const displayName = names.get(record.volunteerId);
    return {
      id: record.id,
      volunteerId: record.volunteerId,
      ...(displayName === undefined ? {} : { displayName }),
      items: record.lines,
      pointsSpent: record.pointsSpent,
      status: record.status,
      at: record.at,
      counterUserId: record.counterUserId,
      ...(record.voidedAt === undefined ? {} : { voidedAt: record.voidedAt }),
      ...(record.voidReason === undefined ? {} : { voidReason: record.voidReason }),
    };
  });
  return { storeId, date, redemptions, totals: dayTotals(records), truncated };
}
