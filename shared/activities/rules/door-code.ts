import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';

/**
 * The activity's door code: what the organiser's phone shows as a QR code at the activity, for
 * volunteers to scan when they arrive and when they leave. It is an HMAC-signed token naming the
 * activity and a 30-second step, renewed every step; it is good for its own step and the one
 * before (a scan taken as the code changed), so a forwarded screenshot stops working within a
 * minute. That a scan counts once is not decided here: the volunteer's attendance item is.
 */
export const DOOR_CODE_PURPOSE = 'activity-door';
export const DOOR_CODE_STEP_SECONDS = 30;
/** Steps a code is still taken after its own: one, for a scan made as the code changed. */
export const DOOR_CODE_STEPS_ACCEPTED_AFTER = 1;

interface DoorCodePayload {
  /** The activity. */
  a: string;
  /** The 30-second step, epoch seconds ÷ 30. */
  s: number;
}

const stepOf = (now: Date): number => Math.floor(now.getTime() / 1000 / DOOR_CODE_STEP_SECONDS);

/** The code to show now, and when the phone should show the next one. */
export function doorCode(
  activityId: string,
  now: Date,
  signing: SigningKeys,
): { code: string; renewAt: string } {
  const step = stepOf(now);
  const payload: DoorCodePayload = { a: activityId, s: step };
  return {
    code: signToken(payload, signing, DOOR_CODE_PURPOSE),
    renewAt: new Date((step + 1) * DOOR_CODE_STEP_SECONDS * 1000).toISOString(),
  };
}

export type DoorCodeReading =
  | { status: 'valid'; activityId: string }
  | { status: 'expired' }
  | { status: 'invalid' };

const ACTIVITY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the signature, the shape and the step: a forged code is invalid, an old one expired. */
export function readDoorCode(code: string, signing: SigningKeys, now: Date): DoorCodeReading {
  const payload = verifyToken(code, signing, DOOR_CODE_PURPOSE) as Partial<DoorCodePayload> | undefined;
  if (
    payload === undefined ||
    payload === null ||
    typeof payload !== 'object' ||
    typeof payload.a !== 'string' ||
    !ACTIVITY_ID_PATTERN.test(payload.a) ||
    typeof payload.s !== 'number' ||
    !Number.isSafeInteger(payload.s)
  )
    return { status: 'invalid' };
  const age = stepOf(now) - payload.s;
  // A code from the future is as wrong as a forged one (clocks are the server's, never the phone's).
  if (age < 0) return { status: 'invalid' };
  return age <= DOOR_CODE_STEPS_ACCEPTED_AFTER
    ? { status: 'valid', activityId: payload.a }
    : { status: 'expired' };
}
