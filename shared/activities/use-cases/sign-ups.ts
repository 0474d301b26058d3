import { AppError } from '../../platform/errors';
import { hasRole, type Principal } from '../../platform/principal';
import type { AttendeeView, SignUpRequest } from '../contract/activities';
import type { ActivitiesDeps } from '../port';
import { signUpWindowOpen } from '../rules/activities';
import { signUpOpen } from '../rules/activity-flow';
import {
  activityState,
  attendeeView,
  manages,
  NO_SUCH_ACTIVITY,
  visibleActivity,
  waitlistPositions,
} from './views';

/** Waitlisted people tried when a place frees (one moves; others may have withdrawn meanwhile). */
const PROMOTION_TRIES_MAX = 5;

/** Who a sign-up or withdrawal is for: a volunteer acts for themself, who runs the activity for anyone. */
function subject(principal: Principal, named: string | undefined): string {
  if (named !== undefined) {
    if (hasRole(principal, 'admin') || hasRole(principal, 'coordinator') || named === principal.volunteerId)
      return named;
    throw new AppError('FORBIDDEN', '只能为自己报名 (you may sign up only yourself)');
  }
  if (principal.volunteerId === undefined)
    throw new AppError('VALIDATION_FAILED', '请选择志愿者 (name the volunteer)', {
      fields: [{ path: 'body.volunteerId', message: 'required' }],
    });
  return principal.volunteerId;
}

/**
 * 报名: a place while there is one, else the waitlist. Capacity holds under any concurrency: the
 * place is taken in one transaction with the activity's count (store/activity-store.ts). Signing up
 * again changes nothing and answers the place held.
 */
export async function signUp(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  request: SignUpRequest,
): Promise<AttendeeView> {
  const { activity, tree } = await visibleActivity(deps, principal, activityId);
  const volunteerId = subject(principal, request.volunteerId);
  if (volunteerId !== principal.volunteerId && !manages(principal, tree, activity)) throw NO_SUCH_ACTIVITY();
  const profile = (await deps.people.profiles([volunteerId])).get(volunteerId);
  if (profile === undefined) throw new AppError('NOT_FOUND', '没有这位志愿者 (no such volunteer)');
  const now = deps.now();
  if (!signUpOpen(activity.status) || !signUpWindowOpen(activity, now))
    throw activityState('现在不能报名：报名还没开始或已经截止 (sign-up is not open)', {
      status: activity.status,
    });
  const outcome = await deps.attendees.signUp(
    activity,
    { volunteerId, name: profile.name },
    now.toISOString(),
  );
  if (outcome.kind === 'closed')
    throw activityState('报名已经截止 (sign-up closed meanwhile)', { status: activity.status });
  if (outcome.kind === 'waitlist-full')
    throw activityState('名额和候补都已满 (no places and the waitlist is full)');
  const roster = outcome.attendee.signUp === 'waiting' ? await deps.attendees.roster(activityId) : [];
  return attendeeView(outcome.attendee, activity, waitlistPositions(roster).get(volunteerId));
}

/**
 * Gives up a place (or a waitlist place) before the activity starts; the first on the waitlist
 * moves up into a freed place. Withdrawing what one does not hold changes nothing.
 */
export async function withdraw(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  volunteerId: string,
): Promise<AttendeeView> {
  if (
    principal.volunteerId !== volunteerId &&
    !hasRole(principal, 'admin') &&
    !hasRole(principal, 'coordinator')
  )
    throw new AppError('FORBIDDEN', '只能取消自己的报名 (you may withdraw only yourself)');
  const { activity, tree } = await visibleActivity(deps, principal, activityId);
  if (volunteerId !== principal.volunteerId && !manages(principal, tree, activity)) throw NO_SUCH_ACTIVITY();
  const now = deps.now().toISOString();
  const before = await deps.attendees.get(activityId, volunteerId);
  if (before === undefined) throw new AppError('NOT_FOUND', '没有这位志愿者的报名 (not signed up)');
  if (before.signUp !== 'confirmed' && before.signUp !== 'waiting') return attendeeView(before, activity);
  if (activity.status !== 'recruiting' && activity.status !== 'draft')
    throw activityState('活动已经开始，不能再取消报名；请联系组织者 (the activity has started)', {
      status: activity.status,
    });
  const after = (await deps.attendees.withdraw(activityId, volunteerId, now)) ?? before;
  if (before.signUp === 'confirmed' && after.signUp === 'withdrawn') await promoteNext(deps, activityId, now);
  return attendeeView(after, activity);
}

/** Moves the first on the waitlist into the freed place, trying the next when one has just left. */
async function promoteNext(deps: ActivitiesDeps, activityId: string, at: string): Promise<void> {
  const positions = waitlistPositions(await deps.attendees.roster(activityId));
  const queue = [...positions].sort(([, a], [, b]) => a - b).map(([volunteerId]) => volunteerId);
  for (const volunteerId of queue.slice(0, PROMOTION_TRIES_MAX)) {
    if (await deps.attendees.promote(activityId, volunteerId, at)) return;
  }
}
