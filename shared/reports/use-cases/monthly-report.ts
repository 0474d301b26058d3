import type { OrgTree } from '../../people/rules/org-tree';
import { chinaMonth, chinaMonthEnd } from '../../platform/china-time';
import type { StarCounts, Trend, TrendQuery } from '../contract/reports';
import type { ReportsDeps } from '../port';
import { buildPointsReport, type MonthlyReport, withServedHours } from '../rules/monthly-report';

/** Movements committed just before midnight may land a little later; a month is final after this. */
const FINAL_AFTER_MS = 60 * 60 * 1000;

/**
 * The monthly report: hours, points issued and redeemed, by organisation subtree and by store.
 * Points count in the month they moved: a month that has ended has them computed once and kept,
 * since its movements no longer change. Hours count in the month the service was done (as the
 * draw counts them), and are read again on every request: service of a month may be approved, or
 * reversed, after the month has ended.
 */
export async function monthlyReport(deps: ReportsDeps, month: string): Promise<MonthlyReport> {
  const now = deps.now();
  const final = now.getTime() >= chinaMonthEnd(month).getTime() + FINAL_AFTER_MS;
  const [tree, hours] = await Promise.all([deps.reports.orgTree(), deps.reports.monthHours(month)]);
  const [points, orgs] = await Promise.all([
    monthPoints(deps, { month, final, now, tree }),
    deps.reports.volunteerOrgs(hours.map((volunteer) => volunteer.volunteerId)),
  ]);
  const served = hours.map((volunteer) => ({
    orgId: orgs.get(volunteer.volunteerId),
    quarters: volunteer.quarters,
  }));
  return withServedHours(points, served, tree, now.toISOString());
}

/**
 * The month's points alone (issued and redeemed, by organisation and store), without reading the
 * hours served: what the 六单 scorecards need, month after month.
 */
export async function monthlyPoints(deps: ReportsDeps, month: string): Promise<MonthlyReport> {
  const now = deps.now();
  const final = now.getTime() >= chinaMonthEnd(month).getTime() + FINAL_AFTER_MS;
  return monthPoints(deps, { month, final, now, tree: await deps.reports.orgTree() });
}

/** The month's points: kept once the month is final, else computed from its movements. */
async function monthPoints(
  deps: ReportsDeps,
  { month, final, now, tree }: { month: string; final: boolean; now: Date; tree: OrgTree },
): Promise<MonthlyReport> {
  if (final) {
    const kept = await deps.reports.keptReport(month);
    if (kept !== undefined) return kept;
  }
  const movements = await deps.reports.monthMovements(month);
  const report = buildPointsReport(month, movements, tree, { final, generatedAt: now.toISOString() });
  if (final) await deps.reports.keepReport(report);
  return report;
}

/** Monthly reports read at once for a trend. */
const TREND_READ_CONCURRENCY = 3;

/** The months ending with `to`, oldest first. */
export function monthsEnding(to: string, count: number): string[] {
  const [year = 2000, month = 1] = to.split('-').map(Number);
  return Array.from({ length: count }, (_, index) => {
    const back = count - 1 - index;
    const zeroBased = year * 12 + (month - 1) - back;
    return `${Math.floor(zeroBased / 12)}-${String((zeroBased % 12) + 1).padStart(2, '0')}`;
  });
}

/** The county's months side by side (趋势): each month's own report, so the two always agree. */
export async function trend(deps: ReportsDeps, query: TrendQuery): Promise<Trend> {
  const months = monthsEnding(query.to ?? chinaMonth(deps.now()), query.months);
  const reports: MonthlyReport[] = [];
  for (let index = 0; index < months.length; index += TREND_READ_CONCURRENCY)
    reports.push(
      ...(await Promise.all(
        months.slice(index, index + TREND_READ_CONCURRENCY).map((month) => monthlyReport(deps, month)),
      )),
    );
  return {
    months: reports.map((report) => ({
      month: report.month,
      hours: report.hours,
      pointsIssued: report.pointsIssued,
      pointsRedeemed: report.pointsRedeemed,
      final: report.final,
    })),
  };
}

/** Labels of the five star levels, as the volunteer's record names them. */
const STAR_LEVEL_LABELS = [
  '一星级志愿者',
  '二星级志愿者',
  '三星级志愿者',
  '四星级志愿者',
  '五星级志愿者',
] as const;

/** 星级志愿者: the county's count at each level, one to five, from the projection. */
export async function starCounts(deps: ReportsDeps): Promise<StarCounts> {
  const { counts, updatedAt } = await deps.reports.starCounts();
  return {
    levels: STAR_LEVEL_LABELS.map((label, index) => ({
      level: index + 1,
      label,
      volunteers: Math.max(0, counts[index + 1] ?? 0),
    })),
    ...(updatedAt === undefined ? {} : { updatedAt }),
  };
}
