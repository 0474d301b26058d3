import { base64url } from 'jose';
import * as OTPAuth from 'otpauth';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { CreateStaffRequest, StaffMember, UpdateStaffRequest } from '../contract/identity';
import type { IdentityDeps, StaffAccount } from '../port';
import { accessChanged, needsTotp, scopeProblem } from '../rules/accounts';
import { passwordMessage, passwordProblem } from '../rules/passwords';

/** Bytes of a staff user id's random part (`st_` + 22 characters). */
const USER_ID_BYTES = 16;
/** Bytes of a TOTP secret: 160 bits, as RFC 4226 recommends for HOTP/TOTP keys. */
const TOTP_SECRET_BYTES = 20;
/** The name an authenticator app shows next to the codes. */
const TOTP_ISSUER = '爱心积分 Aixin Points';

export function staffView(account: StaffAccount, totpUri?: string): StaffMember {
  return {
    userId: account.userId,
    username: account.username,
    name: account.name,
    roles: account.roles,
    ...(account.storeId === undefined ? {} : { storeId: account.storeId }),
    ...(account.orgId === undefined ? {} : { orgId: account.orgId }),
    disabled: account.disabled,
    totpEnabled: account.totpSecret !== undefined,
    mustChangePassword: account.mustChangePassword,
    ...(account.lock.lockedUntil === undefined ? {} : { lockedUntil: account.lock.lockedUntil }),
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    ...(totpUri === undefined ? {} : { totpUri }),
  };
}

function checkPassword(password: string, username: string, roles: readonly string[]): void {
  const secondFactor = needsTotp(roles);
  const problem = passwordProblem(password, { username, secondFactor });
  if (problem !== undefined)
    throw new AppError('VALIDATION_FAILED', passwordMessage(problem, secondFactor), {
      fields: [{ path: 'body.password', message: problem }],
    });
}

function checkScope(access: {
  roles: readonly string[];
  storeId?: string | undefined;
  orgId?: string | undefined;
}) {
  const problem = scopeProblem(access);
  if (problem !== undefined)
    throw new AppError('VALIDATION_FAILED', problem, { fields: [{ path: 'body', message: problem }] });
}

/** A new TOTP secret and the otpauth URI an authenticator app scans (shown once). */
function newTotp(deps: IdentityDeps, username: string): { secret: string; uri: string } {
  const secret = new OTPAuth.Secret({ buffer: deps.random(TOTP_SECRET_BYTES).slice().buffer });
  const totp = new OTPAuth.TOTP({ issuer: TOTP_ISSUER, label: username, secret, digits: 6, period: 30 });
  return { secret: secret.base32, uri: totp.toString() };
}

export async function listStaff(deps: IdentityDeps): Promise<{ staff: StaffMember[] }> {
  const accounts = await deps.accounts.listStaff();
  return {
    staff: accounts.map((account) => staffView(account)).sort((a, b) => a.username.localeCompare(b.username)),
  };
}

/**
 * An admin creates a coordinator, a counter clerk or another admin, with a first password the
 * member changes at first sign-in. An admin's TOTP secret is made now and shown once.
 */
export async function createStaff(
  deps: IdentityDeps,
  _principal: Principal,
  request: CreateStaffRequest,
): Promise<StaffMember> {
  checkScope(request);
  checkPassword(request.password, request.username, request.roles);
  const now = deps.now().toISOString();
  const totp = needsTotp(request.roles) ? newTotp(deps, request.username) : undefined;
  const account: StaffAccount = {
    userId: `st_${base64url.encode(deps.random(USER_ID_BYTES))}`,
    username: request.username,
    name: request.name,
    roles: [...request.roles],
    storeId: request.storeId,
    orgId: request.orgId,
    disabled: false,
    tokenVersion: 1,
    passwordHash: await deps.passwords.hash(request.password),
    mustChangePassword: true,
    totpSecret: totp?.secret,
    lock: { failedSignIns: 0 },
    createdAt: now,
    updatedAt: now,
  };
  const outcome = await deps.accounts.createStaff(account);
  if (outcome === 'username-taken')
    throw new AppError('CONFLICT', '这个用户名已经有人用了 (the username is taken)');
  refuseScope(outcome);
  return staffView(account, totp?.uri);
}

/** The refusal for a write the store refused: the named store or organisation, or a change in between. */
function refuseScope(outcome: string): void {
  if (outcome === 'unknown-store')
    throw new AppError('VALIDATION_FAILED', '没有这个门店 (no such store)', {
      fields: [{ path: 'body.storeId', message: 'no such store' }],
    });
  if (outcome === 'unknown-org')
    throw new AppError('VALIDATION_FAILED', '没有这个组织 (no such organisation)', {
      fields: [{ path: 'body.orgId', message: 'no such organisation' }],
    });
  if (outcome === 'changed-meanwhile')
    throw new AppError(
      'CONFLICT',
      '有人同时修改了这个账号，请刷新后再试 (changed by someone else; reload and try again)',
    );
}

async function existing(deps: IdentityDeps, userId: string): Promise<StaffAccount> {
  const account = await deps.accounts.staff(userId);
  if (account === undefined) throw new AppError('NOT_FOUND', 'No such staff member');
  return account;
}

async function replace(deps: IdentityDeps, before: StaffAccount, after: StaffAccount): Promise<StaffAccount> {
  const saved = { ...after, updatedAt: deps.now().toISOString() };
  refuseScope(await deps.accounts.replaceStaff(saved, before.updatedAt));
  return saved;
}

/**
 * Changes a member's name, roles, store, organisation or disables them. Any change of what they
 * may do moves their token version on, so their tokens are refused at once; an admin may not
 * disable or demote themself (someone must stay able to sign in).
 */
export async function updateStaff(
  deps: IdentityDeps,
  principal: Principal,
  userId: string,
  request: UpdateStaffRequest,
): Promise<StaffMember> {
  const before = await existing(deps, userId);
  const roles = request.roles ?? before.roles;
  const storeId = request.storeId === undefined ? before.storeId : (request.storeId ?? undefined);
  const orgId = request.orgId === undefined ? before.orgId : (request.orgId ?? undefined);
  const disabled = request.disabled ?? before.disabled;
  checkScope({ roles, storeId, orgId });
  if (userId === principal.userId && (disabled || !roles.includes('admin')))
    throw new AppError(
      'FORBIDDEN',
      '不能停用自己或取消自己的管理员角色 (you may not disable or demote yourself)',
    );
  const changed = accessChanged(before, { roles, storeId, orgId, disabled });
  let totpUri: string | undefined;
  let totpSecret = before.totpSecret;
  if (needsTotp(roles) && totpSecret === undefined) {
    const totp = newTotp(deps, before.username);
    totpSecret = totp.secret;
    totpUri = totp.uri;
  }
  const after = await replace(deps, before, {
    ...before,
    name: request.name ?? before.name,
    roles: [...roles],
    storeId,
    orgId,
    disabled,
    totpSecret,
    tokenVersion: changed ? before.tokenVersion + 1 : before.tokenVersion,
  });
  return staffView(after, totpUri);
}

/**
 * An admin sets a new first password (the member forgot theirs): the lock is lifted, every token
 * is refused at once, and the member chooses their own password at the next sign-in. An admin's
 * TOTP is made anew (the old phone may be the one that was lost).
 */
export async function resetStaffPassword(
  deps: IdentityDeps,
  userId: string,
  password: string,
): Promise<StaffMember> {
  const before = await existing(deps, userId);
  checkPassword(password, before.username, before.roles);
  const totp = needsTotp(before.roles) ? newTotp(deps, before.username) : undefined;
  const after = await replace(deps, before, {
    ...before,
    passwordHash: await deps.passwords.hash(password),
    mustChangePassword: true,
    lock: { failedSignIns: 0 },
    totpSecret: totp?.secret ?? before.totpSecret,
    tokenVersion: before.tokenVersion + 1,
  });
  await deps.accounts.clearFailures(userId);
  return staffView({ ...after, lock: { failedSignIns: 0 } }, totp?.uri);
}

/** A member changes their own password (required after an admin set one). */
export async function changeOwnPassword(
  deps: IdentityDeps,
  principal: Principal,
  current: string,
  next: string,
): Promise<StaffMember> {
  const before = await deps.accounts.staff(principal.userId);
  if (before === undefined)
    throw new AppError('CONFLICT', '这个登录没有密码可改 (this sign-in has no password to change)');
  if (!(await deps.passwords.verify(current, before.passwordHash)))
    throw new AppError('VALIDATION_FAILED', '原密码不对 (the current password is wrong)', {
      fields: [{ path: 'body.currentPassword', message: 'wrong password' }],
    });
  checkPassword(next, before.username, before.roles);
  if (await deps.passwords.verify(next, before.passwordHash))
    throw new AppError('VALIDATION_FAILED', '新密码不能和原密码一样 (choose a new password)', {
      fields: [{ path: 'body.newPassword', message: 'same as before' }],
    });
  const after = await replace(deps, before, {
    ...before,
    passwordHash: await deps.passwords.hash(next),
    mustChangePassword: false,
    // Every older token (the one that could only change the password, other devices) stops: the
    // pages refresh once and go on with the member's full token.
    tokenVersion: before.tokenVersion + 1,
  });
  return staffView(after);
}
