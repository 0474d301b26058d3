import { describe, expect, it } from 'vitest';
import {
  dayVerdict,
  HOURS_DIRECT_MAX,
  HOURS_WITH_APPROVAL_MAX,
  hoursAtTheDoor,
  hoursPerDay,
} from '../../shared/activities/rules/hours';
import { serviceTimes } from '../../shared/activities/use-cases/activities';

/** A China wall-clock time on a day, as an instant (UTC+8). */
const at = (date: string, time: string) => new Date(`${date}T${time}:00+08:00`).toISOString();

describe('hours counted at the door', () => {
  const morning = { start: at('2026-12-05', '09:00'), end: at('2026-12-05', '12:00') };

  it('counts sign-in to sign-out, rounded down to the quarter-hour', () => {
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '09:05'), end: at('2026-12-05', '11:19') }, morning),
    ).toEqual([{ date: '2026-12-05', hours: 2 }]);
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '09:00'), end: at('2026-12-05', '11:44') }, morning),
    ).toEqual([{ date: '2026-12-05', hours: 2.5 }]);
  });

  it("clips the stay to the activity's window (early arrival, late leaving)", () => {
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '08:10'), end: at('2026-12-05', '13:30') }, morning),
    ).toEqual([{ date: '2026-12-05', hours: 3 }]);
  });

  it('leaves out a stay of less than a quarter-hour, or outside the window', () => {
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '09:00'), end: at('2026-12-05', '09:14') }, morning),
    ).toEqual([]);
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '13:00'), end: at('2026-12-05', '14:00') }, morning),
    ).toEqual([]);
  });

  it('splits an activity across China midnight, counting each day', () => {
    const night = { start: at('2026-12-05', '20:00'), end: at('2026-12-06', '02:00') };
    expect(
      hoursAtTheDoor({ start: at('2026-12-05', '21:10'), end: at('2026-12-06', '01:50') }, night),
    ).toEqual([
      { date: '2026-12-05', hours: 2.75 },
      { date: '2026-12-06', hours: 1.75 },
    ]);
  });

  it('sums the stays of one volunteer per China day', () => {
    const day = hoursPerDay([
      [{ date: '2026-12-05', hours: 3 }],
      [
        { date: '2026-12-05', hours: 2.75 },
        { date: '2026-12-06', hours: 1.75 },
      ],
    ]);
    expect(day).toEqual([
      { date: '2026-12-05', hours: 5.75 },
      { date: '2026-12-06', hours: 1.75 },
    ]);
  });

  it('lets up to 8 hours a day count, 8 to 12 only with approval, and refuses more', () => {
    expect(dayVerdict(HOURS_DIRECT_MAX)).toBe('counts');
    expect(dayVerdict(HOURS_DIRECT_MAX + 0.25)).toBe('needs-approval');
    expect(dayVerdict(HOURS_WITH_APPROVAL_MAX)).toBe('needs-approval');
    expect(dayVerdict(HOURS_WITH_APPROVAL_MAX + 0.25)).toBe('refused');
  });
});

describe('the times a record made from an activity says (order No. 67 第七条)', () => {
  it('gives the start and end on the China clock, and no end once it runs past midnight', () => {
    expect(serviceTimes('2026-11-20T01:00:00.000Z', '2026-11-20T03:30:00.000Z')).toEqual({
      startTime: '09:00',
      endTime: '11:30',
    });
    // 22:00 to 01:00 the next day in China: the record's day has only its start.
    expect(serviceTimes('2026-11-20T14:00:00.000Z', '2026-11-20T17:00:00.000Z')).toEqual({
      startTime: '22:00',
    });
  });
});
