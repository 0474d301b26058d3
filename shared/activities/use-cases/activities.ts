import { createHash } from 'node:crypto';
import { chinaDate, chinaMonth, chinaTime } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type {
  ActivityList,
  ActivityListQuery,
  ActivityStepRequest,
  ActivityView,
  CreateActivityRequest,
} from '../contract/activities';
import type { ActivitiesDeps } from '../port';
import {
  type Activity,
  type Attendee,
  CALENDAR_ACTIVITIES_MAX,
  openToVolunteer,
  planRecording,
  townOf,
} from '../rules/activities';
import { ACTIVITY_TRANSITIONS, canActivity } from '../rules/activity-flow';
import { activityState, activityView, managedActivity, manages, visibleActivity } from './views';

/** People whose other activities are read at once when an activity is recorded. */
const RECORDING_READ_CONCURRENCY = 16;

type Idempotency = { key: string; fingerprint: string };

const validation = (path: string, message: string, detail: string) =>
  new AppError('VALIDATION_FAILED', detail, { fields: [{ path, message }] });

/** An activity's id, made from who asked and their Idempotency-Key: the same request makes it once. */
const activityIdFor = (userId: string, key: string): string =>
  createHash('sha256').update(`activity\n${userId}\n${key}`).digest('base64url').slice(0, 16);

/**
 * A team's coordinator (or the office) plans an activity, as a draft: its team must be theirs,
 * its place a village or town of the tree, its order (when it serves one) an order that exists.
 */
export async function createActivity(
  deps: ActivitiesDeps,
  principal: Principal,
  request: CreateActivityRequest,
  idempotency: Idempotency,
): Promise<ActivityView> {
  const activityId = activityIdFor(principal.userId, idempotency.key);
  const tree = await deps.people.orgTree();
  const replay = async () => {
    const existing = await deps.activities.get(activityId);
    if (existing === undefined) return undefined;
    if (existing.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another activity');
    return activityView(existing, tree);
  };
  const replayed = await replay();
  if (replayed !== undefined) return replayed;
  if (tree.get(request.teamOrgId) === undefined)
    throw validation('body.teamOrgId', 'no such organisation', '没有这个队伍 (no such team)');
  if (!manages(principal, tree, { teamOrgId: request.teamOrgId }))
    throw new AppError('FORBIDDEN', '只能为本组织的队伍安排活动 (the team is outside your organisation)');
  const village = tree.get(request.place.villageOrgId);
  if (village === undefined || (village.level !== 'village' && village.level !== 'town'))
    throw validation(
      'body.place.villageOrgId',
      'not a village or town',
      '请选择活动所在的村或镇 (choose a village or town)',
    );
  if (request.orderId !== undefined) {
    const order = await deps.orders.teamOf(request.orderId);
    if (order === undefined) throw validation('body.orderId', 'no such order', '没有这一单 (no such order)');
    if (order.teamOrgId === undefined || !tree.isWithin(request.teamOrgId, order.teamOrgId))
      throw validation(
        'body.orderId',
        'dispatched to another team',
        '这一单没有派给这个队伍 (the order is not dispatched to this team)',
      );
  }
  const at = deps.now().toISOString();
  const start = new Date(request.start).toISOString();
  const end = new Date(request.end).toISOString();
  const activity: Activity & { createdWith: string } = {
    activityId,
    title: request.title,
    status: 'draft',
    version: 1,
    teamOrgId: request.teamOrgId,
    townOrgId: townOf(tree, request.place.villageOrgId) ?? townOf(tree, request.teamOrgId),
    projectId: request.projectId,
    orderId: request.orderId,
    place: request.place,
    start,
    end,
    capacity: request.capacity,
    signedUp: 0,
    waiting: 0,
    signUpFrom: request.signUpFrom === undefined ? undefined : new Date(request.signUpFrom).toISOString(),
    signUpUntil: request.signUpUntil === undefined ? start : new Date(request.signUpUntil).toISOString(),
    openTo: request.openTo,
    description: request.description,
    createdBy: principal.userId,
    createdAt: at,
    updatedAt: at,
    createdWith: idempotency.fingerprint,
  };
  if (await deps.activities.create(activity)) return activityView(activity, tree);
  const raced = await replay();
  if (raced === undefined) throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
  return raced;
}

export async function getActivity(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
): Promise<ActivityView> {
  const { activity, tree, mine } = await visibleActivity(deps, principal, activityId);
  return activityView(activity, tree, mine);
}

/**
 * The calendar of one China month (月月有主题): the office sees the county, a coordinator their
 * subtree, a volunteer what is open to them (no drafts) with their own place in each.
 */
export async function listActivities(
  deps: ActivitiesDeps,
  principal: Principal,
  query: ActivityListQuery,
): Promise<ActivityList> {
  const month = query.month ?? chinaMonth(deps.now());
  const [all, tree] = await Promise.all([
    deps.activities.month(month, CALENDAR_ACTIVITIES_MAX),
    deps.people.orgTree(),
  ]);
  const picked = all.filter(
    (activity) =>
      (query.townOrgId === undefined || activity.townOrgId === query.townOrgId) &&
      (query.status === undefined || activity.status === query.status),
  );
  const staff = hasRole(principal, 'admin') || hasRole(principal, 'coordinator');
  if (staff && !hasRole(principal, 'volunteer')) {
    return {
      month,
      activities: picked
        .filter((activity) => manages(principal, tree, activity))
        .map((a) => activityView(a, tree)),
    };
  }
  const volunteerId = principal.volunteerId;
  if (volunteerId === undefined) return { month, activities: [] };
  const [profiles, mine] = await Promise.all([
    deps.people.profiles([volunteerId]),
    deps.attendees.ofVolunteer(volunteerId, month),
  ]);
  const orgId = profiles.get(volunteerId)?.orgId;
  const byActivity = new Map(mine.map((attendee) => [attendee.activityId, attendee]));
  return {
    month,
    activities: picked
      .filter(
        (activity) =>
          manages(principal, tree, activity) ||
          byActivity.has(activity.activityId) ||
          (activity.status !== 'draft' && openToVolunteer(activity, orgId, tree)),
      )
      .map((activity) => activityView(activity, tree, byActivity.get(activity.activityId))),
  };
}

/**
 * One step of an activity's life (publish, start, finish, reopen, cancel, record), by who runs it.
 * The same Idempotency-Key and body again answer the activity as it is; a step that no longer fits
 * is 409 ACTIVITY_STATE.
 */
export async function actOnActivity(
  deps: ActivitiesDeps,
  principal: Principal,
  activityId: string,
  request: ActivityStepRequest,
  idempotency: Idempotency,
): Promise<ActivityView> {
  const { activity, tree } = await managedActivity(deps, principal, activityId);
  const replayed = activity.lastStep?.key === idempotency.key;
  if (replayed && activity.lastStep?.fingerprint !== idempotency.fingerprint)
    throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another step');
  // A recording whose service record was not made yet (an answer lost on the way) is finished by
  // the next record step, whatever its key.
  if (request.action === 'record' && activity.status === 'recorded' && awaitsRecord(activity)) {
    await makeRecord(deps, principal, activity, tree);
    return activityView((await deps.activities.get(activityId)) ?? activity, tree);
  }
  if (replayed) {
    if (request.action === 'start') await putOrderInService(deps, principal, activity);
    return activityView(activity, tree);
  }
  if (!canActivity(activity.status, request.action))
    throw activityState(
      `活动现在是「${activity.status}」，不能${request.action} (the activity is ${activity.status})`,
      { status: activity.status },
    );
  const at = deps.now().toISOString();
  const step = { key: idempotency.key, fingerprint: idempotency.fingerprint };
  const change =
    request.action === 'record'
      ? await recording(deps, activity)
      : request.action === 'cancel'
        ? { cancelReason: request.reason }
        : {};
  const next = ACTIVITY_TRANSITIONS[request.action].to;
  const moved = await deps.activities.transition(
    { activityId, version: activity.version, statuses: ACTIVITY_TRANSITIONS[request.action].from },
    { ...change, status: next, updatedAt: at, step },
  );
  const now = await deps.activities.get(activityId);
  if (now === undefined) throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
  if (!moved && now.lastStep?.key !== idempotency.key)
    throw activityState('活动刚被别人改过，请刷新后再试 (the activity changed meanwhile)', {
      status: now.status,
    });
  if (request.action === 'start') await putOrderInService(deps, principal, now);
  if (request.action === 'record' && awaitsRecord(now)) {
    await makeRecord(deps, principal, now, tree);
    return activityView((await deps.activities.get(activityId)) ?? now, tree);
  }
  return activityView(now, tree);
}

const awaitsRecord = (activity: Activity): boolean =>
  activity.recordId === undefined && (activity.recordEntries?.length ?? 0) > 0;

/**
 * The order an activity serves is in service (服务中) once the activity starts, in the order's own
 * timeline; taken only while the order is accepted, so a retried start adds no second line.
 */
async function putOrderInService(deps: ActivitiesDeps, principal: Principal, activity: Activity) {
  if (activity.orderId === undefined) return;
  const order = await deps.orders.teamOf(activity.orderId);
  if (order?.status !== 'accepted') return;
  const served = await deps.orders.serve(
    activity.orderId,
    { name: activity.title, date: chinaDate(activity.start) },
    principal,
  );
  if (!served)
    logger.info('order not moved to in service', {
      activityId: activity.activityId,
      orderId: activity.orderId,
    });
}

/**
 * What recording comes to (rules/activities.ts planRecording), kept on the activity as it becomes
 * recorded; held up (409) while a 补录 or a day over 8 hours waits for its decision.
 */
async function recording(
  deps: ActivitiesDeps,
  activity: Activity,
): Promise<Pick<Activity, 'recording' | 'recordEntries'>> {
  const roster = await deps.attendees.roster(activity.activityId);
  const others = await otherDays(deps, activity, roster);
  const plan = planRecording(
    activity,
    roster,
    (volunteerId, date) => others.get(`${volunteerId}#${date}`) ?? 0,
  );
  if (plan.blocking.length > 0)
    throw activityState('还有补录或超时待审核，审核后才能登记 (decisions are still pending)', {
      blocking: plan.blocking.slice(0, 100),
    });
  const hours = plan.entries.reduce((sum, entry) => sum + Math.round(entry.hours * 4), 0) / 4;
  return {
    recording: { entries: plan.entries.length, hours, leftOut: plan.leftOut.slice(0, 200) },
    recordEntries: plan.entries,
  };
}

/**
 * The recorded attendance becomes one service record through the earning area (its approval moves
 * the points), under the activity's own idempotency scope: made once, whoever records it and
 * however often; then the activity names it.
 */
async function makeRecord(
  deps: ActivitiesDeps,
  principal: Principal,
  activity: Activity,
  tree: Awaited<ReturnType<ActivitiesDeps['people']['orgTree']>>,
): Promise<void> {
  const entries = activity.recordEntries ?? [];
  const village = tree.get(activity.place.villageOrgId)?.name;
  const [profiles, staff] = await Promise.all([
    deps.people.profiles(entries.map((entry) => entry.volunteerId)),
    deps.people.staffNames([activity.createdBy]),
  ]);
  const responsible = staff.get(activity.createdBy);
  const allInTeam = entries.every((entry) =>
    tree.isWithin(profiles.get(entry.volunteerId)?.orgId ?? '', activity.teamOrgId),
  );
  const made = await deps.records.submit(
    {
      activity: {
        name: activity.title,
        date: chinaDate(activity.start),
        projectId: activity.projectId,
        orderId: activity.orderId,
        activityId: activity.activityId,
        place: [village, activity.place.address].filter((part) => part !== undefined).join(' '),
        // Order No. 67 第七条: its start and end (the end when it is the same China day), and who
        // answered for it (the staff member who planned it).
        ...serviceTimes(activity.start, activity.end),
        ...(responsible === undefined ? {} : { responsible }),
      },
      entries,
      // Walk-ins from elsewhere: the record belongs to the lowest organisation holding everyone.
      ...(allInTeam ? { orgId: activity.teamOrgId } : {}),
    },
    { userId: principal.userId },
    `activity-${activity.activityId}`,
  );
  if (made.status >= 300) {
    const body = made.body as { detail?: string };
    throw activityState(`登记失败：${body.detail ?? made.status} (the service record was refused)`);
  }
  await deps.activities.nameRecord(activity.activityId, String((made.body as { id: string }).id));
}

/**
 * Each person's door hours at their other activities, per China day, over the months this one
 * spans; hours at a cancelled activity count nothing.
 */
async function otherDays(
  deps: ActivitiesDeps,
  activity: Activity,
  roster: readonly Attendee[],
): Promise<Map<string, number>> {
  const months = [...new Set([chinaMonth(activity.start), chinaMonth(activity.end)])];
  const people = roster.filter(
    (attendee) => attendee.signedInAt !== undefined || attendee.late !== undefined,
  );
  const items: Attendee[] = [];
  for (let index = 0; index < people.length; index += RECORDING_READ_CONCURRENCY) {
    const batch = people.slice(index, index + RECORDING_READ_CONCURRENCY);
    const lists = await Promise.all(
      batch.flatMap((person) => months.map((month) => deps.attendees.ofVolunteer(person.volunteerId, month))),
    );
    items.push(
      ...lists
        .flat()
        .filter((item) => item.activityId !== activity.activityId && (item.days?.length ?? 0) > 0),
    );
  }
  const otherIds = [...new Set(items.map((item) => item.activityId))];
  const cancelled = new Set<string>();
  for (let index = 0; index < otherIds.length; index += RECORDING_READ_CONCURRENCY) {
    const found = await Promise.all(
      otherIds.slice(index, index + RECORDING_READ_CONCURRENCY).map((id) => deps.activities.get(id)),
    );
    for (const other of found) if (other?.status === 'cancelled') cancelled.add(other.activityId);
  }
  const totals = new Map<string, number>();
  for (const item of items) {
    if (cancelled.has(item.activityId)) continue;
    for (const day of item.days ?? []) {
      const key = `${item.volunteerId}#${day.date}`;
      totals.set(key, (totals.get(key) ?? 0) + day.hours);
    }
  }
  return totals;
}

/** An activity's start and end as clock times on the China day it starts; no end past midnight. */
export function serviceTimes(start: string, end: string): { startTime: string; endTime?: string } {
  const startTime = chinaTime(start);
  const endTime = chinaTime(end);
  return chinaDate(start) === chinaDate(end) && endTime > startTime ? { startTime, endTime } : { startTime };
}
