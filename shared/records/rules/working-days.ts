import { chinaDate, isRealDate } from '../../platform/china-time';
import { CN_2025 } from './calendar/cn-2025';
import { CN_2026 } from './calendar/cn-2026';
import type { HolidayNotice } from './calendar/notice';

/**
 * China's working days (工作日): Monday to Friday unless the year's State Council notice gives the
 * day off (放假调休), and the weekend days the notice makes working days (调休上班). The notices are
 * data in ./calendar, one file per year, each with its document number, date and address.
 *
 * A year without a notice here (2027 is not out, or was not found, as of 2026-12-04) falls back to
 * plain Monday to Friday; `calendarKnown(year)` says so, so a page can say
 * 「2027年节假日安排尚未公布，按周一至周五计算」. Dates are China dates (YYYY-MM-DD, UTC+8).
 */

/**
 * 《志愿服务记录与证明出具办法（试行）》(民政部令第67号, 2020-12-02, in force 2021-02-01),
 * 第十一条: 「志愿服务组织应当及时记录志愿服务信息。其中志愿服务情况和评价情况，应当在志愿服务活动
 * 结束后10个工作日内完成记录。」 See docs/records-sources.md for where the text was read.
 */
export const RECORD_WITHIN_WORKING_DAYS = 10;

/** The notices this calendar holds, by year. */
export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [CN_2025, CN_2026];

const NOTICE_BY_YEAR = new Map(HOLIDAY_NOTICES.map((notice) => [notice.year, notice]));

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
/** The most working days `deadline` counts forward (about four years): keeps its loop bounded. */
export const DEADLINE_WORKING_DAYS_MAX = 1000;

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00.000Z`) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** 0 Sunday … 6 Saturday. */
const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;
const isMonToFri = (day: number): boolean => {
  const weekday = weekdayOf(day);
  return weekday >= 1 && weekday <= 5;
};

function requireDate(date: string, what: string): void {
  if (!isRealDate(date)) throw new RangeError(`${what} must be a real date YYYY-MM-DD, got ${date}`);
}

/** Every day a run covers, both ends counted. */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = dayNumber(from); day <= dayNumber(to); day += 1) days.push(dateOf(day));
  return days;
}

const HOLIDAYS = new Set(
  HOLIDAY_NOTICES.flatMap((notice) => notice.holidays.flatMap((run) => daysOf(run.from, run.to))),
);
const MAKEUP_WORKDAYS = new Set(
  HOLIDAY_NOTICES.flatMap((notice) => notice.makeupWorkdays.map((item) => item.date)),
);
/** The days whose answer differs from plain Monday to Friday, sorted: -1 a weekday off, +1 a weekend worked. */
const EXCEPTIONS: readonly { date: string; change: -1 | 1 }[] = [
  ...[...HOLIDAYS]
    .filter((date) => isMonToFri(dayNumber(date)))
    .map((date) => ({ date, change: -1 as const })),
  ...[...MAKEUP_WORKDAYS]
    .filter((date) => !isMonToFri(dayNumber(date)))
    .map((date) => ({ date, change: 1 as const })),
].sort((left, right) => left.date.localeCompare(right.date));

/** Whether the State Council's notice for `year` is in this calendar. */
export const calendarKnown = (year: number): boolean => NOTICE_BY_YEAR.has(year);

/** The notice a year's calendar follows, when it is known. */
export const noticeFor = (year: number): HolidayNotice | undefined => NOTICE_BY_YEAR.get(year);

/** The years from `from`'s to `to`'s (China dates) whose calendar is plain Monday to Friday for want of a notice. */
export function yearsAssumed(from: string, to: string): number[] {
  requireDate(from, 'from');
  requireDate(to, 'to');
  const years: number[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
    if (!calendarKnown(year)) years.push(year);
  }
  return years;
}

/** Whether a China date is a working day. */
export function isWorkingDay(date: string): boolean {
  requireDate(date, 'date');
  if (MAKEUP_WORKDAYS.has(date)) return true;
  if (HOLIDAYS.has(date)) return false;
  return isMonToFri(dayNumber(date));
}

/** Monday-to-Friday days before day number `day` (since a fixed Monday far back). */
function weekdaysBefore(day: number): number {
  // 1969-12-29 is a Monday (day -3); counting from a Monday 700 weeks earlier keeps every real date positive.
  const sinceMonday = day + 3 + 7 * 700;
  return Math.floor(sinceMonday / 7) * 5 + Math.min(sinceMonday % 7, 5);
}

/** The China date `now` stands for: a date as it is, an instant read on the China clock. */
const chinaDayOf = (now: string | Date): string =>
  typeof now === 'string' && DATE_ONLY.test(now) ? now : chinaDate(now);

/**
 * How many working days have passed since a service ended on `endDate`: the working days after it,
 * up to and including the China day of `now` (a YYYY-MM-DD date or an instant). The end day itself
 * is not counted; 0 while `now` is on or before it. On the day `deadline(endDate, n)` it is n.
 */
export function workingDaysAfter(endDate: string, now: string | Date): number {
  requireDate(endDate, 'endDate');
  const today = chinaDayOf(now);
  requireDate(today, 'now');
  if (today <= endDate) return 0;
  const plain = weekdaysBefore(dayNumber(today) + 1) - weekdaysBefore(dayNumber(endDate) + 1);
  const changes = EXCEPTIONS.filter((item) => item.date > endDate && item.date <= today).reduce(
    (sum, item) => sum + item.change,
    0,
  );
  return plain + changes;
}

/** The date of the nth working day after `endDate` (n = 0 gives `endDate`). */
export function deadline(endDate: string, n: number): string {
  requireDate(endDate, 'endDate');
  if (!Number.isInteger(n) || n < 0 || n > DEADLINE_WORKING_DAYS_MAX) {
    throw new RangeError(`n must be a whole number from 0 to ${DEADLINE_WORKING_DAYS_MAX}, got ${n}`);
  }
  let day = dayNumber(endDate);
  let counted = 0;
  // No run of days off is longer than two weeks, so 14 days a working day bound the walk.
  for (let step = 0; counted < n; step += 1) {
    if (step > 14 * n + 14) throw new Error(`No ${n}th working day found after ${endDate}`);
    day += 1;
    if (isWorkingDay(dateOf(day))) counted += 1;
  }
  return dateOf(day);
}

/** The last day a service that ended on `endDate` may be recorded on time (order No. 67, art. 11). */
export const recordDeadline = (endDate: string): string => deadline(endDate, RECORD_WITHIN_WORKING_DAYS);

/** Whether recording a service that ended on `endDate` at `now` is later than order No. 67 asks. */
export const recordLate = (endDate: string, now: string | Date): boolean =>
  workingDaysAfter(endDate, now) > RECORD_WITHIN_WORKING_DAYS;
