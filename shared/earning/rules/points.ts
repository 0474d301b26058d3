/**
 * Hours become points by a rule: points per hour, in force from a date, for all projects or one.
 * Hours come in quarter-hour steps, so the exact value is quarters × rate / 4; it is rounded half
 * up to a whole point (0.25 h at 10 points per hour is 2.5, which gives 3).
 */
export const DEFAULT_POINTS_PER_HOUR = 10;
export const HOURS_PER_DAY_MAX = 24;
export const QUARTERS_PER_HOUR = 4;

export interface PointRule {
  ruleId: string;
  /** Undefined: the rule for every project that has no rule of its own. */
  projectId?: string | undefined;
  /** First activity date (YYYY-MM-DD) the rule applies to. */
  effectiveFrom: string;
  pointsPerHour: number;
  version: number;
}

export const BUILT_IN_RULE: PointRule = {
  ruleId: 'default',
  effectiveFrom: '1970-01-01',
  pointsPerHour: DEFAULT_POINTS_PER_HOUR,
  version: 1,
};

export const hoursToQuarters = (hours: number): number => Math.round(hours * QUARTERS_PER_HOUR);

export function pointsFor(hours: number, pointsPerHour: number): number {
  const quarters = hoursToQuarters(hours);
  return Math.floor((quarters * pointsPerHour * 2 + QUARTERS_PER_HOUR) / (QUARTERS_PER_HOUR * 2));
}

/**
 * The rule in force on a date: the project's own latest rule that has started, else the latest
 * general rule that has started, else the built-in 10 points per hour.
 */
export function ruleInForce(rules: readonly PointRule[], date: string, projectId?: string): PointRule {
  const started = rules.filter((rule) => rule.effectiveFrom <= date);
  const latest = (candidates: PointRule[]) =>
    candidates.sort((a, b) =>
      a.effectiveFrom === b.effectiveFrom
        ? b.version - a.version
        : a.effectiveFrom < b.effectiveFrom
          ? 1
          : -1,
    )[0];
  return (
    (projectId === undefined ? undefined : latest(started.filter((rule) => rule.projectId === projectId))) ??
    latest(started.filter((rule) => rule.projectId === undefined)) ??
    BUILT_IN_RULE
  );
}
