import * as z from 'zod';

export const MonthlyReportQuery = z.strictObject({
  month: z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'),
  format: z.enum(['json', 'csv']).default('json'),
});

const Figures = {
  hours: z.number(),
  pointsIssued: z.number().int(),
  pointsRedeemed: z.number().int(),
  pointsAdjusted: z.number().int(),
  prizePoints: z.number().int(),
};

export const MonthlyReportResponse = z
  .object({
    month: z.string(),
    ...Figures,
    movements: z.number().int(),
    byOrg: z.array(
      z.object({
        orgId: z.string(),
        name: z.string(),
        level: z.string(),
        parentId: z.string().optional(),
        ...Figures,
      }),
    ),
    byStore: z.array(
      z.object({
        storeId: z.string(),
        pointsRedeemed: z.number().int(),
        redemptions: z.number().int(),
        voids: z.number().int(),
      }),
    ),
    final: z.boolean(),
    generatedAt: z.string(),
  })
  .meta({ id: 'MonthlyReport' });
