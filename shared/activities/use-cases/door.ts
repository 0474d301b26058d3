import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import { readVolunteerCode } from '../../stores/rules/volunteer-code';
import type { DoorAnswer, DoorScanRequest, MarkAttendanceRequest } from '../contract/activities';
import type { ActivitiesDeps } from '../port';
import { type Activity, type Actor, type Coordinates, nextScan } from '../rules/activities';
import { doorOpen } from '../rules/activity-flow';
import { DOOR_CODE_STEP_SECONDS, doorCode, readDoorCode } from '../rules/door-code';
import { hoursAtTheDoor } from '../rules/hours';
import { activityState, attendeeView, managedActivity } from './views';

/** How far ahead of the clock an organiser's `at` may be (a phone's clock a little fast). */
const AT_SLACK_MS = 60_000;

/** The code the organiser's phone shows now, while sign-in is open. */
export async function currentDoorCode(deps: ActivitiesDeps, principal: Principal, activityId: string) {
  const { activity } = await managedActivity(deps, principal, activityId);
  if (!doorOpen(activity.status))
    throw activityState('活动开始签到后才有签到码 (sign-in is not open)', { status: activity.status });
  const shown = doorCode(activityId, deps.now(), await deps.signing());
  return { ...shown, stepSeconds: DOOR_CODE_STEP_SECONDS };
}

/**
 * A volunteer scans the activity's code: the first scan signs in, the next (ten minutes on) signs
 * out, a repeat changes nothing. A forged code is INVALID_CODE; one older than a minute CODE_EXPIRED.
 */
export async function scanDoorCode(
  deps: ActivitiesDeps,
  principal: Principal,
  request: DoorScanRequest,
): Promise<DoorAnswer> {
  const volunteerId = principal.volunteerId;
  if (volunteerId === undefined)
    throw new AppError('FORBIDDEN', '请用志愿者账号扫码 (sign in as a volunteer)');
  const now = deps.now();
  const reading = readDoorCode(request.code, await deps.signing(), now);
  if (reading.status === 'invalid')
    throw new AppError('INVALID_CODE', '这不是活动签到码 (this is not an activity code)');
  if (reading.status === 'expired')
    throw new AppError('CODE_EXPIRED', '签到码已过期，请扫组织者手机上的最新码 (scan the code shown now)');
  const activity = await deps.activities.atTheDoor(reading.activityId);
  if (activity === undefined)
    throw new AppError('INVALID_CODE', '这不是活动签到码 (this is not an activity code)');
  if (!doorOpen(activity.status))
    throw activityState('活动现在不在签到时间 (sign-in is not open)', { status: activity.status });
  return atTheDoor(deps, activity, volunteerId, 'self', request.coordinates, now, undefined);
}

/**
 * The organiser signs someone in or out: by scanning their volunteer code (it is only read, not
 * used up), by their card's number, or by picking them from the roster. After the activity
 * finished, a forgotten sign-out can still be set, at the time it happened.
 */
export async function markAttendance(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  request: MarkAttendanceRequest,
): Promise<DoorAnswer> {
  const { activity } = await managedActivity(deps, principal, activityId);
  if (activity.status !== 'running' && activity.status !== 'finished')
    throw activityState('活动开始后才能签到 (the activity is not running)', { status: activity.status });
  if (activity.status === 'finished' && request.action !== 'sign-out')
    throw activityState('活动已结束，只能补签退 (only a sign-out may be set now)', {
      status: activity.status,
    });
  if (request.at !== undefined && request.action !== 'sign-out')
    throw new AppError(
      'VALIDATION_FAILED',
      '只有补签退可以填时间；补签到请用补录 (only a sign-out takes a time)',
      {
        fields: [{ path: 'body.at', message: 'only with action sign-out; a sign-in afterwards is a 补录' }],
      },
    );
  const volunteerId = await whoIsIt(deps, request);
  const now = deps.now();
  const at = request.at === undefined ? now : new Date(request.at);
  if (at.getTime() > now.getTime() + AT_SLACK_MS)
    throw new AppError('VALIDATION_FAILED', '时间不能在将来 (the time is in the future)', {
      fields: [{ path: 'body.at', message: 'must not be in the future' }],
    });
  return atTheDoor(deps, activity, volunteerId, 'organiser', undefined, at, request.action);
}

async function whoIsIt(deps: ActivitiesDeps, request: MarkAttendanceRequest): Promise<string> {
  if (request.volunteerId !== undefined) return request.volunteerId;
  if (request.code !== undefined) {
    const reading = readVolunteerCode(request.code, await deps.signing(), deps.now());
    if (reading.status === 'invalid')
      throw new AppError('INVALID_CODE', '这不是志愿者码 (not a volunteer code)');
    if (reading.status === 'expired')
      throw new AppError('CODE_EXPIRED', '志愿者码已过期，请对方刷新 (ask the volunteer to refresh it)');
    return reading.volunteerId;
  }
  const holder = await deps.people.cardHolder((request.cardNumber ?? '').replace(/\D/g, ''));
  if (holder === undefined) throw new AppError('INVALID_CODE', '没有这张卡 (no such card)');
  return holder;
}

/** The one door: sign in (one write), else sign out once, else nothing. */
async function atTheDoor(
  deps: ActivitiesDeps,
  activity: Activity,
  volunteerId: string,
  by: Actor,
  where: Coordinates | undefined,
  now: Date,
  action: 'sign-in' | 'sign-out' | undefined,
): Promise<DoorAnswer> {
  const at = now.toISOString();
  const answer = (
    outcome: DoorAnswer['outcome'],
    attendee: NonNullable<Awaited<ReturnType<typeof deps.attendees.get>>>,
  ) => ({
    outcome,
    activityId: activity.activityId,
    title: activity.title,
    attendee: attendeeView(attendee, activity),
  });
  let seen = action === 'sign-out' ? await deps.attendees.get(activity.activityId, volunteerId) : undefined;
  if (action !== 'sign-out') {
    // The organiser names someone: they must exist. A volunteer's own token says who they are, so
    // their scan reads nothing more: one write signs them in (the roster looks their name up).
    let name: string | undefined;
    if (by !== 'self') {
      const profile = (await deps.people.profiles([volunteerId])).get(volunteerId);
      if (profile === undefined) throw new AppError('NOT_FOUND', '没有这位志愿者 (no such volunteer)');
      name = profile.name;
    }
    const signedIn = await deps.attendees.signIn(activity, { volunteerId, name }, at, by, where);
    if (signedIn.attendee === undefined) throw new AppError('UNAVAILABLE', 'Busy; scan again');
    if (signedIn.changed) return answer('signed-in', signedIn.attendee);
    if (action === 'sign-in') return answer('unchanged', signedIn.attendee);
    seen = signedIn.attendee;
    if (nextScan(seen, now) !== 'sign-out') return answer('unchanged', seen);
  }
  if (seen?.signedInAt === undefined) throw activityState('这位志愿者还没有签到 (not signed in yet)');
  if (seen.signedOutAt !== undefined) return answer('unchanged', seen);
  if (now.getTime() < Date.parse(seen.signedInAt))
    throw new AppError('VALIDATION_FAILED', '签退不能早于签到 (the sign-out is before the sign-in)', {
      fields: [{ path: 'body.at', message: 'before the sign-in' }],
    });
  const days = hoursAtTheDoor({ start: seen.signedInAt, end: at }, activity);
  const out = await deps.attendees.signOut(
    activity.activityId,
    volunteerId,
    { signedInAt: seen.signedInAt },
    {
      at,
      by,
      where,
      days,
    },
  );
  const attendee = out.attendee ?? (await deps.attendees.get(activity.activityId, volunteerId)) ?? seen;
  return answer(out.changed ? 'signed-out' : 'unchanged', attendee);
}
