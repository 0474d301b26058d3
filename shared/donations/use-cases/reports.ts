import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { DonationsDeps } from '../port';
import { attributeStock, donorReport, redeemedValue } from '../rules/attribution';
import { type HistoryMovement, type HistoryRedemption, historyEvents } from '../rules/history';
import { logPersonsShown } from './intake';

/**
 * The donor report (捐赠去向) and the finance view (财务视图), computed when asked from the stock
 * ledger's own history by FIFO attribution (docs/donations.md). Never on the redemption path: it
 * writes nothing. Reads are bounded: past ATTRIBUTION_DAYS_MAX days of redemptions per store, or a
 * day too big to read in one go, the answer is 503 rather than a partial figure.
 */
export const ATTRIBUTION_DAYS_MAX = 800;
/** Stores read for one answer at most: a county's fixed shops and vans. */
export const ATTRIBUTION_STORES_MAX = 60;

const DAY_MS = 86_400_000;

async function readHistory(
  deps: DonationsDeps,
): Promise<{ storeIds: string[]; movements: HistoryMovement[]; redemptions: HistoryRedemption[] }> {
  const stores = await deps.history.stores();
  if (stores.length > ATTRIBUTION_STORES_MAX)
    throw new AppError('UNAVAILABLE', 'Too many stores to read in one go');
  const today = Date.parse(`${chinaDate(deps.now())}T00:00:00.000Z`);
  const movements: HistoryMovement[] = [];
  const redemptions: HistoryRedemption[] = [];
  for (const store of stores) {
    movements.push(...(await deps.history.movements(store.storeId)));
    const first = Date.parse(`${chinaDate(store.createdAt)}T00:00:00.000Z`);
    const days = Math.floor((today - first) / DAY_MS) + 1;
    if (days > ATTRIBUTION_DAYS_MAX) throw new AppError('UNAVAILABLE', 'Too much history to read in one go');
    for (let day = 0; day < days; day += 1) {
      const date = new Date(first + day * DAY_MS).toISOString().slice(0, 10);
      const { records, complete } = await deps.history.redemptionsDay(store.storeId, date);
      if (!complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
      redemptions.push(...records);
    }
  }
  return { storeIds: stores.map((store) => store.storeId), movements, redemptions };
}

/** Where one donation's goods went: redeemed by store, item and month, still on the shelf, written off. */
export async function donationReport(deps: DonationsDeps, principal: Principal, donationId: string) {
  const record = await deps.donations.get(donationId);
  if (record === undefined) throw new AppError('NOT_FOUND', 'No such donation');
  logPersonsShown([record], principal);
  const { movements, redemptions } = await readHistory(deps);
  const { lots } = attributeStock(historyEvents(movements, redemptions));
  return { donation: record, ...donorReport(lots, new Set([donationId])) };
}

/**
 * 捐赠去向 for one donor across every donation they made (by donor key): the donations, and where
 * their goods went together. The name is the one on their latest donation.
 */
export async function donorReportByKey(deps: DonationsDeps, principal: Principal, donorKey: string) {
  const donations = await deps.donations.byDonor(donorKey);
  const latest = donations.at(-1);
  if (latest?.donor === undefined) throw new AppError('NOT_FOUND', 'No donations from this donor');
  logPersonsShown(donations, principal);
  const { movements, redemptions } = await readHistory(deps);
  const { lots } = attributeStock(historyEvents(movements, redemptions));
  return {
    donorKey,
    donor: latest.donor,
    donations,
    ...donorReport(lots, new Set(donations.map((record) => record.donationId))),
  };
}

/**
 * 财务视图 for one China month: per store, the units redeemed and their value (fen, by FIFO from the
 * donation lines and purchase invoices; units with no value of their own at the item's 参考价值,
 * apart, or counted as unvalued when it has none), the points those
 * redemptions spent, and so the goods-to-points ratio as the pair (valueFen, points).
 */
export async function financeView(deps: DonationsDeps, month: string) {
  const { storeIds, movements, redemptions } = await readHistory(deps);
  const { lots, unattributed } = attributeStock(historyEvents(movements, redemptions));
  const points = new Map<string, number>();
  for (const redemption of redemptions) {
    if (redemption.status !== 'completed' || chinaDate(redemption.at).slice(0, 7) !== month) continue;
    points.set(redemption.storeId, (points.get(redemption.storeId) ?? 0) + (redemption.pointsSpent ?? 0));
  }
  const references = new Map<string, number>();
  for (const storeId of storeIds) {
    for (const item of await deps.history.referenceValues(storeId)) {
      references.set(`${storeId}\u0000${item.sku}`, item.valueFen);
    }
  }
  const rows = redeemedValue(lots, (storeId, sku) => references.get(`${storeId}\u0000${sku}`)).filter(
    (row) => row.month === month,
  );
  const stores = new Set([...rows.map((row) => row.storeId), ...points.keys()]);
  return {
    month,
    stores: [...stores].sort().map((storeId) => {
      const row = rows.find((candidate) => candidate.storeId === storeId);
      return {
        storeId,
        units: row?.units ?? 0,
        valueFen: row?.valueFen ?? 0,
        estimatedFen: row?.estimatedFen ?? 0,
        unvaluedUnits: row?.unvaluedUnits ?? 0,
        pointsRedeemed: points.get(storeId) ?? 0,
      };
    }),
    unattributedUnits: unattributed.reduce((sum, line) => sum + line.qty, 0),
  };
}
