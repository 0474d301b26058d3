import { describe, expect, it } from 'vitest';
import { recordDeadlineOf } from '../../shared/records/rules/record-deadline';

/**
 * Order No. 67 第十一条: recorded within 10 working days after the service ends, counted on the
 * 2026 calendar of 国办发明电〔2025〕7号 (National Day 10月1日–7日 off, Saturday 10月10日 worked).
 */
describe('a service not yet recorded, against the ten working days', () => {
  it('ended Tuesday 2026-09-29: the holiday week does not count, the make-up Saturday does', () => {
    // Working days after it: 9/30, 10/8, 10/9, 10/10 (Sat, worked), 10/12 … 10/16, 10/19 → the 10th is 10/19.
    const seen = recordDeadlineOf('2026-09-29', '2026-10-09');
    expect(seen).toEqual({
      deadline: '2026-10-19',
      workingDaysLeft: 7,
      state: 'on-time',
      calendarKnown: true,
    });
    expect(recordDeadlineOf('2026-09-29', '2026-10-14').state).toBe('due-soon');
    expect(recordDeadlineOf('2026-09-29', '2026-10-19')).toMatchObject({
      workingDaysLeft: 0,
      state: 'due-soon',
    });
    expect(recordDeadlineOf('2026-09-29', '2026-10-20')).toMatchObject({
      workingDaysLeft: -1,
      state: 'late',
    });
  });

  it('on the day of the service all ten are left; an instant is read on the China clock', () => {
    expect(recordDeadlineOf('2026-11-30', '2026-11-30').workingDaysLeft).toBe(10);
    // 2026-12-01T16:30Z is already 12月2日 in China: two working days have passed.
    expect(recordDeadlineOf('2026-11-30', new Date('2026-12-01T16:30:00Z')).workingDaysLeft).toBe(8);
  });

  it('says when a year without a published notice was counted Monday to Friday', () => {
    const late2026 = recordDeadlineOf('2026-12-28', '2026-12-28');
    expect(late2026.deadline.startsWith('2027-')).toBe(true);
    expect(late2026.calendarKnown).toBe(false);
  });
});
