import { ApiError, call } from '../../platform/api';
import { localDeadline } from '../../platform/clock';
import { byId } from '../../platform/dom';
import type { Scanner } from '../../stores/scanner';
import { explain } from '../words';
import {
  type ActivityView,
  type AttendeeView,
  type BoardEvent,
  type BoardState,
  codeDue,
  type DoorAnswer,
  type Problem,
  type Roster,
  rosterDue,
} from './state';

/**
 * The board's edge: the API, the camera and the clock. `follow` runs after every event has been
 * reduced and painted and starts what the new state asks for (a door code, the roster, a mark);
 * a timer ticks every second while the board is on the page, and stops once it is gone.
 */
export interface BoardEffects {
  start(): void;
  follow(event: BoardEvent, before: BoardState, after: BoardState): void;
  stop(): void;
}

const TICK_MS = 1000;
/** A door code names its 30-second step: never wait longer than that for the next one. */
const STEP_MS = 30_000;

export function problemOf(error: unknown): Problem {
  return { code: error instanceof ApiError ? error.code : undefined, message: explain(error) };
}

export function boardEffects(
  dispatch: (event: BoardEvent) => void,
  current: () => BoardState,
  options: {
    /** Whether the board is still on the page (the office may have moved to another section). */
    alive: () => boolean;
    /** The activity moved on (finished elsewhere, say): the page redraws its card. */
    onActivity: (activity: ActivityView) => void;
    onUnauthenticated: (error: unknown) => void;
  },
): BoardEffects {
  let timer: ReturnType<typeof setInterval> | undefined;
  let scanner: Scanner | undefined;
  let scans = 0;
  let stopped = false;
  const base = () => `/activities/${encodeURIComponent(current().activity.activityId)}`;

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') options.onUnauthenticated(error);
    return problemOf(error);
  };

  async function fetchCode(): Promise<void> {
    dispatch({ type: 'codeRequested' });
    let response: Response | undefined;
    try {
      const answer = await call<{ code: string; renewAt: string; stepSeconds: number }>(
        'GET',
        `${base()}/door-code`,
        {
          retry: false,
          onResponse: (received) => {
            response = received;
          },
        },
      );
      dispatch({
        type: 'codeArrived',
        code: answer.code,
        renewAtMs: localDeadline(answer.renewAt, response, STEP_MS),
      });
    } catch (error) {
      dispatch({ type: 'codeFailed', problem: failed(error) });
    }
  }

  async function fetchRoster(): Promise<void> {
    dispatch({ type: 'rosterRequested' });
    try {
      const roster = await call<Roster>('GET', `${base()}/roster`);
      dispatch({ type: 'rosterArrived', roster });
    } catch (error) {
      dispatch({ type: 'rosterFailed', problem: failed(error) });
    }
  }

  async function mark(slot: string, request: Extract<BoardEvent, { type: 'markRequested' }>['request']) {
    try {
      const answer = await call<DoorAnswer>('POST', `${base()}/attendance`, {
        body: request,
        // With the action named, a repeat changes nothing: safe to send again after no answer.
        retry: request.action !== undefined,
      });
      dispatch({ type: 'marked', slot, answer });
    } catch (error) {
      dispatch({ type: 'markFailed', slot, problem: failed(error) });
    }
  }

  async function decide(slot: string, volunteerId: string, approve: boolean, reason: string | undefined) {
    try {
      const attendee = await call<AttendeeView>(
        'POST',
        `${base()}/overtime/${encodeURIComponent(volunteerId)}`,
        { body: { approve, ...(reason === undefined ? {} : { reason }) }, retry: true },
      );
      dispatch({ type: 'decided', slot, attendee });
    } catch (error) {
      dispatch({ type: 'markFailed', slot, problem: failed(error) });
    }
  }

  async function startCamera(): Promise<void> {
    const run = ++scans;
    try {
      const { startScanner } = await import('../../stores/scanner');
      const video = byId<HTMLVideoElement>('board-scan-video');
      const started = await startScanner(video, (code) => dispatch({ type: 'codeScanned', code }));
      if (run === scans && current().camera === 'starting') {
        scanner = started;
        dispatch({ type: 'cameraStarted' });
      } else started.stop();
    } catch (error) {
      const reason = error instanceof Error && 'reason' in error ? String(error.reason) : 'failed';
      if (run === scans) dispatch({ type: 'cameraFailed', denied: reason === 'denied' });
    }
  }

  function stopCamera(): void {
    scans += 1;
    scanner?.stop();
    scanner = undefined;
  }

  /** Reads the state afresh before each start: a start dispatches at once, and follows re-enter. */
  function due(): void {
    if (stopped || !options.alive()) return;
    if (codeDue(current())) void fetchCode();
    if (rosterDue(current())) void fetchRoster();
  }

  const cameraOn = (state: BoardState) => state.camera === 'starting' || state.camera === 'on';

  function stop(): void {
    stopped = true;
    clearInterval(timer);
    timer = undefined;
    stopCamera();
  }

  return {
    start() {
      timer = setInterval(() => {
        if (!options.alive()) {
          stop();
          return;
        }
        if (document.visibilityState === 'hidden') return;
        dispatch({ type: 'tick', nowMs: Date.now() });
      }, TICK_MS);
      due();
    },
    follow(event, before, after) {
      if (cameraOn(before) && !cameraOn(after)) stopCamera();
      if (event.type === 'cameraClicked' && !cameraOn(before) && cameraOn(after)) void startCamera();
      if (event.type === 'codeScanned') {
        dispatch({ type: 'markRequested', slot: 'scan', request: { code: event.code } });
      }
      if (event.type === 'markRequested' && !before.marking.includes(event.slot))
        void mark(event.slot, event.request);
      if (event.type === 'decisionRequested' && !before.marking.includes(event.slot))
        void decide(event.slot, event.volunteerId, event.approve, event.reason);
      if (before.activity.status !== after.activity.status) options.onActivity(after.activity);
      due();
    },
    stop,
  };
}
