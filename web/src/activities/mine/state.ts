import type {
  ActivityView,
  AttendeeView,
  DoorAnswer,
  VolunteerActivities,
} from '../../../../shared/activities/contract/activities';
import type { Camera, Problem, Say } from '../board/state';

/**
 * 我的活动 on the volunteer's page, as data (D2): this month's activities open to them (报名 and
 * 取消报名, the waitlist place), the door (扫码签到: the camera, or the code typed or pasted, and
 * what the last scan did), and 本月服务时长 (hours, sign-ups against show-ups). No DOM, network,
 * timers or clock: the time arrives in events, made at the edge (effects.ts).
 *
 * A code is sent once at a time; the answer says what happened at the door in plain words.
 */
export type { ActivityView, AttendeeView, Camera, DoorAnswer, Problem, Say, VolunteerActivities };

export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'failed'; readonly problem: Problem };

export type Join = 'sign-up' | 'withdraw';

export interface Door {
  readonly camera: Camera;
  /** The code out now, if any. */
  readonly sending: string | undefined;
  readonly answer: DoorAnswer | undefined;
  readonly problem: Problem | undefined;
  /** Counts answers, so that the same answer twice is announced twice. */
  readonly answers: number;
}

export interface MineState {
  readonly month: string;
  readonly nowMs: number;
  readonly list: Loaded<readonly ActivityView[]>;
  readonly summary: Loaded<VolunteerActivities>;
  /** Sign-ups and withdrawals out now, by activity. */
  readonly joining: Readonly<Record<string, Join>>;
  /** The waitlist place the API gave with a sign-up (the list does not carry it). */
  readonly positions: Readonly<Record<string, number>>;
  /** What the last sign-up or withdrawal said, by activity. */
  readonly notes: Readonly<Record<string, Say>>;
  readonly door: Door;
}

export type MineEvent =
  | { readonly type: 'started'; readonly month: string; readonly nowMs: number }
  | { readonly type: 'listArrived'; readonly activities: readonly ActivityView[]; readonly nowMs: number }
  | { readonly type: 'listFailed'; readonly problem: Problem }
  | { readonly type: 'summaryArrived'; readonly summary: VolunteerActivities }
  | { readonly type: 'summaryFailed'; readonly problem: Problem }
  | { readonly type: 'joinClicked'; readonly activityId: string; readonly join: Join }
  | {
      readonly type: 'joined';
      readonly activityId: string;
      readonly join: Join;
      readonly attendee: AttendeeView;
    }
  | { readonly type: 'joinFailed'; readonly activityId: string; readonly problem: Problem }
  | { readonly type: 'cameraClicked' }
  | { readonly type: 'cameraStarted' }
  | { readonly type: 'cameraFailed'; readonly denied: boolean }
  | { readonly type: 'cameraStopped' }
  | { readonly type: 'codeScanned'; readonly code: string }
  | { readonly type: 'codeTyped'; readonly code: string }
  | { readonly type: 'doorAnswered'; readonly answer: DoorAnswer }
  | { readonly type: 'doorFailed'; readonly problem: Problem };

export const initialMine: MineState = {
  month: '',
  nowMs: 0,
  list: { status: 'loading' },
  summary: { status: 'loading' },
  joining: {},
  positions: {},
  notes: {},
  door: { camera: 'off', sending: undefined, answer: undefined, problem: undefined, answers: 0 },
};

/** What a volunteer may do about an activity now: sign up, give the place up, or nothing. */
export function joinOf(activity: ActivityView, nowMs: number): Join | undefined {
  if (activity.status !== 'recruiting') return undefined;
  const mine = activity.mine?.signUp;
  if (mine === 'confirmed' || mine === 'waiting') return 'withdraw';
  if (activity.signUpFrom !== undefined && nowMs < Date.parse(activity.signUpFrom)) return undefined;
  if (nowMs >= Date.parse(activity.signUpUntil)) return undefined;
  return 'sign-up';
}

/** Places still free; none left means a sign-up goes on the waitlist. */
export const placesLeft = (activity: Pick<ActivityView, 'capacity' | 'signedUp'>): number =>
  Math.max(0, activity.capacity - activity.signedUp);

/** Whether sign-up has not opened yet, or has closed, for an activity still recruiting. */
export function signUpWindow(activity: ActivityView, nowMs: number): 'before' | 'open' | 'closed' {
  if (activity.signUpFrom !== undefined && nowMs < Date.parse(activity.signUpFrom)) return 'before';
  return nowMs < Date.parse(activity.signUpUntil) ? 'open' : 'closed';
}

/** Whether a scan or a typed code may be sent now (one at a time). */
export const canSendCode = (state: MineState): boolean => state.door.sending === undefined;

/** The activity as it is after the volunteer's own sign-up or withdrawal (the counts moved by one). */
function afterJoin(activity: ActivityView, attendee: AttendeeView): ActivityView {
  const was = activity.mine?.signUp;
  const now = attendee.signUp;
  const delta = (state: string) => (now === state ? 1 : 0) - (was === state ? 1 : 0);
  return {
    ...activity,
    signedUp: Math.max(0, activity.signedUp + delta('confirmed')),
    waiting: Math.max(0, activity.waiting + delta('waiting')),
    mine: {
      signUp: now,
      ...(attendee.signedInAt === undefined ? {} : { signedInAt: attendee.signedInAt }),
    },
  };
}

const omit = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const { [key]: _, ...rest } = record;
  return rest;
};

export function reduce(state: MineState, event: MineEvent): MineState {
  switch (event.type) {
    case 'started':
      return { ...initialMine, month: event.month, nowMs: event.nowMs };
    case 'listArrived':
      return { ...state, list: { status: 'loaded', value: event.activities }, nowMs: event.nowMs };
    case 'listFailed':
      return state.list.status === 'loaded'
        ? state
        : { ...state, list: { status: 'failed', problem: event.problem } };
    case 'summaryArrived':
      return { ...state, summary: { status: 'loaded', value: event.summary } };
    case 'summaryFailed':
      return state.summary.status === 'loaded'
        ? state
        : { ...state, summary: { status: 'failed', problem: event.problem } };
    case 'joinClicked':
      if (state.joining[event.activityId] !== undefined) return state;
      return {
        ...state,
        joining: { ...state.joining, [event.activityId]: event.join },
        notes: omit(state.notes, event.activityId),
      };
    case 'joined': {
      const list =
        state.list.status === 'loaded'
          ? {
              status: 'loaded' as const,
              value: state.list.value.map((activity) =>
                activity.activityId === event.activityId ? afterJoin(activity, event.attendee) : activity,
              ),
            }
          : state.list;
      const position = event.attendee.waitlistPosition;
      const key =
        event.join === 'withdraw'
          ? 'activities.mine.withdrawn'
          : event.attendee.signUp === 'waiting'
            ? 'activities.mine.waitlisted'
            : 'activities.mine.signedUp';
      return {
        ...state,
        list,
        joining: omit(state.joining, event.activityId),
        positions:
          position === undefined || event.attendee.signUp !== 'waiting'
            ? omit(state.positions, event.activityId)
            : { ...state.positions, [event.activityId]: position },
        notes: { ...state.notes, [event.activityId]: { key, params: { n: position ?? 0 } } },
      };
    }
    case 'joinFailed':
      return {
        ...state,
        joining: omit(state.joining, event.activityId),
        notes: { ...state.notes, [event.activityId]: { text: event.problem.message } },
      };
    case 'cameraClicked':
      if (state.door.camera === 'starting' || state.door.camera === 'on') return state;
      return { ...state, door: { ...state.door, camera: 'starting' } };
    case 'cameraStarted':
      return state.door.camera === 'starting' ? { ...state, door: { ...state.door, camera: 'on' } } : state;
    case 'cameraFailed':
      return { ...state, door: { ...state.door, camera: event.denied ? 'denied' : 'failed' } };
    case 'cameraStopped':
      return { ...state, door: { ...state.door, camera: 'off' } };
    case 'codeScanned':
    case 'codeTyped': {
      const camera = event.type === 'codeScanned' ? 'off' : state.door.camera;
      if (!canSendCode(state)) return { ...state, door: { ...state.door, camera } };
      return { ...state, door: { ...state.door, camera, sending: event.code, problem: undefined } };
    }
    case 'doorAnswered':
      return {
        ...state,
        door: {
          ...state.door,
          sending: undefined,
          answer: event.answer,
          problem: undefined,
          answers: state.door.answers + 1,
        },
      };
    case 'doorFailed':
      return {
        ...state,
        door: {
          ...state.door,
          sending: undefined,
          answer: undefined,
          problem: event.problem,
          answers: state.door.answers + 1,
        },
      };
  }
}
