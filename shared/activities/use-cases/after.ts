import { coordinatorCovers } from '../../people/use-cases/volunteer-access';
import { chinaMonth } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type {
  AttendeeView,
  DecisionRequest,
  LateEntryRequest,
  Roster,
  VolunteerActivities,
} from '../contract/activities';
import type { ActivitiesDeps } from '../port';
import {
  type Activity,
  type Attendee,
  attendeeDays,
  type LateEntry,
  stayOf,
  sumHours,
} from '../rules/activities';
import { hoursAtTheDoor } from '../rules/hours';
import {
  activityState,
  activityView,
  attendeeView,
  managedActivity,
  NO_SUCH_ACTIVITY,
  waitlistPositions,
} from './views';

/** 补录 the office's queue shows at once. */
const LATE_QUEUE_MAX = 100;

/** The organiser's roster: everyone, with the live counts (signed up, waiting, here now, gone, walk-ins). */
export async function roster(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
): Promise<Roster> {
  const { activity, tree } = await managedActivity(deps, principal, activityId);
  const people = await withNames(deps, await deps.attendees.roster(activityId));
  const positions = waitlistPositions(people);
  const attendees = people
    .map((attendee) => attendeeView(attendee, activity, positions.get(attendee.volunteerId)))
    .sort(
      (a, b) =>
        (a.signedInAt ?? '9').localeCompare(b.signedInAt ?? '9') ||
        a.volunteerId.localeCompare(b.volunteerId),
    );
  const count = (test: (attendee: AttendeeView) => boolean) => attendees.filter(test).length;
  return {
    activity: activityView(activity, tree),
    counts: {
      signedUp: count((a) => a.signUp === 'confirmed'),
      waiting: count((a) => a.signUp === 'waiting'),
      present: count((a) => a.signedInAt !== undefined && a.signedOutAt === undefined),
      signedOut: count((a) => a.signedOutAt !== undefined),
      walkIns: count((a) => a.flags.includes('walk-in')),
      missingSignOut: count((a) => a.flags.includes('missing-sign-out')),
    },
    attendees,
  };
}

/** A roster leaving the product as a file is logged: which activity, to whom (never the rows). */
export async function rosterForExport(deps: ActivitiesDeps, principal: Principal, activityId: string) {
  const answer = await roster(deps, principal, activityId);
  logger.info('roster exported', { activityId, to: principal.userId, rows: answer.attendees.length });
  return answer;
}

/** A volunteer's own scan keeps no name on their item: the roster looks those up (masked when shown). */
async function withNames(deps: ActivitiesDeps, people: Attendee[]): Promise<Attendee[]> {
  const nameless = people
    .filter((attendee) => attendee.name === undefined)
    .map((attendee) => attendee.volunteerId);
  if (nameless.length === 0) return people;
  const profiles = await deps.people.profiles(nameless);
  return people.map((attendee) =>
    attendee.name === undefined ? { ...attendee, name: profiles.get(attendee.volunteerId)?.name } : attendee,
  );
}

const notRecordedYet = (activity: Activity) => {
  if (activity.status === 'recorded' || activity.status === 'cancelled')
    throw activityState('活动已登记或已取消，不能再改 (the activity is recorded or cancelled)', {
      status: activity.status,
    });
};

/**
 * 补录: attendance entered afterwards by who runs the activity, with a reason and evidence (a photo
 * of the paper sign-in sheet, or text). It counts only once the office approves it, and it is
 * marked 补录 on the record and in the passbook.
 */
export async function enterLate(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  request: LateEntryRequest,
): Promise<AttendeeView> {
  const { activity } = await managedActivity(deps, principal, activityId);
  if (activity.status !== 'running' && activity.status !== 'finished')
    throw activityState('活动开始后才能补录 (the activity has not run)', { status: activity.status });
  const now = deps.now();
  if (Date.parse(request.signedOutAt) > now.getTime())
    throw new AppError('VALIDATION_FAILED', '签退时间不能在将来 (the sign-out is in the future)', {
      fields: [{ path: 'body.signedOutAt', message: 'must not be in the future' }],
    });
  const profile = (await deps.people.profiles([request.volunteerId])).get(request.volunteerId);
  if (profile === undefined) throw new AppError('NOT_FOUND', '没有这位志愿者 (no such volunteer)');
  const late: LateEntry = {
    signedInAt: new Date(request.signedInAt).toISOString(),
    signedOutAt: new Date(request.signedOutAt).toISOString(),
    reason: request.reason,
    evidenceText: request.evidence.text,
    hasPhoto: request.evidence.photo !== undefined,
    enteredBy: principal.userId,
    enteredAt: now.toISOString(),
    status: 'pending',
  };
  const saved = await deps.attendees.putLate(
    activity,
    { volunteerId: request.volunteerId, name: profile.name },
    late,
    request.evidence.photo,
  );
  if (saved === undefined)
    throw new AppError('ALREADY_DECIDED', '这位志愿者的补录已经通过了 (an approved 补录 is final)');
  return attendeeView(saved, activity);
}

/** The office approves or rejects a pending 补录; a rejection says why. */
export async function decideLate(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  volunteerId: string,
  request: DecisionRequest,
): Promise<AttendeeView> {
  const activity = await deps.activities.get(activityId);
  if (activity === undefined) throw NO_SUCH_ACTIVITY();
  notRecordedYet(activity);
  if (!request.approve && request.reason === undefined)
    throw new AppError('VALIDATION_FAILED', '不通过请写明原因 (give a reason for a rejection)', {
      fields: [{ path: 'body.reason', message: 'required when rejecting' }],
    });
  const before = await deps.attendees.get(activityId, volunteerId);
  if (before?.late === undefined) throw new AppError('NOT_FOUND', '没有这条补录 (no such 补录)');
  const decided = await deps.attendees.decideLate(
    activityId,
    volunteerId,
    {
      status: request.approve ? 'approved' : 'rejected',
      decidedBy: principal.userId,
      decidedAt: deps.now().toISOString(),
      decisionReason: request.reason,
    },
    request.approve
      ? hoursAtTheDoor({ start: before.late.signedInAt, end: before.late.signedOutAt }, activity)
      : undefined,
  );
  if (decided === undefined)
    throw new AppError(
      'ALREADY_DECIDED',
      `这条补录已经${before.late.status === 'approved' ? '通过' : '处理'}了 (already decided)`,
      {
        extra: { status: before.late.status },
      },
    );
  return attendeeView(decided, activity);
}

/** The office's queue of 补录 awaiting a decision (or decided), oldest first. */
export async function lateEntries(deps: ActivitiesDeps, status: LateEntry['status']) {
  const items = await deps.attendees.lateEntries(status, LATE_QUEUE_MAX);
  const activities = new Map<string, Activity | undefined>();
  for (const item of items)
    if (!activities.has(item.activityId))
      activities.set(item.activityId, await deps.activities.get(item.activityId));
  return {
    entries: items.flatMap((item) => {
      const activity = activities.get(item.activityId);
      if (activity === undefined) return [];
      return [
        {
          activityId: activity.activityId,
          title: activity.title,
          start: activity.start,
          attendee: attendeeView(item, activity),
        },
      ];
    }),
  };
}

/** The photo of a 补录's paper sheet: personal data, for the office only, and logged. */
export async function lateEntryPhoto(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  volunteerId: string,
): Promise<{ photo: string }> {
  const photo = await deps.attendees.photo(activityId, volunteerId);
  if (photo === undefined) throw new AppError('NOT_FOUND', '这条补录没有照片 (no photo)');
  logger.info('evidence photo shown', { activityId, volunteerId, to: principal.userId });
  return { photo };
}

/**
 * A day over 8 hours counts only with the approval of the parent organisation's coordinator (or
 * the office); refused, the day counts up to 8. More than 12 never counts.
 */
export async function decideOvertime(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  volunteerId: string,
  request: DecisionRequest,
): Promise<AttendeeView> {
  const { activity, tree } = await managedActivity(deps, principal, activityId);
  notRecordedYet(activity);
  const parentId = tree.get(activity.teamOrgId)?.parentId;
  if (!hasRole(principal, 'admin') && !coordinatorCovers(principal, tree, parentId))
    throw new AppError('FORBIDDEN', '超过8小时需要上级组织审核 (the parent organisation decides)');
  const attendee = await deps.attendees.get(activityId, volunteerId);
  if (attendee === undefined || stayOf(attendee) === undefined)
    throw new AppError('NOT_FOUND', '这位志愿者没有参加这个活动 (not at this activity)');
  const saved = await deps.attendees.setOvertime(activityId, volunteerId, {
    approve: request.approve,
    by: principal.userId,
    at: deps.now().toISOString(),
    note: request.reason,
  });
  if (saved === undefined)
    throw new AppError('NOT_FOUND', '这位志愿者没有参加这个活动 (not at this activity)');
  return attendeeView(saved, activity);
}

/**
 * A volunteer's month: their activities, sign-ups vs show-ups, and hours at the door. The volunteer
 * themself, a coordinator over them (else 404) or the office.
 */
export async function volunteerActivities(
  deps: ActivitiesDeps,
  principal: Principal,
  volunteerId: string,
  month: string | undefined,
): Promise<VolunteerActivities> {
  const self = hasRole(principal, 'volunteer') && principal.volunteerId === volunteerId;
  if (!self && !hasRole(principal, 'admin')) {
    if (!hasRole(principal, 'coordinator'))
      throw new AppError('FORBIDDEN', 'You may only see your own activities');
    const [profiles, tree] = await Promise.all([deps.people.profiles([volunteerId]), deps.people.orgTree()]);
    if (!coordinatorCovers(principal, tree, profiles.get(volunteerId)?.orgId))
      throw new AppError('NOT_FOUND', 'No such volunteer');
  }
  const asked = month ?? chinaMonth(deps.now());
  const items = await deps.attendees.ofVolunteer(volunteerId, asked);
  const activities = (
    await Promise.all(
      items.map(async (item) => ({ item, activity: await deps.activities.get(item.activityId) })),
    )
  ).flatMap(({ item, activity }) => {
    if (activity === undefined) return [];
    const hours = sumHours(attendeeDays(item, activity));
    return [
      {
        activityId: activity.activityId,
        title: activity.title,
        status: activity.status,
        start: activity.start,
        end: activity.end,
        address: activity.place.address,
        signUp: item.signUp,
        ...(item.signedInAt === undefined ? {} : { signedInAt: item.signedInAt }),
        ...(item.signedOutAt === undefined ? {} : { signedOutAt: item.signedOutAt }),
        hours,
        ...(activity.cancelReason === undefined ? {} : { cancelReason: activity.cancelReason }),
      },
    ];
  });
  activities.sort((a, b) => a.start.localeCompare(b.start));
  return {
    month: asked,
    activities,
    signUps: activities.filter((a) => a.signUp === 'confirmed').length,
    showUps: activities.filter((a) => a.signedInAt !== undefined).length,
    hours: sumHours(activities.map((a) => ({ date: '', hours: a.hours }))),
  };
}
