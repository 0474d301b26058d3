import { base64url } from 'jose';
import { assertMaySee } from '../../people/use-cases/volunteer-access';
import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { ActivateRequest, ActivationResponse, DeviceList, TokenResponse } from '../contract/identity';
import type { IdentityDeps } from '../port';
import { ACTIVATION_CODE_DIGITS, ACTIVATION_TTL_SECONDS, canUseActivation } from '../rules/devices';
import { openSession, sha256, volunteerSubject } from './sessions';

/** Bytes of a QR activation token: 256 bits, so the link cannot be guessed. */
const ACTIVATION_TOKEN_BYTES = 32;
/** Tries to find a free 6-digit code before giving up (a million codes, a few live at a time). */
const CODE_ATTEMPTS_MAX = 5;

/** A uniformly drawn 6-digit code (rejection sampling over 32-bit draws, no modulo bias). */
function sixDigits(random: (bytes: number) => Uint8Array): string {
  const space = 10 ** ACTIVATION_CODE_DIGITS;
  const limit = Math.floor(2 ** 32 / space) * space;
  for (;;) {
    const [a = 0, b = 0, c = 0, d = 0] = random(4);
    const value = ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
    if (value < limit) return String(value % space).padStart(ACTIVATION_CODE_DIGITS, '0');
  }
}

/**
 * The office, or a coordinator whose organisation holds the volunteer, may act for the volunteer's
 * phones; anyone else learns nothing (404, as for reading the volunteer).
 */
async function assertMayActFor(deps: IdentityDeps, principal: Principal, volunteerId: string): Promise<void> {
  await assertMaySee(principal, await deps.volunteers.scopeOf(volunteerId), deps.volunteers.orgIsWithin);
}

/**
 * A coordinator (for a volunteer of their organisation) or the office starts the activation of a
 * volunteer's phone: a QR link and a 6-digit code, valid 15 minutes, usable once.
 */
export async function startActivation(
  deps: IdentityDeps,
  principal: Principal,
  volunteerId: string,
): Promise<ActivationResponse> {
  await assertMayActFor(deps, principal, volunteerId);
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + ACTIVATION_TTL_SECONDS * 1000).toISOString();
  const token = base64url.encode(deps.random(ACTIVATION_TOKEN_BYTES));
  for (let attempt = 0; attempt < CODE_ATTEMPTS_MAX; attempt += 1) {
    const code = sixDigits(deps.random);
    const created = await deps.activations.create({
      tokenHash: sha256(token),
      code,
      volunteerId,
      createdBy: principal.userId,
      createdAt: now.toISOString(),
      expiresAt,
    });
    if (created) return { volunteerId, code, token, expiresAt };
  }
  throw new AppError('UNAVAILABLE', '暂时无法生成激活码，请再试一次 (no free code just now; try again)');
}

const activationRefused = () =>
  new AppError(
    'UNAUTHENTICATED',
    '激活码不对或已过期，请让工作人员重新生成 (the code is wrong or has expired; ask for a new one)',
    {
      extra: { reason: 'activation-invalid' },
    },
  );

/**
 * The volunteer's phone uses the activation once: it becomes a signed-in device with a long-lived
 * device token (and an optional PIN). Wrong codes are counted per client address.
 */
export async function activateDevice(
  deps: IdentityDeps,
  request: ActivateRequest,
  client: string,
): Promise<TokenResponse> {
  await deps.limiter.check('activation', client);
  const byCode = request.activation.length === ACTIVATION_CODE_DIGITS;
  const activation = byCode
    ? await deps.activations.byCode(request.activation)
    : await deps.activations.byToken(sha256(request.activation));
  const nowIso = deps.now().toISOString();
  if (activation === undefined || !canUseActivation(activation, nowIso)) {
    await deps.limiter.fail('activation', client);
    throw activationRefused();
  }
  if (!(await deps.activations.use(activation.tokenHash, nowIso))) {
    await deps.limiter.fail('activation', client);
    throw activationRefused();
  }
  const { volunteerId } = activation;
  const login = await deps.accounts.volunteerLogin(volunteerId);
  const sub = volunteerSubject(volunteerId);
  return openSession(
    deps,
    { sub, groups: ['volunteer'], volunteerId, ver: login.tokenVersion },
    { kind: 'device', name: request.deviceName, pin: request.pin },
    { sub, groups: ['volunteer'], volunteerId, mustChangePassword: false },
  );
}

export async function listDevices(
  deps: IdentityDeps,
  principal: Principal,
  volunteerId: string,
): Promise<DeviceList> {
  await assertMayActFor(deps, principal, volunteerId);
  const nowIso = deps.now().toISOString();
  const sessions = await deps.sessions.list(`VOL#${volunteerId}`);
  return {
    volunteerId,
    devices: sessions
      .filter(
        (session) =>
          session.kind === 'device' && session.revokedAt === undefined && session.expiresAt > nowIso,
      )
      .map((session) => ({
        deviceId: session.sessionId,
        ...(session.name === undefined ? {} : { name: session.name }),
        createdAt: session.createdAt,
        lastUsedAt: session.lastUsedAt,
        expiresAt: session.expiresAt,
        hasPin: session.pinHash !== undefined,
      }))
      .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt)),
  };
}

/**
 * The office revokes a lost phone: its device token stops at once, and the volunteer's token
 * version moves on, so the access token that phone holds is refused too (their other devices
 * refresh without noticing).
 */
export async function revokeDevice(
  deps: IdentityDeps,
  principal: Principal,
  volunteerId: string,
  deviceId: string,
): Promise<void> {
  await assertMayActFor(deps, principal, volunteerId);
  const revoked = await deps.sessions.revoke(`VOL#${volunteerId}`, deviceId, deps.now().toISOString());
  if (!revoked) throw new AppError('NOT_FOUND', 'No such device');
  await deps.accounts.bumpVolunteer(volunteerId);
}
