import type * as z from 'zod/mini';
import type { PlaceList } from '../../../shared/people/contract/orgs';
import type { Store } from '../../../shared/stores/contract/stores';
import type { Trip, TripList } from '../../../shared/trips/contract/trips';
import { ApiError, call, NetworkError, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { describeError } from '../platform/errors';
import { t } from '../platform/i18n';
import type { TripDb } from './db';
import { pinMatches } from './pin';
import {
  type Pack,
  type Problem,
  refusesBasket,
  type TripBasket,
  type TripEvent,
  type TripPageState,
  volunteerById,
} from './state';

/**
 * The van's edge: the API, IndexedDB, the PIN check (scrypt), the service worker, the network's
 * comings and goings, timers and printing. Each outcome comes back as an event. `follow` runs after
 * every event has been reduced and painted: it keeps IndexedDB in step with the state (before
 * anything is sent), and starts what the new state asks for (a PIN check, the next basket of a
 * sync, the same open or close request again after a 202).
 */
export interface TripEffects {
  start(): Promise<void>;
  follow(event: TripEvent, before: TripPageState, after: TripPageState): void;
}

const AGAIN_AFTER_MS = 1000;
const TRIPS_LISTED = 20;
const SERVICE_WORKER = '/trip-sw.js';
const SERVICE_WORKER_SCOPE = '/trip';

export function problemOf(error: unknown): Problem {
  const body = error instanceof ApiError ? error.body : {};
  return {
    code: error instanceof ApiError ? error.code : undefined,
    status: error instanceof ApiError ? error.status : undefined,
    message: describeError(error),
    network: error instanceof NetworkError,
    outcomeUnknown: outcomeUnknown(error),
    ...(typeof body.balance === 'number' ? { balance: body.balance } : {}),
  };
}

const localProblem = (message: string): Problem => ({
  code: undefined,
  status: undefined,
  message,
  network: false,
  outcomeUnknown: false,
});

export function tripEffects(
  storeId: string | undefined,
  db: TripDb,
  dispatch: (event: TripEvent) => void,
  current: () => TripPageState,
): TripEffects {
  const tripPath = (tripId: string) => `/trips/${encodeURIComponent(tripId)}`;
  const online = () => navigator.onLine;

  /** A read the page can do without: no signal only says so in the badge. */
  async function quietly<T>(read: () => Promise<T>, then: (value: T) => TripEvent): Promise<void> {
    try {
      dispatch(then(await read()));
    } catch (error) {
      const problem = problemOf(error);
      dispatch(problem.network ? { type: 'reach', reachable: false } : { type: 'failed', problem });
    }
  }

  const loadStore = (id: string) =>
    quietly(
      () => call<Store>('GET', `/stores/${encodeURIComponent(id)}`),
      (store) => ({ type: 'storeLoaded', store }),
    );

  const loadTrips = (id: string) =>
    quietly(
      () => call<z.infer<typeof TripList>>('GET', '/trips', { query: { storeId: id, limit: TRIPS_LISTED } }),
      (answer) => ({ type: 'tripsLoaded', trips: answer.trips }),
    );

  const loadPlaces = () =>
    quietly(
      () => call<PlaceList>('GET', '/places'),
      (answer) => ({ type: 'placesLoaded', places: answer.places }),
    );

  async function loadSaved(): Promise<void> {
    try {
      const saved = (await db.saved()).filter((trip) => storeId === undefined || trip.storeId === storeId);
      dispatch({ type: 'restored', saved });
    } catch {
      dispatch({ type: 'failed', problem: localProblem(t('trip.storageFailed')) });
    }
  }

  async function downloadPack(tripId: string): Promise<void> {
    try {
      const pack = await call<Pack>('GET', `${tripPath(tripId)}/pack`);
      dispatch({ type: 'packLoaded', pack });
    } catch (error) {
      const problem = problemOf(error);
      dispatch({ type: 'packFailed', tripId, problem });
      if (problem.code === 'TRIP_STATE') void loadEnded(tripId);
    }
  }

  /** A trip that has ended, with its reconciliation. */
  async function loadEnded(tripId: string): Promise<void> {
    try {
      const trip = await call<Trip>('GET', tripPath(tripId));
      if (trip.status !== 'open') dispatch({ type: 'tripEnded', trip });
    } catch (error) {
      const problem = problemOf(error);
      if (problem.network) dispatch({ type: 'reach', reachable: false });
    }
  }

  async function chooseTrip(tripId: string): Promise<void> {
    let kept: Awaited<ReturnType<TripDb['load']>>;
    try {
      kept = await db.load(tripId);
    } catch {
      kept = undefined;
    }
    if (kept === undefined) {
      await downloadPack(tripId);
      return;
    }
    dispatch({ type: 'tripRestored', trip: kept });
    if (online() && kept.ended === undefined) await downloadPack(tripId);
    dispatch({ type: 'syncDue' });
  }

  async function postOpen(): Promise<void> {
    const opening = current().opening;
    if (opening === undefined || !opening.sending) return;
    try {
      const trip = await call<Trip>('POST', '/trips', { body: opening.request, idempotencyKey: opening.key });
      // 202 (ready: false): the holds are still being placed; the same request again goes on.
      dispatch(trip.ready ? { type: 'opened', trip } : { type: 'openProgress', trip });
    } catch (error) {
      dispatch({ type: 'openFailed', problem: problemOf(error) });
    }
  }

  async function postBasket(key: string): Promise<void> {
    const state = current();
    const basket = state.baskets.find((candidate) => candidate.key === key);
    if (basket === undefined || state.pack === undefined) return;
    try {
      const answer = await call<TripBasket>('POST', `${tripPath(basket.tripId)}/baskets`, {
        body: basket.request,
        idempotencyKey: basket.key,
      });
      dispatch({ type: 'basketSettled', key, answer });
    } catch (error) {
      const problem = problemOf(error);
      if (!refusesBasket(problem)) {
        dispatch({ type: 'syncStopped', problem });
        return;
      }
      dispatch({
        type: 'basketRefused',
        key,
        refusal: {
          code: problem.code ?? 'UNKNOWN',
          message: problem.message,
          ...(problem.balance === undefined ? {} : { balance: problem.balance }),
        },
      });
    }
  }

  async function postClose(): Promise<void> {
    const { closing, pack } = current();
    if (closing === undefined || !closing.sending || pack === undefined) return;
    let status = 0;
    try {
      const trip = await call<Trip>('POST', `${tripPath(pack.trip.id)}/close`, {
        body: closing.request,
        idempotencyKey: closing.key,
        onResponse: (response) => {
          status = response.status;
        },
      });
      dispatch(status === 202 ? { type: 'closeProgress', trip } : { type: 'closed', trip });
    } catch (error) {
      const problem = problemOf(error);
      dispatch({ type: 'closeFailed', problem });
      if (problem.code === 'TRIP_STATE') void loadEnded(pack.trip.id);
    }
  }

  async function checkPin(cardNumber: string, volunteerId: string, pin: string): Promise<void> {
    const verifier = volunteerById(current(), volunteerId)?.pin;
    let ok = false;
    try {
      ok = verifier !== undefined && (await pinMatches(verifier, pin));
    } catch {
      ok = false;
    }
    dispatch({ type: 'pinChecked', cardNumber, ok });
  }

  /** Writes what changed to IndexedDB: the trip's own record, new or answered baskets, the trip in hand. */
  async function keep(before: TripPageState, after: TripPageState): Promise<void> {
    const { pack } = after;
    const sameTrip = pack !== undefined && before.pack?.trip.id === pack.trip.id;
    const writes: Promise<void>[] = [];
    if (
      pack !== undefined &&
      (pack !== before.pack ||
        after.ended !== before.ended ||
        after.pinFailures !== before.pinFailures ||
        after.closing?.key !== before.closing?.key ||
        after.closing?.request !== before.closing?.request)
    ) {
      writes.push(
        db.saveTrip({ pack, ended: after.ended, pinFailures: after.pinFailures, closing: after.closing }),
      );
    }
    if (sameTrip && after.baskets !== before.baskets) {
      writes.push(db.saveBaskets(after.baskets.filter((basket) => !before.baskets.includes(basket))));
    }
    if (
      after.pack?.trip.id !== before.pack?.trip.id &&
      (after.pack !== undefined || after.screen === 'choose')
    ) {
      writes.push(db.setCurrent(after.pack?.trip.id));
    }
    if (after.opening?.key !== before.opening?.key || after.opening?.request !== before.opening?.request) {
      writes.push(db.setOpening(after.opening));
    }
    if (writes.length === 0) return;
    try {
      await Promise.all(writes);
    } catch {
      dispatch({ type: 'failed', problem: localProblem(t('trip.storageFailed')) });
    }
  }

  function print(part: string): void {
    document.body.dataset.print = part;
    const clear = () => {
      delete document.body.dataset.print;
      window.removeEventListener('afterprint', clear);
    };
    window.addEventListener('afterprint', clear);
    window.print();
  }

  const scrollTo = (id: string) => document.getElementById(id)?.scrollIntoView({ block: 'start' });

  async function registerServiceWorker(): Promise<void> {
    if (!('serviceWorker' in navigator)) return;
    try {
      await navigator.serviceWorker.register(SERVICE_WORKER, { scope: SERVICE_WORKER_SCOPE });
      // Active means installed, and installing cached the page's files.
      await navigator.serviceWorker.ready;
      dispatch({ type: 'shellCached' });
    } catch {
      // Without a service worker the page still works while it stays open.
    }
  }

  return {
    async start() {
      dispatch({ type: 'day', today: chinaDate() });
      window.addEventListener('online', () => dispatch({ type: 'connectivity', online: true }));
      window.addEventListener('offline', () => dispatch({ type: 'connectivity', online: false }));
      void registerServiceWorker();

      let currentTrip: string | undefined;
      let opening: Awaited<ReturnType<TripDb['opening']>>;
      try {
        [currentTrip, opening] = await Promise.all([db.current(), db.opening()]);
      } catch {
        dispatch({ type: 'failed', problem: localProblem(t('trip.storageFailed')) });
      }
      if (currentTrip !== undefined) await chooseTrip(currentTrip);
      await loadSaved();
      if (opening !== undefined) {
        // An open request of another day is another trip: its key is not to be used again.
        if (opening.request.date === chinaDate() && opening.request.storeId === storeId) {
          dispatch({ type: 'restored', saved: current().saved, opening });
        } else {
          await db.setOpening(undefined).catch(() => undefined);
        }
      }
      if (storeId !== undefined && online()) {
        await Promise.all([loadStore(storeId), loadTrips(storeId), loadPlaces()]);
      }
    },

    follow(event, before, after) {
      void keep(before, after);
      if (after.sync.phase === 'syncing') {
        const key = after.sync.current;
        if (before.sync.phase !== 'syncing' || before.sync.current !== key) void postBasket(key);
      } else if (before.sync.phase === 'syncing' && !after.sync.last?.stopped && online()) {
        // The round is over: the pack again, with every phone's baskets counted.
        if (after.pack !== undefined && after.ended === undefined) void downloadPack(after.pack.trip.id);
      }
      switch (event.type) {
        case 'openClicked':
          dispatch({ type: 'open', key: newIdempotencyKey(), villages: event.villages });
          break;
        case 'open':
          if (after.opening?.sending === true && before.opening?.sending !== true) void postOpen();
          break;
        case 'openProgress':
          setTimeout(() => void postOpen(), AGAIN_AFTER_MS);
          break;
        case 'opened':
          void downloadPack(event.trip.id);
          break;
        case 'tripChosen':
          if (after.loadingPack === event.tripId && before.loadingPack !== event.tripId) {
            void chooseTrip(event.tripId);
          }
          break;
        case 'tripLeft':
          if (after.pack === undefined) {
            void loadSaved();
            if (storeId !== undefined && online()) void loadTrips(storeId);
          }
          break;
        case 'cardSubmitted':
          if (after.who.phase === 'checking' && before.who.phase !== 'checking') {
            void checkPin(after.who.cardNumber, after.who.volunteerId, event.pin);
          }
          break;
        case 'recordClicked':
          dispatch({ type: 'record', key: crypto.randomUUID(), at: Date.now() });
          break;
        case 'record':
          if (after.receipt !== undefined && after.receipt !== before.receipt) scrollTo('trip-receipt');
          break;
        case 'basketRefused':
          if (event.refusal.code === 'TRIP_STATE' && after.pack !== undefined)
            void loadEnded(after.pack.trip.id);
          break;
        case 'closeClicked':
          dispatch({ type: 'close', key: newIdempotencyKey(), returned: event.returned });
          break;
        case 'close':
          if (after.closing?.sending === true && before.closing?.sending !== true) void postClose();
          break;
        case 'closeProgress':
          setTimeout(() => void postClose(), AGAIN_AFTER_MS);
          break;
        case 'print':
          print(event.part);
          break;
        default:
          break;
      }
    },
  };
}
