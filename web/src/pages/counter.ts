import { show } from '../platform/dom';
import { mountShell, requireRole } from '../platform/shell';
import { counterEffects } from '../stores/counter/effects';
import { mountCounter, noStore } from '../stores/counter/render';
import { type CounterEvent, type CounterState, initialState, reduce } from '../stores/counter/state';

/**
 * 柜台: the counter of one store, on a phone. Identify the volunteer (their QR code through the
 * camera, a typed code, or a printed card and PIN), tap goods into a basket, confirm, hand over
 * the goods with the receipt; void a recent redemption when something went wrong.
 *
 * The page is a reducer (web/src/stores/counter): the state and its rules in state.ts, the screen
 * drawn from the state in render.ts, the API, camera and clock in effects.ts. Here they are wired
 * together: every event is reduced into a new state, which is painted, and then the effects start
 * what the new state asks for.
 */
async function main(): Promise<void> {
  const session = await requireRole(['counter'], 'counter.title');
  if (session === undefined) return;
  const shell = mountShell('counter.title', session);
  document.body.classList.add('has-checkout-bar');
  const storeId = session.claims.storeId;
  if (storeId === undefined) {
    show(shell.main, noStore());
    return;
  }

  let state: CounterState = initialState;
  const paint = mountCounter(shell, dispatch);
  const effects = counterEffects(storeId, dispatch, () => state);
  function dispatch(event: CounterEvent): void {
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
