/**
 * An activity's life (周周有活动): drafted by a team's coordinator, open for sign-up, running on the
 * day, finished, then recorded (its attendance became one service record). Cancelled from any
 * state before it is recorded, with a reason the signed-up volunteers see. The diagram in
 * docs/activities.md is this table.
 */
export const ACTIVITY_STATUSES = [
  'draft',
  'recruiting',
  'running',
  'finished',
  'recorded',
  'cancelled',
] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export const ACTIVITY_ACTIONS = ['publish', 'start', 'finish', 'record', 'cancel', 'reopen'] as const;
export type ActivityAction = (typeof ACTIVITY_ACTIONS)[number];

export const ACTIVITY_TRANSITIONS: Record<
  ActivityAction,
  { from: readonly ActivityStatus[]; to: ActivityStatus }
> = {
  /** Opens sign-up (报名). */
  publish: { from: ['draft'], to: 'recruiting' },
  /** The day has come: sign-in at the door opens. */
  start: { from: ['recruiting'], to: 'running' },
  /** Sign-in closes; missing sign-outs are flagged for the organiser. */
  finish: { from: ['running'], to: 'finished' },
  /** The attendance becomes one service record (the existing approval moves the points). */
  record: { from: ['finished'], to: 'recorded' },
  /** Called off, with a reason the signed-up volunteers see. */
  cancel: { from: ['draft', 'recruiting', 'running', 'finished'], to: 'cancelled' },
  /** A finished activity opened again to mend a sign-out before it is recorded. */
  reopen: { from: ['finished'], to: 'running' },
};

/** Whether `action` may be taken on an activity in `status`: the rule its condition reads. */
export const canActivity = (status: ActivityStatus | undefined, action: ActivityAction): boolean =>
  status !== undefined && ACTIVITY_TRANSITIONS[action].from.includes(status);

/** Whether volunteers may sign up (or withdraw): while recruiting only (walk-ins sign in at the door). */
export const signUpOpen = (status: ActivityStatus): boolean => status === 'recruiting';

/** Whether sign-in and sign-out at the door are taken: only while the activity runs. */
export const doorOpen = (status: ActivityStatus): boolean => status === 'running';
