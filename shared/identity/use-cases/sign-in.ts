import * as OTPAuth from 'otpauth';
import { AppError } from '../../platform/errors';
import type { SignInRequest, TokenResponse } from '../contract/identity';
import type { IdentityDeps, StaffAccount } from '../port';
import { afterFailure, isLocked, needsTotp } from '../rules/accounts';
import type { TokenSubject } from '../rules/tokens';
import { openSession, refreshSession, volunteerSubject } from './sessions';

/** A TOTP code is accepted one 30-second step early or late (phones' clocks drift). */
const TOTP_WINDOW_STEPS = 1;

/** One answer for every wrong username, password or code, so none of them is revealed. */
const signInFailed = () =>
  new AppError('UNAUTHENTICATED', '用户名或密码不对 (wrong username or password)', {
    extra: { reason: 'sign-in-failed' },
  });

export function staffSubject(account: StaffAccount): TokenSubject {
  return {
    sub: account.userId,
    groups: account.roles,
    storeId: account.storeId,
    orgId: account.orgId,
    ver: account.tokenVersion,
    mustChangePassword: account.mustChangePassword,
  };
}

export function staffUser(account: StaffAccount): TokenResponse['user'] {
  return {
    sub: account.userId,
    name: account.name,
    groups: account.roles,
    ...(account.storeId === undefined ? {} : { storeId: account.storeId }),
    ...(account.orgId === undefined ? {} : { orgId: account.orgId }),
    mustChangePassword: account.mustChangePassword,
  };
}

export function totpValid(secret: string, code: string, now: Date): boolean {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
  return totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS }) !== null;
}

/**
 * A staff member signs in with username and password (and, for admins, a TOTP code). Wrong
 * passwords are counted per account (five in a row lock it for 15 minutes) and per client
 * address; every refusal reads the same, and an unknown username costs the same hashing time.
 */
export async function signIn(
  deps: IdentityDeps,
  request: SignInRequest,
  client: string,
): Promise<TokenResponse> {
  await deps.limiter.check('sign-in', client);
  const account = await deps.accounts.staffByUsername(request.username);
  const nowIso = deps.now().toISOString();
  if (account !== undefined && isLocked(account.lock, nowIso)) {
    throw new AppError(
      'THROTTLED',
      '密码错误次数太多，请稍后再试 (too many wrong passwords; try again later)',
      {
        extra: { reason: 'account-locked', lockedUntil: account.lock.lockedUntil },
        headers: {
          'retry-after': String(
            Math.max(
              1,
              Math.ceil((Date.parse(account.lock.lockedUntil ?? nowIso) - Date.parse(nowIso)) / 1000),
            ),
          ),
        },
      },
    );
  }
  const passwordOk = await deps.passwords.verify(request.password, account?.passwordHash ?? DUMMY_HASH);
  if (account === undefined || !passwordOk || account.disabled) {
    await deps.limiter.fail('sign-in', client);
    if (account !== undefined && !passwordOk)
      await deps.accounts.recordFailure(account.userId, afterFailure(account.lock, deps.now()));
    throw signInFailed();
  }
  if (needsTotp(account.roles) || account.totpSecret !== undefined) {
    if (request.totp === undefined)
      throw new AppError('UNAUTHENTICATED', '请输入验证器上的 6 位动态码 (enter the 6-digit code)', {
        extra: { reason: 'totp-required' },
      });
    if (account.totpSecret === undefined || !totpValid(account.totpSecret, request.totp, deps.now())) {
      await deps.limiter.fail('sign-in', client);
      await deps.accounts.recordFailure(account.userId, afterFailure(account.lock, deps.now()));
      throw signInFailed();
    }
  }
  if (account.lock.failedSignIns > 0 || account.lock.lockedUntil !== undefined)
    await deps.accounts.clearFailures(account.userId);
  return openSession(deps, staffSubject(account), { kind: 'staff' }, staffUser(account));
}

/**
 * A scrypt hash of a password nobody has, checked when the username is unknown so that the answer
 * takes as long as for a real account. Its parameters are the production ones.
 */
const DUMMY_HASH = 'scrypt$17$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Refreshes a staff session or a volunteer's device. */
export function refresh(deps: IdentityDeps, token: string, pin: string | undefined): Promise<TokenResponse> {
  return refreshSession(deps, token, pin, async (sub) => {
    if (sub.startsWith('st_')) {
      const account = await deps.accounts.staff(sub);
      if (account === undefined || account.disabled) return undefined;
      return { subject: staffSubject(account), user: staffUser(account) };
    }
    // The device's account was opened by its activation: a refresh only reads its version.
    const volunteerId = sub.slice(3);
    const login = await deps.accounts.accessOf(sub);
    if (login === undefined || login.disabled) return undefined;
    return {
      subject: {
        sub: volunteerSubject(volunteerId),
        groups: ['volunteer'],
        volunteerId,
        ver: login.tokenVersion,
      },
      user: { sub, groups: ['volunteer'], volunteerId, mustChangePassword: false },
    };
  });
}
