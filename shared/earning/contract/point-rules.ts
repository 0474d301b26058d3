import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import { POINTS_PER_HOUR_MAX } from '../../platform/limits';
import { DEFAULT_POINTS_PER_HOUR } from '../rules/points';
import '../../platform/contract/locale';
import { CalendarDate } from '../../platform/contract/text';

export const PointRulePath = z.strictObject({ ruleId: Id });

export const PointRuleRequest = z
  .strictObject({
    pointsPerHour: z.int().check(z.minimum(1), z.maximum(POINTS_PER_HOUR_MAX)),
    effectiveFrom: CalendarDate,
    projectId: z.optional(Id),
  })
  .register(z.globalRegistry, { id: 'PointRuleRequest' });
export type PointRuleRequest = z.infer<typeof PointRuleRequest>;

const RuleFields = {
  version: z.int(),
  pointsPerHour: z.int(),
  effectiveFrom: z.string(),
  projectId: z.optional(z.string()),
  updatedBy: z.string(),
  updatedAt: z.string(),
};

export const PointRuleVersion = z.object(RuleFields).register(z.globalRegistry, { id: 'PointRuleVersion' });

export const PointRule = z
  .object({
    ruleId: z.string(),
    ...RuleFields,
    /** Every version, oldest first, the current one included. */
    history: z.array(PointRuleVersion),
  })
  .register(z.globalRegistry, { id: 'PointRule' });
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
  .register(z.globalRegistry, { id: 'PointRuleList' });
