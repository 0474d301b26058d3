import type { OrgTree } from '../../people/rules/org-tree';
import type { ActivityStatus } from './activity-flow';
import {
  type DayHours,
  dayVerdict,
  HOURS_DIRECT_MAX,
  HOURS_WITH_APPROVAL_MAX,
  hoursAtTheDoor,
} from './hours';

/**
 * The rules of an activity's people: who may see and join it, when a scan counts, how far is far,
 * and what its attendance comes to when it is recorded. Pure: the store's conditions enforce the
 * parts that race (capacity, one sign-in per person), tested together in
 * test/integration/activities.test.ts.
 */

/** Places one activity may offer; more people wait (a town rally is a few hundred). */
export const ACTIVITY_CAPACITY_MAX = 1000;
/** People one activity's roster holds at most: places, the waitlist and walk-ins. */
export const ACTIVITY_ATTENDEES_MAX = 2000;
/** The waitlist's length at most. */
export const WAITLIST_MAX = 500;
/** An activity lasts at most a day (one across midnight counts on each day). */
export const ACTIVITY_HOURS_MAX = 24;
/** Evidence of a 补录: up to 500 characters of text, a JPEG of about 30 KB (the page shrinks the photo). */
export const EVIDENCE_TEXT_MAX = 500;
export const EVIDENCE_PHOTO_CHARS_MAX = 48_000;
/** Activities read for one month's calendar at most. */
export const CALENDAR_ACTIVITIES_MAX = 500;

/**
 * How long the door trusts an activity it read as running: a scan up to this long after the
 * organiser finished may still sign in (the roster shows it), and a rally's scans read the activity
 * once every few seconds instead of once each.
 */
export const DOOR_MEMORY_MS = 5_000;

/**
 * A scan within this long after signing in changes nothing (a double scan, a second tap): under a
 * quarter-hour counts nothing anyway, so ten minutes loses no hours and saves an accidental sign-out.
 */
export const REPEAT_SCAN_MS = 10 * 60 * 1000;

/**
 * Farther than this from the activity's place, a scan is flagged for the organiser — never refused:
 * a phone's position in a village is often off by hundreds of metres (the product's rule).
 */
export const FAR_AWAY_METRES = 1000;

export type SignUp = 'confirmed' | 'waiting' | 'withdrawn' | 'none';
export type Actor = 'self' | 'organiser' | 'late';

export interface Coordinates {
  lat: number;
  lng: number;
}

/** An activity as kept. */
export interface Activity {
  activityId: string;
  title: string;
  status: ActivityStatus;
  version: number;
  teamOrgId: string;
  townOrgId?: string | undefined;
  projectId?: string | undefined;
  orderId?: string | undefined;
  place: { villageOrgId: string; address: string; coordinates?: Coordinates | undefined };
  start: string;
  end: string;
  capacity: number;
  signedUp: number;
  waiting: number;
  signUpFrom?: string | undefined;
  signUpUntil: string;
  openTo: 'team' | 'county';
  description?: string | undefined;
  cancelReason?: string | undefined;
  recordId?: string | undefined;
  /** What recording came to: entries, hours, and who was left out and why. */
  recording?:
    | { entries: number; hours: number; leftOut: { volunteerId: string; why: LeftOutWhy }[] }
    | undefined;
  /** The entries recording made, kept until the service record names them (then `recordId`). */
  recordEntries?: { volunteerId: string; hours: number; late: boolean }[] | undefined;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface LateEntry {
  signedInAt: string;
  signedOutAt: string;
  reason: string;
  evidenceText?: string | undefined;
  hasPhoto: boolean;
  enteredBy: string;
  enteredAt: string;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy?: string | undefined;
  decidedAt?: string | undefined;
  decisionReason?: string | undefined;
}

export interface Overtime {
  approve: boolean;
  by: string;
  at: string;
  note?: string | undefined;
}

/** One person's item of one activity: their sign-up and their stay at the door. */
export interface Attendee {
  activityId: string;
  volunteerId: string;
  /** Kept at sign-up and by the organiser; a volunteer's own scan leaves it to the roster's lookup. */
  name?: string | undefined;
  signUp: SignUp;
  signedUpAt?: string | undefined;
  /** When they joined the waitlist (its order). */
  waitingSince?: string | undefined;
  /** When a freed place moved them up from the waitlist. */
  promotedAt?: string | undefined;
  signedInAt?: string | undefined;
  signedOutAt?: string | undefined;
  signedInBy?: Actor | undefined;
  signedOutBy?: Actor | undefined;
  inAt?: Coordinates | undefined;
  outAt?: Coordinates | undefined;
  /** The door hours per China day, kept at sign-out (for the day's total over all activities). */
  days?: DayHours[] | undefined;
  late?: LateEntry | undefined;
  overtime?: Overtime | undefined;
  /** The activity's start, copied for the volunteer's own list (sorted by it). */
  activityStart: string;
}

/** Whether a volunteer of `volunteerOrgId` sees (and may sign up for) the activity. */
export function openToVolunteer(
  activity: Pick<Activity, 'openTo' | 'teamOrgId'>,
  volunteerOrgId: string | undefined,
  tree: OrgTree,
): boolean {
  if (activity.openTo === 'county') return true;
  if (volunteerOrgId === undefined) return false;
  return (
    tree.isWithin(volunteerOrgId, activity.teamOrgId) || tree.isWithin(activity.teamOrgId, volunteerOrgId)
  );
}

/** The town an organisation lies in (itself when it is one), for the calendar by town. */
export function townOf(tree: OrgTree, orgId: string): string | undefined {
  return tree.pathOf(orgId).find((id) => tree.get(id)?.level === 'town');
}

/** Whether sign-up is open at `now`: recruiting, and inside the sign-up window. */
export function signUpWindowOpen(activity: Pick<Activity, 'signUpFrom' | 'signUpUntil'>, now: Date): boolean {
  const at = now.getTime();
  if (activity.signUpFrom !== undefined && at < Date.parse(activity.signUpFrom)) return false;
  return at <= Date.parse(activity.signUpUntil);
}

/** Metres between two points on the Earth (haversine, mean radius 6,371 km). */
export function distanceMetres(a: Coordinates, b: Coordinates): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return Math.round(2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h))));
}

/** What the next scan of someone does: sign in, sign out, or nothing (a repeat, or already out). */
export function nextScan(attendee: Pick<Attendee, 'signedInAt' | 'signedOutAt'> | undefined, now: Date) {
  if (attendee?.signedInAt === undefined) return 'sign-in' as const;
  if (attendee.signedOutAt !== undefined) return 'unchanged' as const;
  return now.getTime() - Date.parse(attendee.signedInAt) < REPEAT_SCAN_MS
    ? ('unchanged' as const)
    : ('sign-out' as const);
}

/** The stay that counts: an approved 补录's times, else the door's. */
export function stayOf(attendee: Attendee): { start: string; end?: string | undefined } | undefined {
  if (attendee.late?.status === 'approved')
    return { start: attendee.late.signedInAt, end: attendee.late.signedOutAt };
  if (attendee.signedInAt === undefined) return undefined;
  return { start: attendee.signedInAt, end: attendee.signedOutAt };
}

/** The hours of one attendee at this activity, per China day (empty until a stay has an end). */
export function attendeeDays(attendee: Attendee, window: Pick<Activity, 'start' | 'end'>): DayHours[] {
  const stay = stayOf(attendee);
  if (stay?.end === undefined) return [];
  return hoursAtTheDoor({ start: stay.start, end: stay.end }, window);
}

export const sumHours = (days: readonly DayHours[]): number =>
  days.reduce((sum, day) => sum + Math.round(day.hours * 4), 0) / 4;

export type AttendeeFlag =
  | 'walk-in'
  | 'far-away'
  | 'missing-sign-out'
  | 'late-entry'
  | 'late-pending'
  | 'late-rejected'
  | 'needs-approval'
  | 'over-limit'
  | 'overtime-approved'
  | 'overtime-refused';

/** What the roster shows next to a name (the day limits here count this activity's hours only). */
export function attendeeFlags(
  attendee: Attendee,
  activity: Pick<Activity, 'start' | 'end' | 'status' | 'place'>,
): AttendeeFlag[] {
  const flags: AttendeeFlag[] = [];
  if (attendee.signedInAt !== undefined && attendee.signUp !== 'confirmed') flags.push('walk-in');
  const target = activity.place.coordinates;
  if (
    target !== undefined &&
    [attendee.inAt, attendee.outAt].some(
      (at) => at !== undefined && distanceMetres(at, target) > FAR_AWAY_METRES,
    )
  )
    flags.push('far-away');
  if (
    attendee.signedInAt !== undefined &&
    attendee.signedOutAt === undefined &&
    attendee.late?.status !== 'approved' &&
    activity.status !== 'running'
  )
    flags.push('missing-sign-out');
  if (attendee.late !== undefined) {
    flags.push('late-entry');
    if (attendee.late.status === 'pending') flags.push('late-pending');
    if (attendee.late.status === 'rejected') flags.push('late-rejected');
  }
  const most = Math.max(0, ...attendeeDays(attendee, activity).map((day) => day.hours));
  if (dayVerdict(most) !== 'counts') {
    if (attendee.overtime === undefined) flags.push('needs-approval');
    if (dayVerdict(most) === 'refused') flags.push('over-limit');
  }
  if (attendee.overtime !== undefined)
    flags.push(attendee.overtime.approve ? 'overtime-approved' : 'overtime-refused');
  return flags;
}

export type LeftOutWhy = 'missing-sign-out' | 'too-short' | 'late-rejected' | 'over-limit';
export type BlockingWhy = 'late-pending' | 'needs-approval';

export interface RecordingPlan {
  entries: { volunteerId: string; hours: number; late: boolean }[];
  leftOut: { volunteerId: string; why: LeftOutWhy }[];
  /** What must be decided before the activity can be recorded. */
  blocking: { volunteerId: string; why: BlockingWhy }[];
}

const quarters = (hours: number): number => Math.round(hours * 4);

/**
 * What an activity's attendance comes to (考核 at the door). For each person with a stay: the hours
 * per China day; each day with their hours at other activities that day (`otherHours`): up to 8
 * count directly; 8–12 need the parent organisation's approval (without it, the day counts up to 8);
 * never more than 12 in a day. A pending 补录 or an undecided approval holds the recording up; a
 * missing sign-out, a rejected 补录 or a day with nothing left count nothing and are listed.
 */
export function planRecording(
  activity: Pick<Activity, 'start' | 'end'>,
  attendees: readonly Attendee[],
  otherHours: (volunteerId: string, date: string) => number,
): RecordingPlan {
  const plan: RecordingPlan = { entries: [], leftOut: [], blocking: [] };
  for (const attendee of attendees) {
    if (attendee.late?.status === 'pending') {
      plan.blocking.push({ volunteerId: attendee.volunteerId, why: 'late-pending' });
      continue;
    }
    const stay = stayOf(attendee);
    if (stay === undefined) {
      if (attendee.late?.status === 'rejected')
        plan.leftOut.push({ volunteerId: attendee.volunteerId, why: 'late-rejected' });
      continue;
    }
    if (stay.end === undefined) {
      plan.leftOut.push({ volunteerId: attendee.volunteerId, why: 'missing-sign-out' });
      continue;
    }
    const days = hoursAtTheDoor({ start: stay.start, end: stay.end }, activity);
    let counted = 0;
    let blocked = false;
    let overLimit = false;
    for (const day of days) {
      const others = quarters(otherHours(attendee.volunteerId, day.date));
      const own = quarters(day.hours);
      const verdict = dayVerdict((others + own) / 4);
      if (verdict === 'counts') {
        counted += own;
        continue;
      }
      if (attendee.overtime === undefined) {
        blocked = true;
        continue;
      }
      const ceiling = (attendee.overtime.approve ? HOURS_WITH_APPROVAL_MAX : HOURS_DIRECT_MAX) * 4;
      const room = Math.max(0, ceiling - others);
      if (own > room) overLimit = overLimit || attendee.overtime.approve;
      counted += Math.min(own, room);
    }
    if (blocked) {
      plan.blocking.push({ volunteerId: attendee.volunteerId, why: 'needs-approval' });
      continue;
    }
    if (counted === 0) {
      plan.leftOut.push({ volunteerId: attendee.volunteerId, why: overLimit ? 'over-limit' : 'too-short' });
      continue;
    }
    plan.entries.push({
      volunteerId: attendee.volunteerId,
      hours: counted / 4,
      late: attendee.late?.status === 'approved',
    });
  }
  return plan;
}
