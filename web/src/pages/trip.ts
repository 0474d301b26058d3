import { chinaDate } from '../platform/clock';
import { show } from '../platform/dom';
import { mountShell, requireRole } from '../platform/shell';
import { openTripDb } from '../trips/db';
import { tripEffects } from '../trips/effects';
import { mountTrip, noStore } from '../trips/render';
import { initialState, reduce, type TripEvent, type TripPageState } from '../trips/state';

/**
 * 流动超市出车: the mobile shop's counter on the van's phone, made to work with no signal. Open a
 * trip (or continue one) and download its pack while there is signal; then identify each volunteer
 * by card and PIN checked on the phone, sell within what the trip holds for them and what the van
 * carries, and keep every basket in IndexedDB until it is synced, in order, with its own key. The
 * paper roster is printed for the day the phone dies and entered afterwards; closing the trip
 * counts what came back and prints the reconciliation (账物相符).
 *
 * The page is a reducer (web/src/trips): the state and its rules in state.ts, the screen in
 * render.ts, the API, IndexedDB, scrypt and the service worker in effects.ts. A counter sells for
 * its own store; the office opens /trip.html?store=ID for a mobile store.
 */
async function main(): Promise<void> {
  const session = await requireRole(['counter', 'admin'], 'trip.title');
  if (session === undefined) return;
  const shell = mountShell('trip.title', session);
  const asked = new URLSearchParams(location.search).get('store') ?? undefined;
  const storeId = session.claims.groups.includes('counter') ? session.claims.storeId : asked;
  if (storeId === undefined || storeId === '') {
    show(shell.main, noStore());
    document.body.dataset.ready = 'true';
    return;
  }

  let state: TripPageState = initialState({ storeId, today: chinaDate(), online: navigator.onLine });
  const paint = mountTrip(shell, dispatch);
  const effects = tripEffects(storeId, openTripDb(), dispatch, () => state);
  function dispatch(event: TripEvent): void {
    const before = state;
    state = reduce(state, event);
    paint(state);
    effects.follow(event, before, state);
  }

  paint(state);
  await effects.start();
  document.body.dataset.ready = 'true';
}

void main();
