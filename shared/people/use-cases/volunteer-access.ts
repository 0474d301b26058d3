import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { OrgTree } from '../rules/org-tree';

/** What access decisions need to know about a volunteer: who they are and their organisation. */
export interface VolunteerScope {
  volunteerId: string;
  orgId?: string | undefined;
}

/** Checks that need no read: a volunteer may only ever ask about themself. */
export function assertMayAskAbout(principal: Principal, volunteerId: string): void {
  if (hasRole(principal, 'admin') || hasRole(principal, 'coordinator')) return;
  if (hasRole(principal, 'volunteer') && principal.volunteerId === volunteerId) return;
  throw new AppError('FORBIDDEN', 'You may only see your own account');
}

/** True when a coordinator's organisation contains `orgId` (their own or any below it). */
export function coordinatorCovers(principal: Principal, tree: OrgTree, orgId: string | undefined): boolean {
  return (
    hasRole(principal, 'coordinator') &&
    principal.orgId !== undefined &&
    orgId !== undefined &&
    tree.isWithin(orgId, principal.orgId)
  );
}

/**
 * After the read: a coordinator sees only volunteers in their organisation's subtree. Others get
 * NOT_FOUND, so the existence of a volunteer elsewhere is not revealed. `isWithin` (an
 * organisation, the coordinator's organisation) is asked only when a coordinator asks.
 */
export async function assertMaySee(
  principal: Principal,
  scope: VolunteerScope | undefined,
  isWithin: (orgId: string, ancestorId: string) => Promise<boolean>,
): Promise<VolunteerScope> {
  if (scope === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  if (hasRole(principal, 'admin')) return scope;
  if (hasRole(principal, 'volunteer') && principal.volunteerId === scope.volunteerId) return scope;
  if (
    hasRole(principal, 'coordinator') &&
    principal.orgId !== undefined &&
    scope.orgId !== undefined &&
    (await isWithin(scope.orgId, principal.orgId))
  )
    return scope;
  throw new AppError('NOT_FOUND', 'No such volunteer');
}
