import * as z from 'zod/mini';
import '../../platform/contract/locale';
import { SCORECARD_GROUPINGS, SCORECARD_PERIODS } from '../rules/scorecards';

/**
 * 六单 scorecards over HTTP: per team or per town, for a China month (2026-11), quarter (2026-Q4)
 * or year (2026); the period's form is checked against `period` by the use case.
 */
export const ScorecardQuery = z.strictObject({
  period: z.enum(SCORECARD_PERIODS),
  value: z
    .string()
    .check(
      z.regex(
        /^20\d{2}(-(0[1-9]|1[0-2])|-Q[1-4])?$/,
        'must be a month (YYYY-MM), a quarter (YYYY-Qn) or a year (YYYY)',
      ),
    ),
  by: z._default(z.enum(SCORECARD_GROUPINGS), 'team'),
});
export type ScorecardQuery = z.infer<typeof ScorecardQuery>;

export const ScorecardExportQuery = z.strictObject({
  ...ScorecardQuery.shape,
  format: z.enum(['csv', 'xlsx']),
});

const Row = {
  orgId: z.string(),
  name: z.string(),
  received: z.int(),
  accepted: z.int(),
  returnedOrders: z.int(),
  returns: z.int(),
  overdue: z.int(),
  rejected: z.int(),
  withdrawn: z.int(),
  closed: z.int(),
  medianHoursToAccept: z.nullable(z.number()),
  medianHoursToFinish: z.nullable(z.number()),
  completionRate: z.nullable(z.number()),
  averageRating: z.nullable(z.number()),
  ratings: z.int(),
  complaints: z.int(),
  volunteerHours: z.number(),
  pointsIssued: z.int(),
};

export const ScorecardRow = z.object(Row).register(z.globalRegistry, { id: 'ScorecardRow' });

export const Scorecards = z
  .object({
    period: z.enum(SCORECARD_PERIODS),
    value: z.string(),
    by: z.enum(SCORECARD_GROUPINGS),
    months: z.array(z.string()),
    rows: z.array(ScorecardRow),
    total: ScorecardRow,
    ranking: z.array(
      z.object({
        rank: z.int(),
        orgId: z.string(),
        name: z.string(),
        score: z.number(),
        excellent: z.boolean(),
      }),
    ),
    generatedAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'Scorecards' });
export type Scorecards = z.infer<typeof Scorecards>;
export type ScorecardRowView = z.infer<typeof ScorecardRow>;
