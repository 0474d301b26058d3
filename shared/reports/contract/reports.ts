import * as z from 'zod/mini';
import '../../platform/contract/locale';
import { QueryInt } from '../../platform/contract/text';

export const MonthlyReportQuery = z.strictObject({
  month: z.string().check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM')),
  format: z._default(z.enum(['json', 'csv']), 'json'),
});

/**
 * `hours` are the hours served in the month (by the service's date, as the draw counts them, read
 * anew on every request); the points count in the month they were posted (the ledger's time).
 */
const Figures = {
  hours: z.number(),
  pointsIssued: z.int(),
  pointsRedeemed: z.int(),
  pointsAdjusted: z.int(),
  prizePoints: z.int(),
};

export const MonthlyReportResponse = z
  .object({
    month: z.string(),
    ...Figures,
    movements: z.int(),
    byOrg: z.array(
      z.object({
        orgId: z.string(),
        name: z.string(),
        level: z.string(),
        parentId: z.optional(z.string()),
        ...Figures,
      }),
    ),
    byStore: z.array(
      z.object({
        storeId: z.string(),
        pointsRedeemed: z.int(),
        redemptions: z.int(),
        voids: z.int(),
      }),
    ),
    /** The month's points are final; its hours may still grow with service approved later. */
    final: z.boolean(),
    generatedAt: z.string(),
    /** When the hours served were read. */
    hoursAsOf: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'MonthlyReport' });
export type MonthlyReportResponse = z.infer<typeof MonthlyReportResponse>;

/** Months a trend shows at most: a year. */
export const TREND_MONTHS_MAX = 12;

export const TrendQuery = z.strictObject({
  /** The last month shown (default: this month). */
  to: z.optional(
    z
      .string()
      .check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM (must be a month as YYYY-MM)')),
  ),
  months: QueryInt({ min: 2, max: TREND_MONTHS_MAX, fallback: 6 }),
});
export type TrendQuery = z.infer<typeof TrendQuery>;

/** The county's months side by side, oldest first: hours served, points issued, redeemed, volunteers who served. */
export const Trend = z
  .object({
    months: z.array(
      z.object({
        month: z.string(),
        hours: z.number(),
        pointsIssued: z.int(),
        pointsRedeemed: z.int(),
        final: z.boolean(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'Trend' });
export type Trend = z.infer<typeof Trend>;

/**
 * 星级志愿者 in the county: how many volunteers each star level holds now, from the ledger's
 * projection (each approved record's hours, net of reversals; docs/records.md).
 */
export const StarCounts = z
  .object({
    levels: z.array(z.object({ level: z.int(), label: z.string(), volunteers: z.int() })),
    /** When the projection last moved a count. */
    updatedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'StarCounts' });
export type StarCounts = z.infer<typeof StarCounts>;
