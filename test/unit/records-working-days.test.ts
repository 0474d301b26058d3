import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HolidayNotice } from '../../shared/records/rules/calendar/notice';
import {
  calendarKnown,
  deadline,
  HOLIDAY_NOTICES,
  isWorkingDay,
  noticeFor,
  RECORD_WITHIN_WORKING_DAYS,
  recordDeadline,
  recordLate,
  workingDaysAfter,
  yearsAssumed,
} from '../../shared/records/rules/working-days';

const DAY_MS = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const WEEKDAYS = '日一二三四五六';

const days = (from: string, to: string): string[] =>
  Array.from({ length: dayOf(to) - dayOf(from) + 1 }, (_, index) => dateOf(dayOf(from) + index));

/** Every date a notice item names, with the weekday it gives in brackets: 2月15日（农历腊月二十八、周日）. */
function datesNamed(year: number, text: string): { date: string; weekday: string }[] {
  let month = 0;
  return [...text.matchAll(/(?:(\d+)月)?(\d+)日（([^）]*)）/g)].map((match) => {
    month = match[1] === undefined ? month : Number(match[1]);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(Number(match[2])).padStart(2, '0')}`;
    return { date, weekday: (match[3] ?? '').split('、').at(-1) ?? '' };
  });
}

describe.each(HOLIDAY_NOTICES.map((notice) => [notice.year, notice] as [number, HolidayNotice]))(
  'the %d notice, as data',
  (year, notice) => {
    it('carries its document number, date and address', () => {
      expect(notice.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
      expect(notice.publishedOn < `${year}-01-01`).toBe(true);
      expect(notice.url).toMatch(/^https:\/\/www\.gov\.cn\//);
      expect(notice.title).toBe(`国务院办公厅关于${year}年部分节假日安排的通知`);
    });

    it.each(notice.holidays.map((run) => [run.festival, run]))(
      '%s: dates and weekdays as the text says',
      (_, run) => {
        const named = datesNamed(year, run.text);
        for (const { date, weekday } of named)
          expect(`周${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}`, date).toBe(weekday);
        const [offSentence = '', workSentence] = run.text.split('。');
        const off = datesNamed(year, offSentence);
        expect(run.from).toBe(off[0]?.date);
        expect(run.to).toBe((off[1] ?? off[0])?.date);
        const total = /共(\d+)天/.exec(offSentence)?.[1] ?? (/放假1天/.test(offSentence) ? '1' : '');
        expect(days(run.from, run.to)).toHaveLength(Number(total));
        const worked = workSentence?.includes('上班')
          ? datesNamed(year, workSentence).map((item) => item.date)
          : [];
        const listed = notice.makeupWorkdays
          .filter((item) => item.festival === run.festival)
          .map((item) => item.date);
        expect(listed).toEqual(worked);
      },
    );

    it('makes only weekend days working days, and gives every listed day its answer', () => {
      for (const { date } of notice.makeupWorkdays) {
        expect([0, 6]).toContain(new Date(`${date}T00:00:00Z`).getUTCDay());
        expect(isWorkingDay(date), date).toBe(true);
      }
      for (const run of notice.holidays)
        for (const date of days(run.from, run.to)) {
          expect(date.startsWith(`${year}-`)).toBe(true);
          expect(isWorkingDay(date), date).toBe(false);
        }
    });
  },
);

describe('2026, exactly as 国办发明电〔2025〕7号 says', () => {
  it('knows 2025 and 2026, and says which notice 2026 follows', () => {
    expect(calendarKnown(2025)).toBe(true);
    expect(calendarKnown(2026)).toBe(true);
    expect(noticeFor(2026)?.number).toBe('国办发明电〔2025〕7号');
    expect(noticeFor(2026)?.publishedOn).toBe('2025-11-04');
  });

  it('Spring Festival: 2月15日 to 23日 off, Saturdays 2月14日 and 2月28日 worked', () => {
    expect(isWorkingDay('2026-02-13')).toBe(true);
    expect(isWorkingDay('2026-02-14')).toBe(true);
    for (const date of days('2026-02-15', '2026-02-23')) expect(isWorkingDay(date), date).toBe(false);
    expect(isWorkingDay('2026-02-24')).toBe(true);
    expect(isWorkingDay('2026-02-28')).toBe(true);
    expect(isWorkingDay('2026-03-01')).toBe(false);
  });

  it('National Day: 10月1日 to 7日 off, Sunday 9月20日 and Saturday 10月10日 worked', () => {
    expect(isWorkingDay('2026-09-19')).toBe(false);
    expect(isWorkingDay('2026-09-20')).toBe(true);
    expect(isWorkingDay('2026-09-25')).toBe(false);
    expect(isWorkingDay('2026-09-30')).toBe(true);
    for (const date of days('2026-10-01', '2026-10-07')) expect(isWorkingDay(date), date).toBe(false);
    expect(isWorkingDay('2026-10-08')).toBe(true);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-10-11')).toBe(false);
  });

  it('the other make-up days: 1月4日 (Sunday) and 5月9日 (Saturday)', () => {
    expect(isWorkingDay('2026-01-02')).toBe(false);
    expect(isWorkingDay('2026-01-04')).toBe(true);
    expect(isWorkingDay('2026-05-05')).toBe(false);
    expect(isWorkingDay('2026-05-09')).toBe(true);
  });

  it('2025 follows its own notice: 1月26日 worked, 10月8日 off, 10月11日 worked', () => {
    expect(isWorkingDay('2025-01-26')).toBe(true);
    expect(isWorkingDay('2025-10-08')).toBe(false);
    expect(isWorkingDay('2025-10-11')).toBe(true);
  });
});

describe('a year without a notice', () => {
  it('is plain Monday to Friday, and says so', () => {
    expect(calendarKnown(2027)).toBe(false);
    expect(calendarKnown(2024)).toBe(false);
    expect(isWorkingDay('2027-01-01')).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false);
    expect(yearsAssumed('2026-12-20', '2027-01-10')).toEqual([2027]);
    expect(yearsAssumed('2025-01-01', '2026-12-31')).toEqual([]);
  });
});

describe('order No. 67: recorded within 10 working days after the service ends', () => {
  it('is 10 working days', () => {
    expect(RECORD_WITHIN_WORKING_DAYS).toBe(10);
  });

  it('counts across National Day and its make-up Saturday', () => {
    expect(deadline('2026-09-30', 1)).toBe('2026-10-08');
    expect(deadline('2026-09-30', 3)).toBe('2026-10-10');
    expect(recordDeadline('2026-09-30')).toBe('2026-10-20');
    expect(workingDaysAfter('2026-09-30', '2026-10-07')).toBe(0);
    expect(workingDaysAfter('2026-09-30', '2026-10-20')).toBe(10);
    expect(recordLate('2026-09-30', '2026-10-20')).toBe(false);
    expect(recordLate('2026-09-30', '2026-10-21')).toBe(true);
  });

  it('counts across the Spring Festival and both its make-up Saturdays', () => {
    expect(deadline('2026-02-13', 1)).toBe('2026-02-14');
    expect(deadline('2026-02-13', 2)).toBe('2026-02-24');
    expect(recordDeadline('2026-02-13')).toBe('2026-03-05');
  });

  it('reads an instant on the China clock (UTC+8), the end day itself not counted', () => {
    expect(workingDaysAfter('2026-02-13', '2026-02-13T15:59:59Z')).toBe(0);
    expect(workingDaysAfter('2026-02-13', '2026-02-13T16:00:00Z')).toBe(1);
    expect(workingDaysAfter('2026-02-13', new Date('2026-02-14T16:30:00Z'))).toBe(1);
    expect(workingDaysAfter('2026-02-13', '2026-02-24T00:00:00+08:00')).toBe(2);
  });

  it('is 0 before the service ended, and refuses bad input', () => {
    expect(workingDaysAfter('2026-10-20', '2026-10-01')).toBe(0);
    expect(deadline('2026-10-20', 0)).toBe('2026-10-20');
    expect(() => deadline('2026-10-20', -1)).toThrow(RangeError);
    expect(() => deadline('2026-10-20', 1.5)).toThrow(RangeError);
    expect(() => deadline('2026-02-30', 1)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-10-1')).toThrow(RangeError);
    expect(() => workingDaysAfter('2026-10-01', 'yesterday')).toThrow(RangeError);
  });

  const endDates = fc.integer({ min: dayOf('2024-06-01'), max: dayOf('2027-12-31') }).map(dateOf);

  it('deadline and workingDaysAfter agree: workingDaysAfter(end, deadline(end, n)) === n', () => {
    fc.assert(
      fc.property(endDates, fc.integer({ min: 0, max: 80 }), (end, n) => {
        const due = deadline(end, n);
        expect(workingDaysAfter(end, due)).toBe(n);
        if (n > 0) expect(isWorkingDay(due)).toBe(true);
      }),
      { seed: 20261204, numRuns: 1000 },
    );
  });

  it('workingDaysAfter counts the same as walking the days one by one', () => {
    fc.assert(
      fc.property(endDates, fc.integer({ min: -5, max: 400 }), (end, span) => {
        const today = dateOf(dayOf(end) + span);
        const walked = span <= 0 ? 0 : days(dateOf(dayOf(end) + 1), today).filter(isWorkingDay).length;
        expect(workingDaysAfter(end, today)).toBe(walked);
      }),
      { seed: 20261204, numRuns: 500 },
    );
  });
});
