/**
 * Volunteers' phones: activated once from a QR link or a 6-digit code that a coordinator shows,
 * then signed in for months by a device token that refreshes itself; revoked by the office when
 * the phone is lost.
 */

/** A 6-digit code: what an elderly volunteer can read off a screen and type. */
export const ACTIVATION_CODE_DIGITS = 6;
/** An activation lives 15 minutes: long enough to walk to the volunteer, short for a guesser. */
export const ACTIVATION_TTL_SECONDS = 15 * 60;

/** A volunteer's device stays signed in for 180 days after it was last used. */
export const DEVICE_TOKEN_IDLE_DAYS = 180;
/** A staff session (a counter phone for a market day) lasts 12 hours, then a password again. */
export const STAFF_SESSION_HOURS = 12;

/** An optional PIN on the device, asked when the phone wakes the app after a long sleep. */
export const PIN_DIGITS_MIN = 4;
export const PIN_DIGITS_MAX = 6;
/** The PIN is asked when the phone comes back after this long unused (not at every hourly refresh). */
export const PIN_IDLE_HOURS = 12;
/**
 * A refresh token just replaced still works this long, once more: a phone on a rural network whose
 * answer was lost retries with the token it still holds. A copy replayed later is refused.
 */
export const REFRESH_GRACE_SECONDS = 60;
/** Wrong PINs before the device is revoked (the office activates it again). */
export const DEVICE_PIN_ATTEMPTS_MAX = 5;

export interface ActivationState {
  expiresAt: string;
  usedAt?: string | undefined;
}

/** An activation may be used once, before it expires: the rule its conditional update enforces. */
export const canUseActivation = (activation: ActivationState | undefined, nowIso: string): boolean =>
  activation !== undefined && activation.usedAt === undefined && activation.expiresAt > nowIso;

/**
 * A code may be given to a new activation while no live activation holds it (the code's item is
 * absent or expired): the rule the code's conditional put enforces.
 */
export const canClaimCode = (holder: { expiresAt: string } | undefined, nowIso: string): boolean =>
  holder === undefined || holder.expiresAt <= nowIso;

export interface SessionState {
  secretHash: string;
  /** The secret before the last refresh, and when it was replaced (REFRESH_GRACE_SECONDS). */
  previousSecretHash?: string | undefined;
  rotatedAt?: string | undefined;
  expiresAt: string;
  revokedAt?: string | undefined;
  pinFailures?: number | undefined;
}

/** The start of the grace window at `nowIso`: a secret replaced after it still works once more. */
export const graceStart = (nowIso: string): string =>
  new Date(Date.parse(nowIso) - REFRESH_GRACE_SECONDS * 1000).toISOString();

/** Which secret `secretHash` is of the session: the current one, the one just replaced, or none. */
export function secretOf(
  session: SessionState,
  secretHash: string,
  nowIso: string,
): 'current' | 'previous' | undefined {
  if (session.secretHash === secretHash) return 'current';
  if (
    session.previousSecretHash === secretHash &&
    session.rotatedAt !== undefined &&
    session.rotatedAt > graceStart(nowIso)
  )
    return 'previous';
  return undefined;
}

/** Whether the PIN is asked at this refresh: the phone has one and has been unused PIN_IDLE_HOURS. */
export const pinDue = (
  session: { pinHash?: string | undefined; lastUsedAt: string },
  nowIso: string,
): boolean =>
  session.pinHash !== undefined &&
  Date.parse(nowIso) - Date.parse(session.lastUsedAt) >= PIN_IDLE_HOURS * 3_600_000;

/**
 * A refresh succeeds with the session's current secret, or the one it replaced within the grace
 * window, while the session is neither expired nor revoked: the rule the session's rotation
 * update enforces (the secret is replaced in the same write, so a used refresh token replayed
 * later is refused).
 */
export const canRefresh = (session: SessionState | undefined, secretHash: string, nowIso: string): boolean =>
  session !== undefined &&
  session.revokedAt === undefined &&
  session.expiresAt > nowIso &&
  secretOf(session, secretHash, nowIso) !== undefined;
