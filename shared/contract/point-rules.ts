import * as z from 'zod';
import { isRealDate } from '../domain/china-time';
import { POINTS_PER_HOUR_MAX } from '../domain/limits';
import { DEFAULT_POINTS_PER_HOUR } from '../domain/points';
import { Id } from './common';

/** A calendar date, YYYY-MM-DD, that exists (2026-02-30 does not). */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'must be a real calendar date')
  .refine((date) => date >= '2000-01-01', 'must be in 2000 or later');

export const PointRulePath = z.strictObject({ ruleId: Id });

export const PointRuleRequest = z
  .strictObject({
    pointsPerHour: z.number().int().min(1).max(POINTS_PER_HOUR_MAX),
    effectiveFrom: CalendarDate,
    projectId: Id.optional(),
  })
  .meta({ id: 'PointRuleRequest' });
export type PointRuleRequest = z.infer<typeof PointRuleRequest>;

const RuleFields = {
  version: z.number().int(),
  pointsPerHour: z.number().int(),
  effectiveFrom: z.string(),
  projectId: z.string().optional(),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

export const PointRuleVersion = z.object(RuleFields).meta({ id: 'PointRuleVersion' });

export const PointRule = z
  .object({
    ruleId: z.string(),
    ...RuleFields,
    /** Every version, oldest first, the current one included. */
    history: z.array(PointRuleVersion),
  })
  .meta({ id: 'PointRule' });
export type PointRule = z.infer<typeof PointRule>;

export const ROUNDING = 'half-up' as const;

export const PointRuleList = z
  .object({
    rules: z.array(PointRule),
    /** The rate that applies when no rule has started for a date. */
    builtIn: z.object({ ruleId: z.string(), pointsPerHour: z.literal(DEFAULT_POINTS_PER_HOUR) }),
    /** points = hours × pointsPerHour, rounded half up to a whole point. */
    rounding: z.literal(ROUNDING),
  })
  .meta({ id: 'PointRuleList' });
