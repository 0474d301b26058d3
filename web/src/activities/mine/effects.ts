import type { Coordinates } from '../../../../shared/activities/contract/activities';
import { ApiError, call } from '../../platform/api';
import { chinaMonth } from '../../platform/clock';
import { byId } from '../../platform/dom';
import { type MessageKey, t } from '../../platform/i18n';
import type { Scanner } from '../../stores/scanner';
import { explain } from '../words';
import type {
  ActivityView,
  AttendeeView,
  DoorAnswer,
  MineEvent,
  MineState,
  Problem,
  VolunteerActivities,
} from './state';

/**
 * The edge of 我的活动: the API, the camera, where the phone is, and the clock. `follow` runs after
 * every event has been reduced and painted and starts what it asks for.
 *
 * Where the phone is goes with a scan when the phone says within 3 seconds of being asked (asked
 * when the volunteer first touches the door card); a scan never waits longer for it, and goes
 * without it when the volunteer said no (village GPS is poor: the API only flags a far scan).
 */
export interface MineEffects {
  start(): Promise<void>;
  follow(event: MineEvent, before: MineState, after: MineState): void;
  /** The volunteer touched the door card: ask where the phone is now, to have it by the scan. */
  locate(): void;
}

const LOCATE_MS = 3000;
/** A position this old is still good for a scan. */
const POSITION_FRESH_MS = 60_000;

/** Door answers the volunteer hears in words made for them (not the counter's). */
const DOOR_CODES = new Set(['INVALID_CODE', 'CODE_EXPIRED', 'ACTIVITY_STATE', 'FORBIDDEN', 'THROTTLED']);

export function problemOf(error: unknown): Problem {
  return { code: error instanceof ApiError ? error.code : undefined, message: explain(error) };
}

function doorProblem(error: unknown): Problem {
  if (error instanceof ApiError && DOOR_CODES.has(error.code) && error.code !== 'THROTTLED')
    return { code: error.code, message: t(`activities.door.error.${error.code}` as MessageKey) };
  return problemOf(error);
}

export function mineEffects(
  volunteerId: string,
  dispatch: (event: MineEvent) => void,
  current: () => MineState,
  onUnauthenticated: (error: unknown) => void,
): MineEffects {
  let scanner: Scanner | undefined;
  let scans = 0;
  let position: { promise: Promise<Coordinates | undefined>; askedMs: number } | undefined;

  const failed = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') onUnauthenticated(error);
  };

  async function loadList(): Promise<void> {
    try {
      const answer = await call<{ activities: ActivityView[] }>('GET', '/activities', {
        query: { month: current().month },
      });
      dispatch({ type: 'listArrived', activities: answer.activities, nowMs: Date.now() });
    } catch (error) {
      failed(error);
      dispatch({ type: 'listFailed', problem: problemOf(error) });
    }
  }

  async function loadSummary(): Promise<void> {
    try {
      const summary = await call<VolunteerActivities>(
        'GET',
        `/volunteers/${encodeURIComponent(volunteerId)}/activities`,
        { query: { month: current().month } },
      );
      dispatch({ type: 'summaryArrived', summary });
    } catch (error) {
      failed(error);
      dispatch({ type: 'summaryFailed', problem: problemOf(error) });
    }
  }

  async function join(activityId: string, what: 'sign-up' | 'withdraw'): Promise<void> {
    const path = `/activities/${encodeURIComponent(activityId)}/sign-ups`;
    try {
      const attendee =
        what === 'sign-up'
          ? await call<AttendeeView>('POST', path, { body: {}, retry: true })
          : await call<AttendeeView>('DELETE', `${path}/${encodeURIComponent(volunteerId)}`, { retry: true });
      dispatch({ type: 'joined', activityId, join: what, attendee });
      void loadSummary();
    } catch (error) {
      failed(error);
      dispatch({ type: 'joinFailed', activityId, problem: problemOf(error) });
    }
  }

  function locate(): { promise: Promise<Coordinates | undefined>; askedMs: number } {
    if (position !== undefined && Date.now() - position.askedMs < POSITION_FRESH_MS) return position;
    const geolocation = typeof navigator === 'undefined' ? undefined : navigator.geolocation;
    const promise = new Promise<Coordinates | undefined>((resolve) => {
      if (geolocation === undefined) {
        resolve(undefined);
        return;
      }
      try {
        geolocation.getCurrentPosition(
          (found) => resolve({ lat: found.coords.latitude, lng: found.coords.longitude }),
          () => resolve(undefined),
          { enableHighAccuracy: true, timeout: LOCATE_MS, maximumAge: POSITION_FRESH_MS },
        );
      } catch {
        resolve(undefined);
      }
    });
    position = { promise, askedMs: Date.now() };
    return position;
  }

  /** Where the phone is, if it said so within 3 seconds of being asked; never a longer wait. */
  async function coordinates(): Promise<Coordinates | undefined> {
    const asked = locate();
    const left = Math.max(0, asked.askedMs + LOCATE_MS - Date.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), left);
    });
    try {
      return await Promise.race([asked.promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function scan(code: string): Promise<void> {
    try {
      const where = await coordinates();
      const answer = await call<DoorAnswer>('POST', '/door-scans', {
        body: { code, ...(where === undefined ? {} : { coordinates: where }) },
        // A repeat within ten minutes changes nothing: safe to send again after no answer.
        retry: true,
      });
      dispatch({ type: 'doorAnswered', answer });
      void loadList();
      void loadSummary();
    } catch (error) {
      failed(error);
      dispatch({ type: 'doorFailed', problem: doorProblem(error) });
    }
  }

  async function startCamera(): Promise<void> {
    const run = ++scans;
    try {
      const { startScanner } = await import('../../stores/scanner');
      const video = byId<HTMLVideoElement>('door-video');
      const started = await startScanner(video, (code) => dispatch({ type: 'codeScanned', code }));
      if (run === scans && current().door.camera === 'starting') {
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

  const cameraOn = (state: MineState) => state.door.camera === 'starting' || state.door.camera === 'on';

  return {
    async start() {
      dispatch({ type: 'started', month: chinaMonth(), nowMs: Date.now() });
      await Promise.all([loadList(), loadSummary()]);
    },
    follow(event, before, after) {
      if (cameraOn(before) && !cameraOn(after)) stopCamera();
      if (event.type === 'cameraClicked' && !cameraOn(before) && cameraOn(after)) {
        locate();
        void startCamera();
      }
      if (event.type === 'joinClicked' && before.joining[event.activityId] === undefined)
        void join(event.activityId, event.join);
      const code = after.door.sending;
      if (code !== undefined && before.door.sending === undefined) void scan(code);
    },
    locate() {
      locate();
    },
  };
}
