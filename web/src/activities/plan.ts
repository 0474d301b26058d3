import type { ActivityView, AttendeeView, Roster } from '../../../shared/activities/contract/activities';
import {
  type ActivityAction,
  type ActivityStatus,
  canActivity,
} from '../../../shared/activities/rules/activity-flow';

/**
 * The activity pages' small rules, pure (no DOM, network or clock): China time as the forms type
 * it, the steps an activity's status allows, the calendar's days, the roster's counts and the
 * buttons of a roster line, the sizes a photo of a paper sheet is tried at. The pages and their
 * reducers (board/, mine/) use them; test/unit/activity-board-state.test.ts tests them.
 */
export type { ActivityAction, ActivityStatus, ActivityView, AttendeeView, Roster };

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** An instant as China's date and clock (the form fields' values): 2026-12-05, 09:00. */
export function chinaParts(iso: string): { date: string; time: string } {
  const shifted = new Date(Date.parse(iso) + CHINA_OFFSET_MS).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** China's date and clock as the API takes them (2026-12-05T09:00:00+08:00), or undefined when not real. */
export function chinaInstant(date: string, time: string): string | undefined {
  if (!DATE.test(date) || !TIME.test(time)) return undefined;
  const text = `${date}T${time}:00+08:00`;
  const at = Date.parse(text);
  // 2026-02-30 parses as March: only a date that reads back the same is real.
  if (!Number.isFinite(at) || chinaParts(new Date(at).toISOString()).date !== date) return undefined;
  return text;
}

/** The day after a China date. */
export function nextDate(date: string): string {
  const at = Date.parse(`${date}T00:00:00Z`);
  return new Date(at + 86_400_000).toISOString().slice(0, 10);
}

export type WindowField = 'date' | 'from' | 'to';

/**
 * When an activity runs, from the form's day and its two clock times: an end earlier than the
 * start is the next morning (an evening activity); the same time twice is a mistake.
 */
export function activityWindow(
  date: string,
  from: string,
  to: string,
): { ok: true; start: string; end: string; overnight: boolean } | { ok: false; field: WindowField } {
  if (!DATE.test(date) || chinaInstant(date, '12:00') === undefined) return { ok: false, field: 'date' };
  const start = chinaInstant(date, from);
  if (start === undefined) return { ok: false, field: 'from' };
  if (!TIME.test(to) || to === from) return { ok: false, field: 'to' };
  const overnight = to < from;
  const end = chinaInstant(overnight ? nextDate(date) : date, to);
  if (end === undefined) return { ok: false, field: 'to' };
  return { ok: true, start, end, overnight };
}

/** A month (YYYY-MM) moved by `delta` months. */
export function shiftMonth(month: string, delta: number): string {
  if (!MONTH.test(month)) return month;
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1 + delta;
  const moved = new Date(Date.UTC(year, index, 1));
  return moved.toISOString().slice(0, 7);
}

/** The steps shown as buttons, in the order an organiser takes them; cancel last (it ends everything). */
const STEP_ORDER: readonly ActivityAction[] = ['publish', 'start', 'finish', 'record', 'reopen', 'cancel'];

/** The steps an activity in `status` may take now (the flow's own rule). */
export const stepActions = (status: ActivityStatus): ActivityAction[] =>
  STEP_ORDER.filter((action) => canActivity(status, action));

/** One China day of the calendar and its activities, earliest first. */
export interface CalendarDay<T> {
  date: string;
  activities: T[];
}

/** The month's activities by China day, days in order, each day's activities by start. */
export function dayGroups<T extends Pick<ActivityView, 'start' | 'activityId'>>(
  activities: readonly T[],
): CalendarDay<T>[] {
  const sorted = [...activities].sort(
    (a, b) => a.start.localeCompare(b.start) || a.activityId.localeCompare(b.activityId),
  );
  const days: CalendarDay<T>[] = [];
  for (const activity of sorted) {
    const date = chinaParts(activity.start).date;
    const last = days[days.length - 1];
    if (last !== undefined && last.date === date) last.activities.push(activity);
    else days.push({ date, activities: [activity] });
  }
  return days;
}

/** The roster's live counts, as the API counts them, after a line changed on the page. */
export function countsOf(attendees: readonly AttendeeView[]): Roster['counts'] {
  const count = (test: (attendee: AttendeeView) => boolean) => attendees.filter(test).length;
  return {
    signedUp: count((a) => a.signUp === 'confirmed'),
    waiting: count((a) => a.signUp === 'waiting'),
    present: count((a) => a.signedInAt !== undefined && a.signedOutAt === undefined),
    signedOut: count((a) => a.signedOutAt !== undefined),
    walkIns: count((a) => a.flags.includes('walk-in')),
    missingSignOut: count((a) => a.flags.includes('missing-sign-out')),
  };
}

/** A roster line with its person's latest state in place (a new person at the end). */
export function withAttendee(attendees: readonly AttendeeView[], changed: AttendeeView): AttendeeView[] {
  const index = attendees.findIndex((attendee) => attendee.volunteerId === changed.volunteerId);
  if (index < 0) return [...attendees, changed];
  return attendees.map((attendee, at) => (at === index ? changed : attendee));
}

/**
 * What the organiser can do for one person on the roster: sign them in or out at the door while
 * it runs; after it finished, only set a forgotten sign-out at the time it happened.
 */
export type RowAction = 'sign-in' | 'sign-out' | 'sign-out-at';

export function rowActions(attendee: AttendeeView, status: ActivityStatus): RowAction[] {
  const inside = attendee.signedInAt !== undefined && attendee.signedOutAt === undefined;
  if (status === 'running') {
    if (attendee.signedInAt === undefined) return attendee.signUp === 'withdrawn' ? [] : ['sign-in'];
    return inside ? ['sign-out', 'sign-out-at'] : [];
  }
  if (status === 'finished') return inside ? ['sign-out-at'] : [];
  return [];
}

/** Whether the person's day over 8 hours waits for a decision on overtime. */
export const needsOvertime = (attendee: AttendeeView): boolean => attendee.flags.includes('needs-approval');

/**
 * What the organiser typed in place of a scan: digits (spaces and dashes forgiven) are a card's
 * number, anything else a volunteer's code as shown under their QR code.
 */
export function codeOrCard(typed: string): { code: string } | { cardNumber: string } | undefined {
  const text = typed.normalize('NFKC').trim();
  if (text === '') return undefined;
  const digits = text.replace(/[\s-]/g, '');
  if (/^\d{4,32}$/.test(digits)) return { cardNumber: digits };
  if (text.length > 256) return undefined;
  return { code: text };
}

/** A door code as typed or pasted: spaces and line breaks dropped, or undefined when empty or too long. */
export function doorCodeOf(typed: string): string | undefined {
  const text = typed.replace(/\s+/g, '');
  return text === '' || text.length > 256 ? undefined : text;
}

/** The photo of a paper sheet goes as a JPEG data URL of at most this many characters. */
export const PHOTO_CHARS_MAX = 48_000;

/**
 * The sizes and qualities a photo is tried at, best first, until one is small enough: the longest
 * side from 1280 px down to 360 px (a sheet's handwriting stays readable as long as it can), JPEG quality 0.7 to 0.35.
 */
export function shrinkSteps(
  width: number,
  height: number,
): { width: number; height: number; quality: number }[] {
  if (!(width > 0 && height > 0)) return [];
  const longest = Math.max(width, height);
  const steps: { width: number; height: number; quality: number }[] = [];
  for (const side of [1280, 1024, 800, 640, 480, 360]) {
    const scale = Math.min(1, side / longest);
    const size = {
      width: Math.max(1, Math.round(width * scale)),
      height: Math.max(1, Math.round(height * scale)),
    };
    if (steps.some((step) => step.width === size.width && step.height === size.height)) continue;
    for (const quality of [0.7, 0.5, 0.35]) steps.push({ ...size, quality });
  }
  return steps;
}
