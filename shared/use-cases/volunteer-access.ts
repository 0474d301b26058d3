import { hasRole, type Principal } from '../domain/principal';
import { AppError } from '../errors';

/** What access decisions need to know about a volunteer: who they are and where in the org tree. */
export interface VolunteerScope {
  volunteerId: string;
  /** Organisation ids from the county down to the volunteer's own organisation. */
  orgPath?: readonly string[] | undefined;
}

/** Checks that need no read: a volunteer may only ever ask about themself. */
export function assertMayAskAbout(principal: Principal, volunteerId: string): void {
  if (hasRole(principal, 'admin') || hasRole(principal, 'coordinator')) return;
  if (hasRole(principal, 'volunteer') && principal.volunteerId === volunteerId) return;
  throw new AppError('FORBIDDEN', 'You may only see your own account');
}

/**
 * After the read: a coordinator sees only volunteers in their organisation's subtree. Others get
 * NOT_FOUND, so the existence of a volunteer elsewhere is not revealed.
 */
export function assertMaySee(
  principal: Principal,
  scope: VolunteerScope | undefined,
): asserts scope is VolunteerScope {
  if (scope === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'volunteer') && principal.volunteerId === scope.volunteerId) return;
  if (
    hasRole(principal, 'coordinator') &&
    principal.orgId !== undefined &&
    scope.orgPath?.includes(principal.orgId)
  ) {
    return;
  }
  throw new AppError('NOT_FOUND', 'No such volunteer');
}
