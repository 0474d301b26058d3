import { chinaDate, isRealDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import type { Principal } from '../../platform/principal';
import type { StoresDeps } from '../port';
import { type DayTotals, dayTotals } from '../rules/basket';
import type { RedemptionLineRecord } from '../rules/redemption';
import { assertStoreAccess } from '../rules/store';

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

export async function readStoreDay(
  deps: Pick<StoresDeps, 'catalogue' | 'redemptions' | 'volunteers' | 'now'>,
  principal: Principal,
  storeId: string,
  requestedDate: string | undefined,
): Promise<StoreDayReport> {
  assertStoreAccess(principal, storeId);
  const date = requestedDate ?? chinaDate(deps.now());
  if (!isRealDate(date)) {
    throw new AppError('VALIDATION_FAILED', 'The date is not a real day', {
      fields: [{ path: 'query.date', message: 'not a calendar date' }],
    });
  }
  // An unknown store is 404 like every other store route, not an empty day that "balances".
  if ((await deps.catalogue.getStore(storeId)) === undefined)
    throw new AppError('NOT_FOUND', 'No such store');
  const { records, complete } = await deps.redemptions.day(storeId, date);
  // Masked names of the day's volunteers (张*华); a name not read stays unnamed.
  const names = await deps.volunteers.names([...new Set(records.map((record) => record.volunteerId))]);
  const redemptions = records.map((record): StoreDayEntry => {
    const name = names.get(record.volunteerId);
    return {
      id: record.id,
      volunteerId: record.volunteerId,
      ...(name === undefined ? {} : { displayName: maskName(name) }),
      items: record.lines,
      pointsSpent: record.pointsSpent,
      status: record.status,
      at: record.at,
      counterUserId: record.counterUserId,
      ...(record.voidedAt === undefined ? {} : { voidedAt: record.voidedAt }),
      ...(record.voidReason === undefined ? {} : { voidReason: record.voidReason }),
    };
  });
  return { storeId, date, redemptions, totals: dayTotals(records), truncated: !complete };
}
