import type { MovementCheck } from '../../ledger/port';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import type { Runtime } from '../../platform/runtime';
import type { ReportsDeps } from '../../reports/port';
import { reportsDeps } from '../../reports/store/report-store';
import { storesDeps } from '../../stores/store/stores-deps';
import { auditStoreStock } from '../../stores/use-cases/stock';
import { disclosure } from '../use-cases/disclosure';
import {
  type AuditedRedemption,
  auditDisclosure,
  type DisclosureAuditDeps,
  DisclosureSums,
} from '../use-cases/disclosure-audit';
import { disclosureDepsOf } from './disclosure-deps';

/** Requests per batch of 100 redemptions before the audit gives up rather than counts a part. */
const REDEMPTION_ROUNDS_MAX = 8;
const READ_ATTEMPTS = 4;

/** The monthly reports as the public reads them, except that a computed report is not kept. */
function readOnlyReports(runtime: Runtime): ReportsDeps {
  const { reports, now } = reportsDeps(runtime);
  return {
    now,
    reports: {
      monthMovements: (month) => reports.monthMovements(month),
      monthHours: (month) => reports.monthHours(month),
      volunteerOrgs: (volunteerIds) => reports.volunteerOrgs(volunteerIds),
      orgTree: () => reports.orgTree(),
      keptReport: (month) => reports.keptReport(month),
      keepReport: async () => undefined,
      starCounts: () => reports.starCounts(),
    },
  };
}

/** The notice's sources for the audit: the public GET's own, the records by key, the stock ledger. */
export function disclosureAuditDeps(runtime: Runtime): DisclosureAuditDeps {
  return {
    // What the public reads (a finished month's kept report included), but keeping nothing new:
    // the nightly audit may only read.
    notice: (month) => disclosure(disclosureDepsOf(runtime, readOnlyReports(runtime)), month),
    redemptions: async (redemptionIds) => {
      const { items, unprocessed } = await batchGetItems(
        runtime.client,
        runtime.tableName,
        redemptionIds.map((id) => keys.redemption(id)),
        {
          consistent: true,
          roundsMax: REDEMPTION_ROUNDS_MAX,
          retry: (call) => retryCall(call, { attempts: READ_ATTEMPTS, exhausted: 'rethrow-last' }),
        },
      );
      if (unprocessed.length > 0) throw new Error('Some redemptions could not be read; audit again');
      return items.map(
        (item): AuditedRedemption => ({
          storeId: String(item.storeId),
          date: String(item.date),
          status: String(item.status),
          lines: Array.isArray(item.lines)
            ? item.lines.map((line: Record<string, unknown>) => ({
                sku: String(line.sku),
                name: String(line.name),
                qty: Number(line.qty),
              }))
            : [],
        }),
      );
    },
    stockLedger: async (storeId) =>
      (await auditStoreStock(storesDeps(runtime), storeId, runtime.now())).items.reduce(
        (sum, item) => sum + item.expected,
        0,
      ),
  };
}

/**
 * The audit's check of the public notice (公示), fresh for one audit run. Each store's stock as its
 * stock ledger says comes from the audit's own stock check, not replayed a second time.
 */
export function disclosureCheck(runtime: Runtime): MovementCheck {
  const sums = new DisclosureSums();
  return {
    addMovement: (movement) => sums.addMovement(movement),
    problems: async ({ stockLedgerUnits }) => {
      const deps = disclosureAuditDeps(runtime);
      const stockLedger = async (storeId: string) =>
        stockLedgerUnits.get(storeId) ?? (await deps.stockLedger(storeId));
      return (await auditDisclosure({ ...deps, stockLedger }, sums)).map((finding) => ({
        kind: 'disclosure-mismatch' as const,
        ...finding,
      }));
    },
  };
}
