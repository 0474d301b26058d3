import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffMember, TokenResponse } from '../../shared/identity/contract/identity';
import type { IdentityDeps } from '../../shared/identity/port';
import { SIGN_IN_FAILURES_BEFORE_LOCK, SIGN_IN_LOCK_SECONDS } from '../../shared/identity/rules/accounts';
import {
  ACTIVATION_TTL_SECONDS,
  DEVICE_PIN_ATTEMPTS_MAX,
  PIN_IDLE_HOURS,
  REFRESH_GRACE_SECONDS,
} from '../../shared/identity/rules/devices';
import { identityDepsOf } from '../../shared/identity/store/identity-deps';
import { LocalKeySigner } from '../../shared/identity/store/local-signer';
import { scryptHasher } from '../../shared/identity/store/passwords';
import { activateDevice, revokeDevice, startActivation } from '../../shared/identity/use-cases/devices';
import { refresh, signIn } from '../../shared/identity/use-cases/sign-in';
import {
  changeOwnPassword,
  createStaff,
  resetStaffPassword,
  updateStaff,
} from '../../shared/identity/use-cases/staff';
import { tokenVerifier } from '../../shared/identity/use-cases/token-codec';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { registerVolunteer } from '../../shared/people/use-cases/volunteers';
import { parseConfig } from '../../shared/platform/config';
import { AppError } from '../../shared/platform/errors';
import type { Principal } from '../../shared/platform/principal';
import { buildRuntime, type Runtime } from '../../shared/platform/runtime';
import { freshTable } from './support';

/**
 * Sign-in on DynamoDB Local through the use cases, with a clock the test moves: passwords and
 * their lock, TOTP for admins, a role change that refuses old tokens at once, activation codes
 * that expire and work once, device tokens that work once per refresh and stop when revoked.
 * scrypt runs with small parameters here (the stored hash names them); production's are in
 * rules/passwords.ts.
 */
const START = new Date('2026-12-04T02:00:00.000Z');
let clock = START;
const at = (seconds: number) => {
  clock = new Date(clock.getTime() + seconds * 1000);
};
const signer = LocalKeySigner.generate();
const ADMIN: Principal = { userId: 'setup-admin', roles: new Set(['admin']) };
const CLIENT = '198.51.100.7';
const CLERK_PASSWORD = '什川镇爱心超市 shichuan 2026';
const ADMIN_PASSWORD = 'county office 2026';

let runtime: Runtime;
let deps: IdentityDeps;
let volunteerId: string;

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** What the endpoint does with a token: verify it, then hold it to its account's version. */
async function accepted(token: string): Promise<boolean> {
  const verify = tokenVerifier([signer.publicJwkSync()], { issuer: 'aixin-local', audience: 'aixin-web' });
  const checked = await verify(token, Math.floor(clock.getTime() / 1000));
  if (!checked.ok) return false;
  const access = await runtime.accountAccess(String(checked.claims.sub));
  return access !== undefined && !access.disabled && access.tokenVersion === checked.claims.ver;
}

const totpNow = (uri: string): string =>
  (OTPAuth.URI.parse(uri) as OTPAuth.TOTP).generate({ timestamp: clock.getTime() });

beforeAll(async () => {
  const table = await freshTable('sign-in');
  runtime = {
    ...buildRuntime(parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName }), { client: table.client }),
    now: () => clock,
  };
  deps = identityDepsOf(runtime, { passwords: scryptHasher({ N: 2 ** 10, r: 8, p: 1 }), signer });
  const people = peopleDeps(runtime);
  await putOrg(people, ADMIN, 'gaolan', { name: '皋兰县', level: 'county' });
  await putOrg(people, ADMIN, 'shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' });
  await putOrg(people, ADMIN, 'shidong', { name: '石洞镇', level: 'town', parentId: 'gaolan' });
  volunteerId = (
    await registerVolunteer(people, ADMIN, { name: '谭成华', phone: '13809310001', orgId: 'shichuan' })
  ).id;
});

describe('staff passwords', () => {
  let clerk: StaffMember;

  it('a clerk made by the office signs in with the first password and must change it', async () => {
    clerk = await createStaff(deps, ADMIN, {
      username: 'clerk-shichuan',
      name: '什川镇柜台',
      roles: ['coordinator'],
      orgId: 'shichuan',
      password: CLERK_PASSWORD,
    });
    const signedIn = await signIn(deps, { username: 'CLERK-shichuan', password: CLERK_PASSWORD }, CLIENT);
    expect(signedIn.user).toMatchObject({
      sub: clerk.userId,
      groups: ['coordinator'],
      orgId: 'shichuan',
      mustChangePassword: true,
    });
    expect(await accepted(signedIn.accessToken)).toBe(true);
  });

  it('refuses short, common and username-holding passwords, without composition rules', async () => {
    const base = { name: '石洞镇', roles: ['coordinator'] as const, orgId: 'shidong' };
    for (const password of ['short', '123456789012345', 'coord-shidong is me 2026'])
      expect(
        (
          await refusal(
            createStaff(deps, ADMIN, {
              ...base,
              roles: [...base.roles],
              username: 'coord-shidong',
              password,
            }),
          )
        ).code,
      ).toBe('VALIDATION_FAILED');
    const phrase = await createStaff(deps, ADMIN, {
      ...base,
      roles: [...base.roles],
      username: 'coord-shidong',
      password: 'all lower case words',
    });
    expect(phrase.username).toBe('coord-shidong');
  });

  it('answers a wrong password and an unknown username alike, and locks after five in a row', async () => {
    const wrong = await refusal(
      signIn(deps, { username: 'clerk-shichuan', password: 'not the password at all' }, CLIENT),
    );
    const unknown = await refusal(
      signIn(deps, { username: 'nobody-here', password: 'not the password at all' }, CLIENT),
    );
    expect([wrong.code, wrong.message]).toEqual([unknown.code, unknown.message]);
    for (let attempt = 1; attempt < SIGN_IN_FAILURES_BEFORE_LOCK; attempt += 1)
      await refusal(
        signIn(deps, { username: 'clerk-shichuan', password: `wrong guess number ${attempt}` }, CLIENT),
      );
    const locked = await refusal(
      signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT),
    );
    expect([locked.code, locked.extra?.reason]).toEqual(['THROTTLED', 'account-locked']);
    expect(Number(locked.headers?.['retry-after'])).toBe(SIGN_IN_LOCK_SECONDS);
    at(SIGN_IN_LOCK_SECONDS);
    expect(
      (await signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT)).user.sub,
    ).toBe(clerk.userId);
  });

  it('a role or scope change refuses the old tokens at once; the next sign-in carries the new ones', async () => {
    const before = await signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT);
    expect(await accepted(before.accessToken)).toBe(true);
    const noStore = await refusal(
      updateStaff(deps, ADMIN, clerk.userId, { roles: ['counter'], orgId: null, storeId: 'S1' }),
    );
    expect(noStore.code).toBe('VALIDATION_FAILED');
    // The store must exist: the change is refused and nothing moved.
    expect(await accepted(before.accessToken)).toBe(true);
    await updateStaff(deps, ADMIN, clerk.userId, { orgId: 'shidong' });
    expect(await accepted(before.accessToken)).toBe(false);
    const after = await signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT);
    expect(after.user.orgId).toBe('shidong');
    expect(await accepted(after.accessToken)).toBe(true);
    // A name change alone keeps the tokens.
    await updateStaff(deps, ADMIN, clerk.userId, { name: '石洞镇协调员' });
    expect(await accepted(after.accessToken)).toBe(true);
    await updateStaff(deps, ADMIN, clerk.userId, { disabled: true });
    expect(await accepted(after.accessToken)).toBe(false);
    expect(
      (await refusal(signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT))).code,
    ).toBe('UNAUTHENTICATED');
    await updateStaff(deps, ADMIN, clerk.userId, { disabled: false });
  });

  it('an admin reset sets a first password again, lifts the lock and refuses older tokens; the member then chooses their own', async () => {
    const before = await signIn(deps, { username: 'clerk-shichuan', password: CLERK_PASSWORD }, CLIENT);
    const reset = await resetStaffPassword(deps, clerk.userId, 'a new first password 2026');
    expect(reset.mustChangePassword).toBe(true);
    expect(await accepted(before.accessToken)).toBe(false);
    const member: Principal = { userId: clerk.userId, roles: new Set(['coordinator']) };
    expect(
      (await refusal(changeOwnPassword(deps, member, 'wrong current one', 'my own chosen phrase'))).code,
    ).toBe('VALIDATION_FAILED');
    const changed = await changeOwnPassword(
      deps,
      member,
      'a new first password 2026',
      'my own chosen phrase',
    );
    expect(changed.mustChangePassword).toBe(false);
    expect(
      (await signIn(deps, { username: 'clerk-shichuan', password: 'my own chosen phrase' }, CLIENT)).user
        .mustChangePassword,
    ).toBe(false);
  });
});

describe('admins: TOTP is required', () => {
  it('asks for the code, refuses a wrong one, accepts the one the authenticator shows', async () => {
    const admin = await createStaff(deps, ADMIN, {
      username: 'office-admin',
      name: '县志愿服务中心',
      roles: ['admin'],
      password: ADMIN_PASSWORD,
    });
    expect(admin.totpUri).toMatch(/^otpauth:\/\/totp\//);
    const uri = admin.totpUri ?? '';
    const asked = await refusal(signIn(deps, { username: 'office-admin', password: ADMIN_PASSWORD }, CLIENT));
    expect(asked.extra?.reason).toBe('totp-required');
    const code = totpNow(uri);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(
      (
        await refusal(
          signIn(deps, { username: 'office-admin', password: ADMIN_PASSWORD, totp: wrong }, CLIENT),
        )
      ).extra?.reason,
    ).toBe('sign-in-failed');
    const signedIn = await signIn(
      deps,
      { username: 'office-admin', password: ADMIN_PASSWORD, totp: code },
      CLIENT,
    );
    expect(signedIn.user.groups).toEqual(['admin']);
  });
});

describe("volunteers' phones", () => {
  const coordinator: Principal = { userId: 'coord', roles: new Set(['coordinator']), orgId: 'shichuan' };
  const outsider: Principal = { userId: 'coord-2', roles: new Set(['coordinator']), orgId: 'shidong' };
  let phone: TokenResponse;

  it('a coordinator of the volunteer starts an activation; one of another town learns nothing', async () => {
    expect((await refusal(startActivation(deps, outsider, volunteerId))).code).toBe('NOT_FOUND');
    const activation = await startActivation(deps, coordinator, volunteerId);
    expect(activation.code).toMatch(/^\d{6}$/);
    phone = await activateDevice(deps, { activation: activation.code, deviceName: '谭成华的手机' }, CLIENT);
    expect(phone.user).toMatchObject({ groups: ['volunteer'], volunteerId });
    expect(await accepted(phone.accessToken)).toBe(true);
  });

  it('an activation works once (code or QR token), and not after 15 minutes', async () => {
    const used = await startActivation(deps, coordinator, volunteerId);
    await activateDevice(deps, { activation: used.token }, CLIENT);
    expect((await refusal(activateDevice(deps, { activation: used.token }, CLIENT))).extra?.reason).toBe(
      'activation-invalid',
    );
    expect((await refusal(activateDevice(deps, { activation: used.code }, CLIENT))).extra?.reason).toBe(
      'activation-invalid',
    );
    const late = await startActivation(deps, coordinator, volunteerId);
    at(ACTIVATION_TTL_SECONDS);
    expect((await refusal(activateDevice(deps, { activation: late.code }, CLIENT))).extra?.reason).toBe(
      'activation-invalid',
    );
  });

  it('a device token refreshes once; a copy replayed after the grace is refused', async () => {
    const next = await refresh(deps, phone.refreshToken, undefined);
    expect(await accepted(next.accessToken)).toBe(true);
    // The answer was lost on a bad network: the phone retries with the token it holds, once more.
    const retried = await refresh(deps, phone.refreshToken, undefined);
    expect(await accepted(retried.accessToken)).toBe(true);
    at(REFRESH_GRACE_SECONDS);
    expect((await refusal(refresh(deps, phone.refreshToken, undefined))).code).toBe('UNAUTHENTICATED');
    phone = await refresh(deps, retried.refreshToken, undefined);
  });

  it('a revoked phone is refused at once, its token and its access token; another phone refreshes on', async () => {
    const other = await activateDevice(
      deps,
      { activation: (await startActivation(deps, coordinator, volunteerId)).code },
      CLIENT,
    );
    const deviceId = phone.refreshToken.split('.')[1] ?? '';
    await revokeDevice(deps, coordinator, volunteerId, deviceId);
    expect(await accepted(phone.accessToken)).toBe(false);
    expect((await refusal(refresh(deps, phone.refreshToken, undefined))).code).toBe('UNAUTHENTICATED');
    expect(await accepted(other.accessToken)).toBe(false);
    const renewed = await refresh(deps, other.refreshToken, undefined);
    expect(await accepted(renewed.accessToken)).toBe(true);
  });

  it('a PIN is asked when the phone comes back after a long sleep; five wrong PINs end the device', async () => {
    const activation = await startActivation(deps, coordinator, volunteerId);
    const withPin = await activateDevice(deps, { activation: activation.code, pin: '2580' }, CLIENT);
    // In use (the hourly refresh): no PIN.
    const inUse = await refresh(deps, withPin.refreshToken, undefined);
    at(PIN_IDLE_HOURS * 3600);
    expect((await refusal(refresh(deps, inUse.refreshToken, undefined))).extra?.pinRequired).toBe(true);
    const good = await refresh(deps, inUse.refreshToken, '2580');
    at(PIN_IDLE_HOURS * 3600);
    for (let attempt = 0; attempt < DEVICE_PIN_ATTEMPTS_MAX; attempt += 1)
      await refusal(refresh(deps, good.refreshToken, '0000'));
    expect((await refusal(refresh(deps, good.refreshToken, '2580'))).code).toBe('UNAUTHENTICATED');
  });

  it('wrong codes from one address are limited per window', async () => {
    const limited = identityDepsOf(runtime, { signer });
    let last: AppError | undefined;
    for (let attempt = 0; attempt <= runtime.config.ACTIVATION_FAILURES_PER_CLIENT; attempt += 1)
      last = await refusal(activateDevice(limited, { activation: '000000' }, '203.0.113.9'));
    expect(last?.code).toBe('THROTTLED');
    // Another address is not held back by the first.
    expect(
      (await refusal(activateDevice(limited, { activation: '000000' }, '203.0.113.10'))).extra?.reason,
    ).toBe('activation-invalid');
  });
});
