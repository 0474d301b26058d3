import { RECORD_WITHIN_WORKING_DAYS, recordDeadline, workingDaysAfter, yearsAssumed } from './working-days';

/** Working days before the deadline from which the office is warned (so a week's leave is covered). */
export const DUE_SOON_WORKING_DAYS = 3;

export type DeadlineState = 'on-time' | 'due-soon' | 'late';

/**
 * Where a service that ended on `serviceDate` and is not yet recorded stands against order No. 67's
 * ten working days (第十一条): its last day, the working days left (negative once late), and
 * whether the China working-day calendar is known for every year it spans (else Monday to Friday
 * was assumed, and the page says so).
 */
export interface RecordDeadline {
  deadline: string;
  workingDaysLeft: number;
  state: DeadlineState;
  calendarKnown: boolean;
}

export function recordDeadlineOf(serviceDate: string, now: string | Date): RecordDeadline {
  const last = recordDeadline(serviceDate);
  const passed = workingDaysAfter(serviceDate, now);
  const left = RECORD_WITHIN_WORKING_DAYS - passed;
  return {
    deadline: last,
    workingDaysLeft: left,
    state: left < 0 ? 'late' : left <= DUE_SOON_WORKING_DAYS ? 'due-soon' : 'on-time',
    calendarKnown: yearsAssumed(serviceDate, last).length === 0,
  };
}
