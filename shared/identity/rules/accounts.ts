/**
 * Accounts: staff (admin, coordinator, counter clerk) and volunteers (one per volunteer, opened by
 * the first activation). Tokens carry the account's `tokenVersion`; any change of who the account
 * may act as (roles, store, organisation, disabled) moves it on, so every older token is refused
 * at once.
 */

/** Wrong passwords in a row before the account waits. */
export const SIGN_IN_FAILURES_BEFORE_LOCK = 5;
/** How long it waits: 15 minutes, then one more try, and 15 minutes again after another failure. */
export const SIGN_IN_LOCK_SECONDS = 15 * 60;

export type StaffRole = 'admin' | 'coordinator' | 'counter';

export interface AccountAccess {
  roles: readonly string[];
  storeId?: string | undefined;
  orgId?: string | undefined;
  volunteerId?: string | undefined;
  disabled: boolean;
}

const sameRoles = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

/** Whether a change alters what the account's tokens allow (then its token version moves on). */
export function accessChanged(before: AccountAccess, after: AccountAccess): boolean {
  return (
    !sameRoles(before.roles, after.roles) ||
    before.storeId !== after.storeId ||
    before.orgId !== after.orgId ||
    before.volunteerId !== after.volunteerId ||
    before.disabled !== after.disabled
  );
}

/** Admins must have a second factor (TOTP); the others may. */
export const needsTotp = (roles: readonly string[]): boolean => roles.includes('admin');

/** What each staff role needs beside it: a counter clerk works at one store, a coordinator for one organisation. */
export function scopeProblem(access: Pick<AccountAccess, 'roles' | 'storeId' | 'orgId'>): string | undefined {
  if (access.roles.includes('counter') && access.storeId === undefined)
    return '柜台人员需要指定门店 (a counter clerk needs a storeId)';
  if (access.roles.includes('coordinator') && access.orgId === undefined)
    return '协调员需要指定组织 (a coordinator needs an orgId)';
  if (!access.roles.includes('counter') && access.storeId !== undefined)
    return '只有柜台人员有门店 (only a counter clerk has a storeId)';
  if (!access.roles.includes('coordinator') && access.orgId !== undefined)
    return '只有协调员有组织 (only a coordinator has an orgId)';
  return undefined;
}

export interface LockState {
  failedSignIns: number;
  lockedUntil?: string | undefined;
}

/** Whether the account takes a password now. */
export const isLocked = (state: LockState, nowIso: string): boolean =>
  state.lockedUntil !== undefined && state.lockedUntil > nowIso;

/** The state after a wrong password: counted, and locked for a while at the threshold. */
export function afterFailure(state: LockState, now: Date): LockState {
  const failed = state.failedSignIns + 1;
  if (failed < SIGN_IN_FAILURES_BEFORE_LOCK) return { failedSignIns: failed };
  return {
    failedSignIns: SIGN_IN_FAILURES_BEFORE_LOCK - 1,
    lockedUntil: new Date(now.getTime() + SIGN_IN_LOCK_SECONDS * 1000).toISOString(),
  };
}
