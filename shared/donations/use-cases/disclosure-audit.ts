import type * as z from 'zod/mini';
import type { Movement } from '../../ledger/rules/ledger';
import { chinaMonth } from '../../platform/china-time';
import type { Disclosure } from '../contract/donations';

type Notice = z.infer<typeof Disclosure>;

/** A disagreement between the public notice and the books, for the audit to report. */
export interface DisclosureFinding {
  /** `disclosure:<month>` for the county's figures, `store:<id>` for a store's. */
  account: string;
  detail: string;
}

interface MonthSums {
  pointsIssued: number;
  pointsRedeemed: number;
  byStore: Map<string, number>;
}

const REDEMPTION_REF = 'redemption:';

/**
 * The ledger's own sums per China month, from every movement the audit scans (not the month index
 * the notice reads through, nor a month's kept report): points issued are earns (a reversal takes
 * them back), points redeemed are redemptions less their voids, by store too. It also names every
 * redemption the ledger holds, so the goods redeemed can be read by key rather than by store day.
 */
export class DisclosureSums {
  readonly months = new Map<string, MonthSums>();
  readonly redemptionIds = new Set<string>();

  addMovement(
    movement: Pick<Movement, 'kind' | 'direction' | 'amount' | 'counterAccount' | 'details' | 'at' | 'ref'>,
  ): void {
    const month = chinaMonth(movement.at);
    const sums = this.months.get(month) ?? { pointsIssued: 0, pointsRedeemed: 0, byStore: new Map() };
    this.months.set(month, sums);
    const amount = Number(movement.amount);
    const credited = movement.direction === 'credit';
    if (movement.kind === 'earn') sums.pointsIssued += credited ? amount : -amount;
    if (movement.kind === 'redeem' || movement.kind === 'void') {
      const points = credited ? -amount : amount;
      sums.pointsRedeemed += points;
      const storeId =
        movement.details?.storeId ??
        (movement.counterAccount.startsWith('store:') ? movement.counterAccount.slice(6) : undefined);
      if (storeId !== undefined) sums.byStore.set(storeId, (sums.byStore.get(storeId) ?? 0) + points);
    }
    if (movement.kind === 'redeem' && movement.ref.startsWith(REDEMPTION_REF))
      this.redemptionIds.add(movement.ref.slice(REDEMPTION_REF.length));
  }
}

/** A redemption record read by its own key: where, which China day, whether voided, what was taken. */
export interface AuditedRedemption {
  storeId: string;
  date: string;
  status: string;
  lines: readonly { sku: string; name: string; qty: number }[];
}

export interface DisclosureAuditDeps {
  /** The notice exactly as the public GET answers it. */
  notice(month: string): Promise<Notice>;
  /** The redemptions named, each read by its key; all of them or an error. */
  redemptions(redemptionIds: readonly string[]): Promise<AuditedRedemption[]>;
  /** A store's units in stock as its stock ledger says (its stock movements less its redemptions). */
  stockLedger(storeId: string): Promise<number>;
}

const goodsKey = (goods: readonly { name: string; qty: number }[]): string =>
  goods
    .filter((line) => line.qty !== 0)
    .map((line) => `${line.name}×${line.qty}`)
    .sort()
    .join('；');

/**
 * The notice against the books, for each month with movements: its points issued and redeemed
 * (county and by store) against the ledger's own sums, its goods redeemed by store against the
 * redemption records' units (read by key), and, on the latest month's notice, each store's stock
 * on hand against its stock ledger. Hours are not checked here: they come from the hours index
 * itself, which the notice reads whole, and have no second ledger to be summed from.
 */
export async function auditDisclosure(
  deps: DisclosureAuditDeps,
  sums: DisclosureSums,
): Promise<DisclosureFinding[]> {
  const findings: DisclosureFinding[] = [];
  const months = [...sums.months.keys()].sort();
  const redemptions = await deps.redemptions([...sums.redemptionIds]);
  const notices = new Map<string, Notice>();
  const noticeOf = async (month: string) => {
    const notice = notices.get(month) ?? (await deps.notice(month));
    notices.set(month, notice);
    return notice;
  };
  for (const month of months) {
    const ledger = sums.months.get(month);
    if (ledger === undefined) continue;
    const notice = await noticeOf(month);
    const account = `disclosure:${month}`;
    if (notice.total.pointsIssued !== ledger.pointsIssued)
      findings.push({
        account,
        detail: `points issued: the notice says ${notice.total.pointsIssued}, the ledger ${ledger.pointsIssued}`,
      });
    if (notice.total.pointsRedeemed !== ledger.pointsRedeemed)
      findings.push({
        account,
        detail: `points redeemed: the notice says ${notice.total.pointsRedeemed}, the ledger ${ledger.pointsRedeemed}`,
      });
    const storeIds = new Set([...notice.stores.map((store) => store.storeId), ...ledger.byStore.keys()]);
    for (const storeId of [...storeIds].sort()) {
      const row = notice.stores.find((store) => store.storeId === storeId);
      const points = ledger.byStore.get(storeId) ?? 0;
      if ((row?.pointsRedeemed ?? 0) !== points)
        findings.push({
          account: `store:${storeId}`,
          detail: `${month} points redeemed: the notice says ${row?.pointsRedeemed ?? 0}, the ledger ${points}`,
        });
      // By item and the name it was redeemed under, as the notice lists them.
      const units = new Map<string, { name: string; qty: number }>();
      for (const redemption of redemptions) {
        if (redemption.storeId !== storeId || redemption.status !== 'completed') continue;
        if (redemption.date.slice(0, 7) !== month) continue;
        for (const line of redemption.lines) {
          const key = `${line.sku}\u0000${line.name}`;
          units.set(key, { name: line.name, qty: (units.get(key)?.qty ?? 0) + line.qty });
        }
      }
      const recorded = goodsKey([...units.values()]);
      const noticed = goodsKey(row?.goods ?? []);
      if (recorded !== noticed)
        findings.push({
          account: `store:${storeId}`,
          detail: `${month} goods redeemed: the notice says ${noticed || 'none'}, the redemptions ${recorded || 'none'}`,
        });
    }
  }
  const latest = months.at(-1);
  if (latest !== undefined) {
    const notice = await noticeOf(latest);
    for (const store of notice.stores) {
      const units = await deps.stockLedger(store.storeId);
      if (units !== store.stockOnHand)
        findings.push({
          account: `store:${store.storeId}`,
          detail: `stock on hand: the notice says ${store.stockOnHand}, the stock ledger ${units}`,
        });
    }
  }
  return findings;
}
