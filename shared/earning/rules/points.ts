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

/**
 * Point rules are versioned, and no version is ever changed or deleted: a record names the
 * version it was priced by, so that version must stay readable for as long as the record does.
 * A rule keeps its project for life: a rule for another project is another rule, so a version's
 * scope is never ambiguous.
 */
export interface RuleVersion extends PointRule {
  updatedBy: string;
  updatedAt: string;
}

/**
 * The rule version that prices an activity on `date` (YYYY-MM-DD) for `projectId`. Within one
 * rule, the newest version whose effectiveFrom has been reached (the admin's latest word wins
 * from its start date, so a correction with the same date replaces a mistake, and a version with
 * a later date leaves earlier dates at the earlier rate). Across rules, `ruleInForce` picks the
 * project's rule, else the general rule, that started last; before any rule has started, the
 * built-in 10 points per hour applies.
 */
export function ruleForActivity(versions: readonly PointRule[], date: string, projectId?: string): PointRule {
  const current = new Map<string, PointRule>();
  for (const version of versions) {
    if (version.effectiveFrom > date) continue;
    const known = current.get(version.ruleId);
    if (known === undefined || version.version > known.version) current.set(version.ruleId, version);
  }
  return ruleInForce([...current.values()], date, projectId);
}
