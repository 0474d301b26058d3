import { AppError } from '../../platform/errors';
import type { OrdersDeps } from '../port';
import {
  buildScorecard,
  monthsBegun,
  type OrderFigures,
  periodMonths,
  type Scorecard,
  type ScorecardGrouping,
  type ScorecardPeriod,
  sumPoints,
} from '../rules/scorecards';

/** Months read at once: a quarter together; a year in four turns (each month is 1 query + its report). */
const MONTHS_AT_ONCE = 3;

export interface ScorecardRequest {
  period: ScorecardPeriod;
  value: string;
  by: ScorecardGrouping;
}

/**
 * The 六单 scorecard of a month, quarter or year, per team or per town: each month's figures
 * partition (one paged query) and its points issued (the monthly report), for the months of the
 * period that have begun; then the pure rules (rules/scorecards.ts) make the rows and the ranking.
 */
export async function scorecards(deps: OrdersDeps, request: ScorecardRequest): Promise<Scorecard> {
  const all = periodMonths(request.period, request.value);
  if (all === undefined)
    throw new AppError('VALIDATION_FAILED', `「${request.value}」不是一个 ${request.period} 的写法`, {
      fields: [
        {
          path: 'query.value',
          message: `must be ${request.period === 'month' ? 'YYYY-MM' : request.period === 'quarter' ? 'YYYY-Qn' : 'YYYY'} for period=${request.period}`,
        },
      ],
    });
  const now = deps.now();
  const months = monthsBegun(all, now);
  const figures: OrderFigures[] = [];
  const points: { total: number; byOrg: Record<string, number> }[] = [];
  for (let start = 0; start < months.length; start += MONTHS_AT_ONCE) {
    const turn = months.slice(start, start + MONTHS_AT_ONCE);
    const read = await Promise.all(
      turn.map((month) => Promise.all([deps.scorecards.figures(month), deps.points.issued(month)])),
    );
    for (const [monthFigures, monthPoints] of read) {
      figures.push(...monthFigures);
      points.push(monthPoints);
    }
  }
  const tree = await deps.orgTree();
  const summed = sumPoints(points);
  return buildScorecard({
    ...request,
    months,
    figures,
    pointsByOrg: summed.byOrg,
    pointsTotal: summed.total,
    nameOf: (orgId) => tree.get(orgId)?.name,
    now,
  });
}
