import type {
  ActivityView,
  AttendeeView,
  DoorAnswer,
  MarkAttendanceRequest,
  Roster,
} from '../../../../shared/activities/contract/activities';
import type { MessageKey } from '../../platform/i18n';
import { countsOf, withAttendee } from '../plan';

/**
 * The organiser's board for one activity, as data (D2): the door code shown as a big QR code and
 * when it is renewed, the roster with its live counts, the people being signed in or out, the last
 * answer at the door and the camera. No DOM, network, timers or clock: the time arrives in events
 * (`tick`), made at the edge (effects.ts).
 *
 * The door code is renewed at the moment the API names (`renewAt`, every 30 s); a failed fetch is
 * tried again after a pause, and not at all once the activity no longer runs. The roster is read
 * again every few seconds while the door is open, and once otherwise.
 */
export type { ActivityView, AttendeeView, DoorAnswer, MarkAttendanceRequest, Roster };

/** Read the roster again this often while the door is open (the counts are live). */
export const ROSTER_POLL_MS = 10_000;
/** After a failed door-code fetch, try again this much later. */
export const CODE_RETRY_MS = 5_000;
/** A door code is still taken for one step after its own: the page may show it this long past renewal. */
export const CODE_GRACE_MS = 30_000;

/** What a message line says: a message key (with values), or a sentence made at the edge. */
export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

/** An error as the edge heard it, as plain data. */
export interface Problem {
  readonly code: string | undefined;
  readonly message: string;
}

export interface DoorCode {
  readonly code: string;
  /** When to show the next one, on this device's clock. */
  readonly renewAtMs: number;
}

export type Camera = 'off' | 'starting' | 'on' | 'failed' | 'denied';

/** The last answer at the door, for the line under the scan button. */
export interface LastMark {
  readonly outcome: DoorAnswer['outcome'];
  readonly name: string;
  readonly attendee: AttendeeView;
}

export interface BoardState {
  readonly activity: ActivityView;
  readonly nowMs: number;
  readonly code: DoorCode | undefined;
  readonly codeFetching: boolean;
  /** Not before this (after a failure); 0: at once. */
  readonly codeRetryAtMs: number;
  readonly codeProblem: Say | undefined;
  /** The door closed under us (someone finished the activity): no more codes. */
  readonly doorClosed: boolean;
  readonly roster: Roster | undefined;
  readonly rosterFetching: boolean;
  /** When the roster was last asked for (0: never, or read it again now). */
  readonly rosterAskedMs: number;
  readonly rosterProblem: Say | undefined;
  /** Marks in flight, by slot: a person's id, or `scan` for a scanned or typed code. */
  readonly marking: readonly string[];
  readonly last: LastMark | undefined;
  readonly markProblem: Say | undefined;
  readonly camera: Camera;
  /** The small form open on one roster line: a sign-out at a given time, or overtime refused with a reason. */
  readonly openForm: OpenForm | undefined;
}

export interface OpenForm {
  readonly volunteerId: string;
  readonly kind: 'sign-out-at' | 'overtime-refuse';
}

export type BoardEvent =
  | { readonly type: 'tick'; readonly nowMs: number }
  | { readonly type: 'codeRequested' }
  | { readonly type: 'codeArrived'; readonly code: string; readonly renewAtMs: number }
  | { readonly type: 'codeFailed'; readonly problem: Problem }
  | { readonly type: 'rosterRequested' }
  | { readonly type: 'rosterArrived'; readonly roster: Roster }
  | { readonly type: 'rosterFailed'; readonly problem: Problem }
  | { readonly type: 'refreshClicked' }
  | { readonly type: 'markRequested'; readonly slot: string; readonly request: MarkAttendanceRequest }
  | { readonly type: 'marked'; readonly slot: string; readonly answer: DoorAnswer }
  | { readonly type: 'markFailed'; readonly slot: string; readonly problem: Problem }
  | { readonly type: 'formOpened'; readonly form: OpenForm }
  | { readonly type: 'formClosed' }
  | {
      readonly type: 'decisionRequested';
      readonly slot: string;
      readonly volunteerId: string;
      readonly approve: boolean;
      readonly reason?: string;
    }
  | { readonly type: 'decided'; readonly slot: string; readonly attendee: AttendeeView }
  | { readonly type: 'attendeeChanged'; readonly attendee: AttendeeView }
  | { readonly type: 'cameraClicked' }
  | { readonly type: 'cameraStarted' }
  | { readonly type: 'cameraFailed'; readonly denied: boolean }
  | { readonly type: 'cameraStopped' }
  | { readonly type: 'codeScanned'; readonly code: string };

export function initialBoard(activity: ActivityView, nowMs: number): BoardState {
  return {
    activity,
    nowMs,
    code: undefined,
    codeFetching: false,
    codeRetryAtMs: 0,
    codeProblem: undefined,
    doorClosed: activity.status !== 'running',
    roster: undefined,
    rosterFetching: false,
    rosterAskedMs: 0,
    rosterProblem: undefined,
    marking: [],
    last: undefined,
    markProblem: undefined,
    camera: 'off',
    openForm: undefined,
  };
}

/** Whether the door is open on this board: the activity runs and the door has not closed under us. */
export const doorOpen = (state: BoardState): boolean =>
  state.activity.status === 'running' && !state.doorClosed;

/** Whether a new door code should be fetched now. */
export function codeDue(state: BoardState): boolean {
  if (!doorOpen(state) || state.codeFetching || state.nowMs < state.codeRetryAtMs) return false;
  return state.code === undefined || state.nowMs >= state.code.renewAtMs;
}

/** The code to show: the current one, or the last one while it is still taken (a step past renewal). */
export function shownCode(state: BoardState): DoorCode | undefined {
  const code = state.code;
  if (code === undefined || !doorOpen(state)) return undefined;
  return state.nowMs < code.renewAtMs + CODE_GRACE_MS ? code : undefined;
}

/** Whole seconds until the code on screen changes (for 「12 秒后换新码」). */
export const secondsToRenewal = (state: BoardState): number =>
  state.code === undefined ? 0 : Math.max(0, Math.ceil((state.code.renewAtMs - state.nowMs) / 1000));

/** Whether the roster should be read now: first time, after a change, and every few seconds at the door. */
export function rosterDue(state: BoardState): boolean {
  if (state.rosterFetching) return false;
  if (state.rosterAskedMs === 0) return true;
  return doorOpen(state) && state.nowMs - state.rosterAskedMs >= ROSTER_POLL_MS;
}

export const isMarking = (state: BoardState, slot: string): boolean => state.marking.includes(slot);

const without = (slots: readonly string[], slot: string) => slots.filter((one) => one !== slot);

function withPerson(state: BoardState, attendee: AttendeeView): BoardState {
  if (state.roster === undefined) return state;
  const attendees = withAttendee(state.roster.attendees, attendee);
  return { ...state, roster: { ...state.roster, attendees, counts: countsOf(attendees) } };
}

/** A line's form closes once that person's answer came. */
const closedFor = (form: OpenForm | undefined, volunteerId: string): OpenForm | undefined =>
  form?.volunteerId === volunteerId ? undefined : form;

/** Codes that say the door is shut, not that the network failed. */
const DOOR_SHUT = new Set(['ACTIVITY_STATE', 'NOT_FOUND', 'FORBIDDEN']);

export function reduce(state: BoardState, event: BoardEvent): BoardState {
  switch (event.type) {
    case 'tick':
      return { ...state, nowMs: event.nowMs };
    case 'codeRequested':
      return { ...state, codeFetching: true };
    case 'codeArrived':
      return {
        ...state,
        codeFetching: false,
        code: { code: event.code, renewAtMs: event.renewAtMs },
        codeRetryAtMs: 0,
        codeProblem: undefined,
      };
    case 'codeFailed': {
      const shut = event.problem.code !== undefined && DOOR_SHUT.has(event.problem.code);
      return {
        ...state,
        codeFetching: false,
        codeRetryAtMs: state.nowMs + CODE_RETRY_MS,
        codeProblem: shut ? { key: 'activities.board.doorShut' } : { text: event.problem.message },
        doorClosed: state.doorClosed || shut,
        // The roster tells what the activity is now.
        rosterAskedMs: shut ? 0 : state.rosterAskedMs,
      };
    }
    case 'rosterRequested':
      return { ...state, rosterFetching: true, rosterAskedMs: Math.max(1, state.nowMs) };
    case 'rosterArrived':
      return {
        ...state,
        rosterFetching: false,
        roster: event.roster,
        rosterProblem: undefined,
        activity: event.roster.activity,
        doorClosed: event.roster.activity.status !== 'running',
      };
    case 'rosterFailed':
      return { ...state, rosterFetching: false, rosterProblem: { text: event.problem.message } };
    case 'refreshClicked':
      return { ...state, rosterAskedMs: state.rosterFetching ? state.rosterAskedMs : 0 };
    case 'markRequested':
    case 'decisionRequested':
      if (isMarking(state, event.slot)) return state;
      return { ...state, marking: [...state.marking, event.slot], markProblem: undefined };
    case 'marked': {
      const next = withPerson(state, event.answer.attendee);
      return {
        ...next,
        openForm: closedFor(state.openForm, event.answer.attendee.volunteerId),
        marking: without(state.marking, event.slot),
        last: {
          outcome: event.answer.outcome,
          name: event.answer.attendee.displayName,
          attendee: event.answer.attendee,
        },
        markProblem: undefined,
      };
    }
    case 'markFailed':
      return {
        ...state,
        marking: without(state.marking, event.slot),
        markProblem: { text: event.problem.message },
      };
    case 'decided':
      return {
        ...withPerson(state, event.attendee),
        openForm: closedFor(state.openForm, event.attendee.volunteerId),
        marking: without(state.marking, event.slot),
      };
    case 'formOpened':
      return { ...state, openForm: event.form, markProblem: undefined };
    case 'formClosed':
      return { ...state, openForm: undefined };
    case 'attendeeChanged':
      return withPerson(state, event.attendee);
    case 'cameraClicked':
      return state.camera === 'starting' || state.camera === 'on' ? state : { ...state, camera: 'starting' };
    case 'cameraStarted':
      return state.camera === 'starting' ? { ...state, camera: 'on' } : state;
    case 'cameraFailed':
      return { ...state, camera: event.denied ? 'denied' : 'failed' };
    case 'cameraStopped':
      return { ...state, camera: 'off' };
    case 'codeScanned':
      // One scan, one answer: the camera stops; 扫下一位 starts it again.
      return { ...state, camera: 'off' };
  }
}
