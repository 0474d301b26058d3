import { chinaMonthEnd } from '../../platform/china-time';
import type { ReportsDeps } from '../port';
import { buildMonthlyReport, type MonthlyReport } from '../rules/monthly-report';

/** Movements committed just before midnight may land a little later; a month is final after this. */
const FINAL_AFTER_MS = 60 * 60 * 1000;

/**
 * The monthly report: hours, points issued and redeemed, by organisation subtree and by store.
 * A month that has ended is computed once and kept, since its movements no longer change.
 */
export async function monthlyReport(deps: ReportsDeps, month: string): Promise<MonthlyReport> {
  const now = deps.now();
  const final = now.getTime() >= chinaMonthEnd(month).getTime() + FINAL_AFTER_MS;
  if (final) {
    const kept = await deps.reports.keptReport(month);
    if (kept !== undefined) return kept;
  }
  const [movements, tree] = await Promise.all([deps.reports.monthMovements(month), deps.reports.orgTree()]);
  const report = buildMonthlyReport(month, movements, tree, { final, generatedAt: now.toISOString() });
  if (final) await deps.reports.keepReport(report);
  return report;
}
