import { QUARTERS_PER_HOUR } from '../../earning/rules/points';
import { chinaDate, chinaDayEnd } from '../../platform/china-time';

/**
 * Hours counted at the door (活动签到): from a volunteer's sign-in to their sign-out, clipped to
 * the activity's window, split at China midnight (an activity across midnight counts on each day),
 * each day's part rounded down to a quarter-hour. Then the day's limits: up to 8 hours count
 * directly, 8 to 12 only with the approval of the parent organisation's coordinator, more than 12
 * are refused. The thresholds are the product's rule for the county (the 六单/activities issue of
 * December 2026), kept here in one place.
 */
export const HOURS_DIRECT_MAX = 8;
export const HOURS_WITH_APPROVAL_MAX = 12;

const QUARTER_MS = (60 / QUARTERS_PER_HOUR) * 60 * 1000;

export interface Window {
  start: string;
  end: string;
}

/** One China day's counted hours of one stay. */
export interface DayHours {
  date: string;
  hours: number;
}

/**
 * The hours of one stay (sign-in to sign-out) inside the activity's window, per China day, each
 * rounded down to a quarter-hour; days with less than a quarter-hour counted are left out.
 */
export function hoursAtTheDoor(stay: Window, activity: Window): DayHours[] {
  const from = Math.max(Date.parse(stay.start), Date.parse(activity.start));
  const to = Math.min(Date.parse(stay.end), Date.parse(activity.end));
  const days: DayHours[] = [];
  let cursor = from;
  while (cursor < to) {
    const date = chinaDate(new Date(cursor));
    const dayEnd = Math.min(chinaDayEnd(date).getTime(), to);
    const quarters = Math.floor((dayEnd - cursor) / QUARTER_MS);
    if (quarters > 0) days.push({ date, hours: quarters / QUARTERS_PER_HOUR });
    cursor = dayEnd;
  }
  return days;
}

export type DayVerdict = 'counts' | 'needs-approval' | 'refused';

/** What a volunteer's total for one China day may become: direct, approved by the parent org, or refused. */
export function dayVerdict(hours: number): DayVerdict {
  if (hours <= HOURS_DIRECT_MAX) return 'counts';
  if (hours <= HOURS_WITH_APPROVAL_MAX) return 'needs-approval';
  return 'refused';
}

/** The days a volunteer's stays add up to, summed per China day (several stays, several activities). */
export function hoursPerDay(stays: readonly DayHours[][]): DayHours[] {
  const byDay = new Map<string, number>();
  for (const stay of stays)
    for (const day of stay) byDay.set(day.date, (byDay.get(day.date) ?? 0) + day.hours);
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([date, hours]) => ({ date, hours }));
}
