import type { OrgTree } from '../../people/rules/org-tree';
import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type { ActivityView, AttendeeView } from '../contract/activities';
import type { ActivitiesDeps } from '../port';
import {
  type Activity,
  type Attendee,
  attendeeDays,
  attendeeFlags,
  distanceMetres,
  openToVolunteer,
  sumHours,
} from '../rules/activities';

/** The activity as the API shows it, with its team's, town's and village's names. */
export function activityView(activity: Activity, tree: OrgTree, mine?: Attendee): ActivityView {
  const village = tree.get(activity.place.villageOrgId);
  return {
    activityId: activity.activityId,
    title: activity.title,
    status: activity.status,
    teamOrgId: activity.teamOrgId,
    ...optional('teamName', tree.get(activity.teamOrgId)?.name),
    ...optional('townOrgId', activity.townOrgId),
    ...optional('projectId', activity.projectId),
    ...optional('orderId', activity.orderId),
    place: {
      villageOrgId: activity.place.villageOrgId,
      ...optional('villageName', village?.name),
      address: activity.place.address,
      ...optional('coordinates', activity.place.coordinates),
    },
    start: activity.start,
    end: activity.end,
    capacity: activity.capacity,
    signedUp: activity.signedUp,
    waiting: activity.waiting,
    ...optional('signUpFrom', activity.signUpFrom),
    signUpUntil: activity.signUpUntil,
    openTo: activity.openTo,
    ...optional('description', activity.description),
    ...optional('cancelReason', activity.cancelReason),
    ...optional('recordId', activity.recordId),
    ...optional('recording', activity.recording),
    createdBy: activity.createdBy,
    createdAt: activity.createdAt,
    updatedAt: activity.updatedAt,
    ...(mine === undefined
      ? {}
      : { mine: { signUp: mine.signUp, ...optional('signedInAt', mine.signedInAt) } }),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** One person on the roster: masked name, sign-up, stay, hours and flags. */
export function attendeeView(
  attendee: Attendee,
  activity: Activity,
  waitlistPosition?: number,
): AttendeeView {
  const days = attendeeDays(attendee, activity);
  const target = activity.place.coordinates;
  const distance = (at: Attendee['inAt']) =>
    target === undefined || at === undefined ? undefined : distanceMetres(at, target);
  const late = attendee.late;
  return {
    volunteerId: attendee.volunteerId,
    displayName: maskName(attendee.name ?? ''),
    signUp: attendee.signUp,
    ...optional('signedUpAt', attendee.signedUpAt),
    ...optional('waitlistPosition', attendee.signUp === 'waiting' ? waitlistPosition : undefined),
    ...optional('signedInAt', attendee.signedInAt),
    ...optional('signedOutAt', attendee.signedOutAt),
    ...optional('signedInBy', attendee.signedInBy),
    ...optional('signedOutBy', attendee.signedOutBy),
    ...optional('inDistanceM', distance(attendee.inAt)),
    ...optional('outDistanceM', distance(attendee.outAt)),
    days,
    hours: sumHours(days),
    flags: attendeeFlags(attendee, activity),
    ...(late === undefined
      ? {}
      : {
          lateEntry: {
            signedInAt: late.signedInAt,
            signedOutAt: late.signedOutAt,
            reason: late.reason,
            ...optional('evidenceText', late.evidenceText),
            hasPhoto: late.hasPhoto,
            enteredBy: late.enteredBy,
            enteredAt: late.enteredAt,
            status: late.status,
            ...optional('decidedBy', late.decidedBy),
            ...optional('decidedAt', late.decidedAt),
            ...optional('decisionReason', late.decisionReason),
          },
        }),
    ...optional('overtime', attendee.overtime),
  };
}

/** Waitlist places, 1 first, by when each joined it. */
export function waitlistPositions(attendees: readonly Attendee[]): Map<string, number> {
  const waiting = attendees
    .filter((attendee) => attendee.signUp === 'waiting')
    .sort((a, b) =>
      (a.waitingSince ?? '') === (b.waitingSince ?? '')
        ? a.volunteerId.localeCompare(b.volunteerId)
        : (a.waitingSince ?? '') < (b.waitingSince ?? '')
          ? -1
          : 1,
    );
  return new Map(waiting.map((attendee, index) => [attendee.volunteerId, index + 1]));
}

/** Whether the caller runs this activity: the office, or a coordinator over its team. */
export function manages(principal: Principal, tree: OrgTree, activity: Pick<Activity, 'teamOrgId'>): boolean {
  if (hasRole(principal, 'admin')) return true;
  return (
    hasRole(principal, 'coordinator') &&
    principal.orgId !== undefined &&
    tree.isWithin(activity.teamOrgId, principal.orgId)
  );
}

export const NO_SUCH_ACTIVITY = () => new AppError('NOT_FOUND', '没有这个活动 (no such activity)');

/** The activity, for a caller who runs it; anyone else learns nothing of it (404). */
export async function managedActivity(
  deps: Pick<ActivitiesDeps, 'activities' | 'people'>,
  principal: Principal,
  activityId: string,
): Promise<{ activity: Activity & { lastStep?: { key: string; fingerprint: string } }; tree: OrgTree }> {
  const [activity, tree] = await Promise.all([deps.activities.get(activityId), deps.people.orgTree()]);
  if (activity === undefined || !manages(principal, tree, activity)) throw NO_SUCH_ACTIVITY();
  return { activity, tree };
}

/**
 * The activity, for anyone who may see it: who runs it, and volunteers it is open to (a draft is
 * its team's alone). Volunteers already on its roster see it too.
 */
export async function visibleActivity(
  deps: Pick<ActivitiesDeps, 'activities' | 'people' | 'attendees'>,
  principal: Principal,
  activityId: string,
): Promise<{ activity: Activity; tree: OrgTree; mine?: Attendee | undefined }> {
  const [activity, tree] = await Promise.all([deps.activities.get(activityId), deps.people.orgTree()]);
  if (activity === undefined) throw NO_SUCH_ACTIVITY();
  if (manages(principal, tree, activity)) return { activity, tree };
  const volunteerId = principal.volunteerId;
  if (!hasRole(principal, 'volunteer') || volunteerId === undefined || activity.status === 'draft')
    throw NO_SUCH_ACTIVITY();
  const [mine, profiles] = await Promise.all([
    deps.attendees.get(activityId, volunteerId),
    deps.people.profiles([volunteerId]),
  ]);
  if (mine === undefined && !openToVolunteer(activity, profiles.get(volunteerId)?.orgId, tree))
    throw NO_SUCH_ACTIVITY();
  return { activity, tree, mine };
}

export const activityState = (detail: string, extra?: Record<string, unknown>): AppError =>
  new AppError('ACTIVITY_STATE', detail, extra === undefined ? undefined : { extra });
