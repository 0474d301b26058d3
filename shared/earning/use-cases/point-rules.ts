import { backoffMs, defaultSleep } from '../../platform/backoff';
import { AppError } from '../../platform/errors';
import { LEDGER_WRITE_ATTEMPTS_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { PointRuleRequest, PointRule as PointRuleView } from '../contract/point-rules';
import { ROUNDING } from '../contract/point-rules';
import type { EarningDeps } from '../port';
import { BUILT_IN_RULE, type RuleVersion } from '../rules/points';

function viewOf(ruleId: string, versions: readonly RuleVersion[]): PointRuleView {
  const history = versions
    .filter((version) => version.ruleId === ruleId)
    .sort((a, b) => a.version - b.version)
    .map(({ ruleId: _ruleId, ...version }) => version);
  const latest = history.at(-1);
  if (latest === undefined) throw new AppError('NOT_FOUND', 'No such rule');
  return { ruleId, ...latest, history };
}

export async function listPointRules(deps: Pick<EarningDeps, 'rules'>) {
  const versions = await deps.rules.versions();
  const ruleIds = [...new Set(versions.map((version) => version.ruleId))].sort();
  return {
    rules: ruleIds.map((ruleId) => viewOf(ruleId, versions)),
    builtIn: { ruleId: BUILT_IN_RULE.ruleId, pointsPerHour: BUILT_IN_RULE.pointsPerHour },
    rounding: ROUNDING,
  };
}

const sameContent = (current: RuleVersion, request: PointRuleRequest): boolean =>
  current.pointsPerHour === request.pointsPerHour &&
  current.effectiveFrom === request.effectiveFrom &&
  current.projectId === request.projectId;

/**
 * Creates a rule (version 1) or adds its next version. Sending the current content again changes
 * nothing and answers the current version, so a retried PUT never makes a spurious version. Two
 * concurrent updates make versions n+1 and n+2, never two n+1 (the store adds a version only
 * while the rule is still at the one before).
 */
export async function putPointRule(
  deps: Pick<EarningDeps, 'rules' | 'now'>,
  principal: Principal,
  ruleId: string,
  request: PointRuleRequest,
): Promise<PointRuleView> {
  if (ruleId === BUILT_IN_RULE.ruleId) {
    throw new AppError(
      'VALIDATION_FAILED',
      'The built-in rule cannot be changed; create a rule of your own',
      {
        fields: [{ path: 'path.ruleId', message: 'reserved' }],
      },
    );
  }
  let settled = false;
  for (let attempt = 0; attempt < LEDGER_WRITE_ATTEMPTS_MAX && !settled; attempt += 1) {
    if (attempt > 0) await defaultSleep(backoffMs(attempt, Math.random));
    const current = await deps.rules.current(ruleId);
    if (current !== undefined && sameContent(current, request)) {
      settled = true;
      break;
    }
    if (current !== undefined && current.projectId !== request.projectId) {
      throw new AppError('CONFLICT', 'A rule keeps its project; create another rule for another project', {
        fields: [{ path: 'body.projectId', message: 'differs from the rule’s project' }],
      });
    }
    settled = await deps.rules.addVersion({
      ruleId,
      version: (current?.version ?? 0) + 1,
      pointsPerHour: request.pointsPerHour,
      effectiveFrom: request.effectiveFrom,
      ...(request.projectId === undefined ? {} : { projectId: request.projectId }),
      updatedBy: principal.userId,
      updatedAt: deps.now().toISOString(),
    });
  }
  if (!settled) throw new AppError('UNAVAILABLE', 'Busy; try again');
  return viewOf(ruleId, await deps.rules.versions());
}
