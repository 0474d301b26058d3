import { requestEffects } from '../orders/request/effects';
import { mountRequest } from '../orders/request/render';
import { initialState, type RequestEvent, type RequestState, reduce } from '../orders/request/state';
import { loadConfig } from '../platform/config';
import { mountShell } from '../platform/shell';

/**
 * 我要点单: the public page where a resident asks for help (群众点单) and follows their request
 * (查进度), with no account: the catalogue by category, a short form, the order number in large
 * groups of four, and the timeline in plain words; cancelling before a team took it, and rating
 * the service once it is done (社会评单). `/request.html#track` opens on 查进度.
 *
 * The page is a reducer (web/src/orders/request): state.ts holds the rules, render.ts draws the
 * state, effects.ts talks to the API.
 */
async function main(): Promise<void> {
  const shell = mountShell('request.title', undefined);
  document.body.classList.add('large-type');
  const config = await loadConfig();

  let state: RequestState = initialState;
  const paint = mountRequest(shell, dispatch);
  const effects = requestEffects(config, dispatch);
  function dispatch(event: RequestEvent): void {
    const before = state;
    state = reduce(state, event);
    paint(state);
    effects.follow(event, before, state);
  }

  paint(state);
  // A link to #track (or #ask) opens that tab, also on a page already open.
  const tabOfHash = () =>
    location.hash === '#track' ? 'track' : location.hash === '#ask' ? 'ask' : undefined;
  window.addEventListener('hashchange', () => {
    const tab = tabOfHash();
    if (tab !== undefined) dispatch({ type: 'tabChosen', tab });
  });
  await effects.start(tabOfHash());
  document.body.dataset.ready = 'true';
}

void main();
