import { randomUUID } from 'node:crypto';
import type { OrgTree } from '../../people/rules/org-tree';
import { coordinatorCovers } from '../../people/use-cases/volunteer-access';
import { chinaDate } from '../../platform/china-time';
import { AppError, type FieldError } from '../../platform/errors';
import { type ReplayableResult, userScope } from '../../platform/idempotency';
import { hasRole, type Principal } from '../../platform/principal';
import { ROUNDING } from '../contract/point-rules';
import type { RecordEntry, RecordRequest } from '../contract/service-records';
import type { EarningDeps } from '../port';
import { pointsFor, ruleForActivity } from '../rules/points';
import { type RecordState, totalHours } from '../rules/service-record';

/** The deepest organisation containing all of them, when every one is in the tree. */
function lowestCommonOrg(tree: OrgTree, orgIds: readonly (string | undefined)[]): string | undefined {
  let common: string[] | undefined;
  for (const orgId of orgIds) {
    const path = orgId === undefined ? [] : tree.pathOf(orgId);
    if (path.length === 0) return undefined;
    if (common === undefined) {
      common = path;
      continue;
    }
    const shared = common.findIndex((id, index) => path[index] !== id);
    if (shared !== -1) common = common.slice(0, shared);
  }
  return common?.at(-1);
}

const countyRoot = (tree: OrgTree): string | undefined => {
  const roots = tree.all().filter((org) => org.parentId === undefined);
  return roots.length === 1 ? roots[0]?.orgId : roots.find((org) => org.level === 'county')?.orgId;
};

/**
 * Which organisation the record belongs to (its coordinators see and follow it). A coordinator's
 * record belongs to their organisation, or to the one they name inside their subtree; every
 * volunteer must be in their subtree. An admin may name any organisation that contains every
 * volunteer; otherwise it is the lowest one that does, or the county.
 */
function recordOrg(
  principal: Principal,
  tree: OrgTree,
  request: RecordRequest,
  orgs: Map<string, string | undefined>,
): string {
  const volunteerIds = request.entries.map((entry) => entry.volunteerId);
  if (!hasRole(principal, 'admin')) {
    const outside = volunteerIds.filter((id) => !coordinatorCovers(principal, tree, orgs.get(id)));
    if (outside.length > 0) {
      throw new AppError('FORBIDDEN', 'Some volunteers are outside your organisation', {
        extra: { volunteerIds: outside },
      });
    }
    const orgId = request.orgId ?? principal.orgId;
    if (orgId === undefined || !coordinatorCovers(principal, tree, orgId)) {
      throw new AppError('FORBIDDEN', 'The record’s organisation is outside yours');
    }
    if (!volunteerIds.every((id) => tree.isWithin(orgs.get(id) ?? '', orgId))) {
      throw new AppError('VALIDATION_FAILED', 'The organisation must contain every volunteer', {
        fields: [{ path: 'body.orgId', message: 'does not contain every volunteer' }],
      });
    }
    return orgId;
  }
  if (request.orgId !== undefined) {
    if (tree.get(request.orgId) === undefined) {
      throw new AppError('VALIDATION_FAILED', 'No such organisation', {
        fields: [{ path: 'body.orgId', message: 'no such organisation' }],
      });
    }
    const outside = volunteerIds.filter((id) => !tree.isWithin(orgs.get(id) ?? '', request.orgId ?? ''));
    if (outside.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'The organisation must contain every volunteer', {
        fields: [{ path: 'body.orgId', message: 'does not contain every volunteer' }],
        extra: { volunteerIds: outside },
      });
    }
    return request.orgId;
  }
  const orgId = lowestCommonOrg(tree, [...orgs.values()]) ?? countyRoot(tree);
  if (orgId === undefined) {
    throw new AppError('VALIDATION_FAILED', 'Name the organisation this record belongs to', {
      fields: [{ path: 'body.orgId', message: 'required: the volunteers have no common organisation' }],
    });
  }
  return orgId;
}

/**
 * A coordinator reports only volunteers of their subtree. A volunteer id that does not exist and
 * one that exists elsewhere get the same answer, so the route cannot tell them which ids exist.
 */
function assertAllInSight(
  principal: Principal,
  tree: OrgTree,
  volunteerIds: readonly string[],
  orgs: Map<string, string | undefined>,
): void {
  const outside = volunteerIds.filter(
    (id) => !orgs.has(id) || !coordinatorCovers(principal, tree, orgs.get(id)),
  );
  if (outside.length > 0) {
    throw new AppError('FORBIDDEN', 'Some volunteers are not in your organisation', {
      extra: { volunteerIds: outside.slice(0, 50) },
    });
  }
}

/**
 * Records the hours served at one activity, priced by the rule in force on its date; no points
 * move until the county office approves. Everything is checked before the one write: the date is
 * not in the future (China time), every volunteer exists and is the caller's to report.
 *
 * The points are fixed here, with the rule version that priced them: the office approves what it
 * was shown. A rule changed later does not reprice a pending record (reject and resubmit for that).
 */
export async function submitServiceRecord(
  deps: Pick<EarningDeps, 'records' | 'rules' | 'people'>,
  principal: Principal,
  request: RecordRequest,
  idempotency: { key: string; fingerprint: string },
  /** Whose keys these are: the caller's (an HTTP request), or one activity's (whoever records it). */
  scope: string = userScope(principal.userId),
): Promise<ReplayableResult> {
  return deps.records.submit({ scope, ...idempotency }, async (at) => {
    if (request.activity.date > chinaDate(at)) {
      throw new AppError('VALIDATION_FAILED', 'The activity date is in the future', {
        fields: [{ path: 'body.activity.date', message: 'must not be after today (China time)' }],
      });
    }
    const volunteerIds = request.entries.map((entry) => entry.volunteerId);
    // Two independent reads: the volunteers' profiles and the org tree.
    const [orgs, tree] = await Promise.all([deps.people.orgsOf(volunteerIds), deps.people.orgTree()]);
    if (!hasRole(principal, 'admin')) assertAllInSight(principal, tree, volunteerIds, orgs);
    const unknown: FieldError[] = [];
    for (const [index, volunteerId] of volunteerIds.entries()) {
      if (!orgs.has(volunteerId)) {
        unknown.push({ path: `body.entries.${index}.volunteerId`, message: 'no such volunteer' });
      }
    }
    if (unknown.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Some volunteers do not exist', {
        fields: unknown.slice(0, 50),
        extra: { volunteerIds: volunteerIds.filter((id) => !orgs.has(id)) },
      });
    }
    const orgId = recordOrg(principal, tree, request, orgs);
    const rule = ruleForActivity(
      await deps.rules.versions(),
      request.activity.date,
      request.activity.projectId,
    );
    const entries: RecordEntry[] = request.entries.map((entry) => ({
      volunteerId: entry.volunteerId,
      hours: entry.hours,
      points: pointsFor(entry.hours, rule.pointsPerHour),
      ...(entry.late === true ? { late: true } : {}),
    }));
    const record: RecordState = {
      id: randomUUID(),
      status: 'pending',
      activity: request.activity,
      orgId,
      entries,
      entryCount: entries.length,
      rule: {
        ruleId: rule.ruleId,
        version: rule.version,
        pointsPerHour: rule.pointsPerHour,
        rounding: ROUNDING,
      },
      hours: totalHours(entries),
      points: entries.reduce((sum, entry) => sum + entry.points, 0),
      submittedBy: principal.userId,
      submittedAt: at,
    };
    return record;
  });
}
