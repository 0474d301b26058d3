import { maskName } from '../../platform/masking';
import type { MonthlyReport } from '../../reports/rules/monthly-report';
import type { DonationStore } from '../port';
import { publicDonorName } from '../rules/donation';

/**
 * 公示: the month's public notice (公益事业捐赠法 第二十二条; docs/donations.md), answered to anyone
 * without signing in. Its points and hours are the monthly report's own (the ledger's sums); its
 * donations and purchases are the register's, voided ones shown as 作废; stock on hand is each
 * store's items' stock now. Nothing personal: a person who gave is shown by masked name, an
 * anonymous donor as 匿名捐赠.
 */
export interface DisclosureDeps {
  donations: Pick<DonationStore, 'register'>;
  monthly: (month: string) => Promise<MonthlyReport>;
  stockOnHand: () => Promise<{ storeId: string; units: number }[]>;
}

export async function disclosure(deps: DisclosureDeps, month: string) {
  const [report, register, stock] = await Promise.all([
    deps.monthly(month),
    deps.donations.register(month.slice(0, 4)),
    deps.stockOnHand(),
  ]);
  const ofMonth = register
    .filter((record) => record.receivedOn.startsWith(month))
    .sort((a, b) =>
      a.receivedOn === b.receivedOn
        ? a.recordedAt.localeCompare(b.recordedAt)
        : a.receivedOn < b.receivedOn
          ? -1
          : 1,
    );
  const storeIds = new Set([
    ...report.byStore.map((store) => store.storeId),
    ...stock.map((store) => store.storeId),
  ]);
  return {
    month,
    towns: report.byOrg
      .filter((org) => org.level === 'town')
      .map((org) => ({
        orgId: org.orgId,
        name: org.name,
        hours: org.hours,
        pointsIssued: org.pointsIssued,
        pointsRedeemed: org.pointsRedeemed,
      })),
    total: { hours: report.hours, pointsIssued: report.pointsIssued, pointsRedeemed: report.pointsRedeemed },
    stores: [...storeIds].sort().map((storeId) => {
      const figures = report.byStore.find((store) => store.storeId === storeId);
      return {
        storeId,
        redemptions: figures?.redemptions ?? 0,
        voids: figures?.voids ?? 0,
        pointsRedeemed: figures?.pointsRedeemed ?? 0,
        stockOnHand: stock.find((store) => store.storeId === storeId)?.units ?? 0,
      };
    }),
    donations: ofMonth
      .filter((record) => record.kind !== 'purchase')
      .map((record) => ({
        receiptNumber: record.receiptNumber ?? '',
        status: record.status,
        kind: record.kind,
        donor: publicDonorName(record.donor ?? { kind: 'anonymous' }, maskName),
        receivedOn: record.receivedOn,
        ...(record.storeId === undefined ? {} : { storeId: record.storeId }),
        goods: record.lines.map((line) => ({ name: line.name, qty: line.qty })),
        valueFen: record.valueFen,
      })),
    purchases: ofMonth
      .filter((record) => record.kind === 'purchase')
      .map((record) => ({
        status: record.status,
        supplier: record.invoice?.supplier ?? '',
        receivedOn: record.receivedOn,
        storeId: record.storeId ?? '',
        goods: record.lines.map((line) => ({ name: line.name, qty: line.qty })),
        valueFen: record.valueFen,
      })),
  };
}
