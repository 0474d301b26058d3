import { byId, type Child, formValues, h, show } from '../platform/dom';
import { formatDateTime, formatTime, formatWrittenDate, type MessageKey, points, t } from '../platform/i18n';
import { type NoticeAction, type Shell, signInAgain } from '../platform/shell';
import { basketLine, goodsButton, receiptLines } from '../stores/goods-widgets';
import {
  availableOf,
  expectedBack,
  type Good,
  goods,
  groupedDigits,
  identified,
  isOnline,
  type Mode,
  type Notice,
  overAllowance,
  type Pack,
  type Place,
  plannedVillages,
  pricedBasket,
  qtyOf,
  queuedBaskets,
  type Recorded,
  type Refusal,
  rosterLines,
  type SavedTrip,
  type Say,
  selling,
  stockLeft,
  type TripEvent,
  type TripPageState,
  uncounted,
  VILLAGES_MAX,
  volunteerById,
} from './state';

/**
 * The van's screen, drawn from the state alone: each panel is a function of the state, and user
 * actions become events through `dispatch`. `mountTrip` lays the panels out once and repaints one
 * only when what it shows has changed, so a half-typed card number or a returned count survives
 * the badge and the sync's news.
 */
export type Dispatch = (event: TripEvent) => void;

const RECENT_SHOWN = 50;

/* ---------- the status bar: 离线 / 在线, the queue, 同步 ---------- */

function statusBar(state: TripPageState, dispatch: Dispatch): Child[] {
  const online = isOnline(state);
  const queued = queuedBaskets(state).length;
  const { sync } = state;
  return [
    h(
      'div',
      { class: 'trip-status-line' },
      h(
        'span',
        { class: `net-badge ${online ? 'is-online' : 'is-offline'}`, id: 'net-badge', role: 'status' },
        online ? t('trip.online') : t('trip.offline'),
      ),
      state.pack === undefined
        ? null
        : h('span', { class: 'queue-count', id: 'queue-count' }, t('trip.queued', { n: queued })),
      state.pack === undefined
        ? null
        : h(
            'button',
            {
              type: 'button',
              class: 'button primary',
              id: 'sync-button',
              disabled: sync.phase === 'syncing',
              onclick: () => dispatch({ type: 'syncClicked' }),
            },
            sync.phase === 'syncing' ? t('trip.syncing') : t('trip.sync'),
          ),
    ),
    sync.phase === 'syncing'
      ? h(
          'p',
          { class: 'sync-progress', id: 'sync-progress' },
          t('trip.progress', { done: sync.done, total: sync.total }),
        )
      : sync.last !== undefined
        ? h(
            'p',
            { class: `sync-progress${sync.last.stopped ? ' warning' : ''}`, id: 'sync-progress' },
            t(sync.last.stopped ? 'trip.progressStopped' : 'trip.progress', {
              done: sync.last.done,
              total: sync.last.total,
            }),
          )
        : null,
    h(
      'p',
      { class: 'hint', id: 'shell-cached' },
      state.shellCached ? t('trip.shellCached') : t('trip.shellNotYet'),
    ),
  ];
}

/* ---------- choosing or opening a trip ---------- */

function savedLine(trip: SavedTrip, dispatch: Dispatch): HTMLElement {
  return h(
    'li',
    { class: 'trip-choice', 'data-trip': trip.tripId },
    h(
      'div',
      { class: 'trip-choice-text' },
      h('strong', null, `${formatWrittenDate(trip.date)} · ${trip.villages.join('、')}`),
      h(
        'span',
        { class: 'hint' },
        trip.ended ? t('trip.endedShort') : t('trip.onThisPhone'),
        trip.queued > 0 ? ` · ${t('trip.queued', { n: trip.queued })}` : '',
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary',
        onclick: () => dispatch({ type: 'tripChosen', tripId: trip.tripId }),
      },
      trip.ended ? t('trip.look') : t('trip.continue'),
    ),
  );
}

function openTrips(state: TripPageState, dispatch: Dispatch): Child[] {
  const saved = state.saved;
  const remote = (state.trips ?? []).filter(
    (trip) => trip.status === 'open' && trip.ready && !saved.some((kept) => kept.tripId === trip.id),
  );
  const lines = [
    ...saved.map((trip) => savedLine(trip, dispatch)),
    ...remote.map((trip) =>
      h(
        'li',
        { class: 'trip-choice', 'data-trip': trip.id },
        h(
          'div',
          { class: 'trip-choice-text' },
          h(
            'strong',
            null,
            `${formatWrittenDate(trip.date)} · ${trip.villages.map((v) => v.name).join('、')}`,
          ),
          h('span', { class: 'hint' }, t('trip.openOnServer', { n: trip.baskets })),
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'button primary',
            disabled: !state.online || state.loadingPack !== undefined,
            onclick: () => dispatch({ type: 'tripChosen', tripId: trip.id }),
          },
          t('trip.download'),
        ),
      ),
    ),
  ];
  return [
    h('h2', null, t('trip.continueTitle')),
    lines.length === 0
      ? h('p', { class: 'hint', id: 'no-open-trips' }, t('trip.noOpenTrips'))
      : h('ul', { class: 'trip-choices', id: 'trip-choices' }, lines),
    state.loadingPack === undefined ? null : h('p', { class: 'loading' }, t('trip.downloading')),
  ];
}

/** The county's villages by town, for the route. */
function villageGroups(places: readonly Place[]): { town: string; villages: Place[] }[] {
  const towns = new Map(
    places.filter((place) => place.level === 'town').map((town) => [town.orgId, town.name]),
  );
  const groups = new Map<string, Place[]>();
  for (const place of places) {
    if (place.level !== 'village') continue;
    const town = towns.get(place.parentId ?? '') ?? '';
    groups.set(town, [...(groups.get(town) ?? []), place]);
  }
  return [...groups.entries()].map(([town, villages]) => ({ town, villages }));
}

function openForm(state: TripPageState, dispatch: Dispatch): Child[] {
  const title = h('h2', null, t('trip.newTitle'));
  if (state.store !== undefined && state.store.kind !== 'mobile') {
    return [title, h('p', { class: 'lead', id: 'not-mobile' }, t('trip.notMobile'))];
  }
  if (state.places === undefined) {
    return [title, h('p', { class: 'hint' }, state.online ? t('common.loading') : t('trip.openNeedsSignal'))];
  }
  const planned = new Set(plannedVillages(state));
  const opening = state.opening;
  const sending = opening?.sending === true;
  const chosen = new Set(opening?.request.villages ?? planned);
  const form = h(
    'form',
    {
      id: 'open-form',
      onchange: () => form.setAttribute('data-touched', ''),
      onsubmit: (event: Event) => {
        event.preventDefault();
        const villages = Array.from(
          form.querySelectorAll<HTMLInputElement>('input[name="village"]:checked'),
          (input) => input.value,
        );
        dispatch({ type: 'openClicked', villages });
      },
    },
    h('p', { class: 'lead' }, t('trip.openDate', { date: formatWrittenDate(state.today) })),
    h('p', { class: 'hint' }, t('trip.chooseVillagesHint', { n: VILLAGES_MAX })),
    villageGroups(state.places).map((group) =>
      h(
        'fieldset',
        { class: 'village-group' },
        h('legend', null, group.town === '' ? t('trip.villages') : group.town),
        group.villages.map((village) =>
          h(
            'label',
            { class: 'radio village-choice' },
            h('input', {
              type: 'checkbox',
              name: 'village',
              value: village.orgId,
              checked: chosen.has(village.orgId),
            }),
            village.name,
            planned.has(village.orgId) ? h('span', { class: 'badge' }, t('trip.plannedToday')) : null,
          ),
        ),
      ),
    ),
    h(
      'button',
      {
        type: 'submit',
        class: 'button primary big',
        id: 'open-button',
        disabled: sending || !state.online,
        'aria-busy': sending ? 'true' : 'false',
      },
      sending ? t('trip.opening') : opening !== undefined ? t('trip.openAgain') : t('trip.open'),
    ),
    sending && opening?.progress !== undefined
      ? h(
          'p',
          { class: 'loading', id: 'open-progress' },
          t('trip.openProgress', { n: opening.progress.volunteers }),
        )
      : null,
    state.online ? null : h('p', { class: 'warning' }, t('trip.openNeedsSignal')),
    h('p', { class: 'hint' }, t('trip.openHint')),
  );
  return [title, form];
}

/* ---------- the trip in hand ---------- */

function tripHead(state: TripPageState, pack: Pack, dispatch: Dispatch): Child[] {
  const { trip } = pack;
  const ended = state.ended;
  return [
    h('h2', { id: 'trip-title' }, `${trip.storeName} · ${formatWrittenDate(trip.date)}`),
    h(
      'p',
      { class: 'lead' },
      t('trip.route', { villages: trip.villages.map((village) => village.name).join('、') }),
    ),
    h(
      'p',
      { class: 'hint', id: 'pack-age' },
      t('trip.packedAt', { time: formatDateTime(pack.packedAt), n: pack.volunteers.length }),
    ),
    ended === undefined
      ? null
      : h(
          'p',
          { class: 'warning', id: 'trip-ended' },
          ended.status === 'revoked'
            ? t('trip.revoked', { reason: ended.revokeReason ?? '' })
            : t('trip.closedAt', { time: formatDateTime(ended.endedAt ?? ended.openedAt) }),
        ),
    h(
      'div',
      { class: 'tabs no-print', role: 'tablist' },
      // An ended trip sells nothing: its roster and its reconciliation are left.
      (ended === undefined
        ? (['sell', 'paper', 'roster', 'close'] as const)
        : (['roster', 'close'] as const)
      ).map((mode) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: `tab${state.mode === mode ? ' active' : ''}`,
            'aria-selected': state.mode === mode ? 'true' : 'false',
            'data-mode': mode,
            onclick: () => dispatch({ type: 'modeChosen', mode }),
          },
          t(`trip.mode.${mode}` as MessageKey),
        ),
      ),
    ),
  ];
}

function cardForm(state: TripPageState, dispatch: Dispatch): HTMLElement {
  const checking = state.who.phase === 'checking';
  const form = h(
    'form',
    {
      class: 'inline-form',
      id: 'trip-card-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { cardNumber, pin } = formValues(form);
        if (cardNumber && pin) dispatch({ type: 'cardSubmitted', cardNumber, pin });
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('counter.cardNumber')),
      h('input', {
        id: 'trip-card',
        name: 'cardNumber',
        inputmode: 'numeric',
        autocomplete: 'off',
        maxlength: 20,
      }),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('counter.pin')),
      h('input', {
        id: 'trip-pin',
        name: 'pin',
        type: 'password',
        inputmode: 'numeric',
        pattern: '[0-9]{4,6}',
        maxlength: 6,
        autocomplete: 'off',
      }),
    ),
    h(
      'button',
      { type: 'submit', class: 'button primary', id: 'trip-card-submit', disabled: checking },
      checking ? t('trip.checkingPin') : t('trip.checkCard'),
    ),
  );
  return h('div', null, h('p', { class: 'hint' }, t('trip.cardHint')), form);
}

function paperForm(state: TripPageState, dispatch: Dispatch): HTMLElement {
  const form = h(
    'form',
    {
      class: 'inline-form',
      id: 'paper-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const line = Number(formValues(form).line);
        if (Number.isSafeInteger(line) && line > 0) dispatch({ type: 'paperLineChosen', line });
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('trip.paperLine')),
      h('input', { id: 'paper-line', name: 'line', inputmode: 'numeric', autocomplete: 'off', maxlength: 5 }),
    ),
    h(
      'button',
      { type: 'submit', class: 'button primary', id: 'paper-find', disabled: !selling(state) },
      t('trip.paperFind'),
    ),
  );
  return h('div', null, h('p', { class: 'hint' }, t('trip.paperHint')), form);
}

function volunteerCard(state: TripPageState, dispatch: Dispatch): HTMLElement | null {
  const volunteer = identified(state);
  if (volunteer === undefined || state.who.phase !== 'identified') return null;
  const available = availableOf(state, volunteer.volunteerId);
  return h(
    'div',
    { class: 'volunteer-found', id: 'trip-volunteer' },
    state.who.paperLine === undefined
      ? null
      : h(
          'p',
          { class: 'lead', id: 'paper-line-shown' },
          t('trip.paperLineShown', { line: state.who.paperLine }),
        ),
    h(
      'div',
      { class: 'volunteer-name' },
      h('span', { class: 'label' }, t('counter.volunteer')),
      h('strong', { id: 'trip-volunteer-name' }, volunteer.displayName),
      h('span', { class: 'hint' }, ` ${volunteer.village}`),
    ),
    h(
      'div',
      { class: `volunteer-balance${overAllowance(state) ? ' over' : ''}` },
      h('span', { class: 'label' }, t('trip.available')),
      h('strong', { id: 'trip-available' }, points(available)),
    ),
    h(
      'button',
      { type: 'button', class: 'button', onclick: () => dispatch({ type: 'volunteerForgotten' }) },
      t('trip.otherVolunteer'),
    ),
  );
}

function goodsGrid(state: TripPageState, dispatch: Dispatch): Child[] {
  const items = goods(state);
  return [
    h('h3', null, t('counter.goods')),
    items.length === 0
      ? h('p', { class: 'hint' }, t('trip.noGoods'))
      : h(
          'ul',
          { class: 'goods-grid' },
          items.map((good) => {
            const inBasket = qtyOf(state, good.sku);
            const left = stockLeft(state, good.sku);
            return goodsButton(
              good,
              {
                inBasket,
                stockWords: left === 0 ? t('counter.soldOut') : t('trip.vanHas', { n: left }),
                disabled: left <= inBasket,
              },
              () => dispatch({ type: 'addOne', sku: good.sku }),
            );
          }),
        ),
  ];
}

function basketPart(state: TripPageState, dispatch: Dispatch): Child[] {
  const { lines, total } = pricedBasket(state);
  const over = overAllowance(state);
  return [
    h('h3', null, t('counter.basket')),
    lines.length === 0
      ? h('p', { class: 'hint' }, t('counter.basketEmpty'))
      : h(
          'ul',
          { class: 'basket-lines' },
          lines.map((line) =>
            basketLine(line, { moreDisabled: line.qty >= stockLeft(state, line.sku) }, (type) =>
              dispatch({ type, sku: line.sku }),
            ),
          ),
        ),
    h(
      'div',
      { class: `total trip-total${over ? ' over' : ''}`, id: 'trip-total' },
      h('span', { class: 'label' }, t('counter.total')),
      h('strong', null, points(total)),
    ),
    over ? h('p', { class: 'warning', id: 'over-allowance' }, t('trip.overAllowanceShort')) : null,
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        id: 'trip-record',
        disabled: lines.length === 0 || over,
        onclick: () => dispatch({ type: 'recordClicked' }),
      },
      t('trip.record'),
    ),
    h('p', { class: 'hint' }, t('trip.recordHint')),
  ];
}

function sellPanel(state: TripPageState, dispatch: Dispatch, paper: boolean): Child[] {
  const who = state.who;
  return [
    h('h2', null, paper ? t('trip.paperTitle') : t('trip.sellTitle')),
    who.phase === 'identified'
      ? [volunteerCard(state, dispatch), goodsGrid(state, dispatch), basketPart(state, dispatch)]
      : paper
        ? paperForm(state, dispatch)
        : cardForm(state, dispatch),
    who.phase === 'checking' ? h('p', { class: 'loading', id: 'pin-checking' }, t('trip.checkingPin')) : null,
  ];
}

/* ---------- the paper roster ---------- */

function rosterPanel(state: TripPageState, pack: Pack, dispatch: Dispatch): Child[] {
  const items = pack.trip.goods;
  return [
    h(
      'div',
      { class: 'no-print' },
      h('h2', null, t('trip.rosterTitle')),
      h('p', { class: 'hint' }, t('trip.rosterHint')),
      h(
        'button',
        {
          type: 'button',
          class: 'button primary big',
          id: 'roster-print',
          onclick: () => dispatch({ type: 'print', part: 'roster' }),
        },
        t('trip.print'),
      ),
    ),
    h(
      'div',
      { class: 'roster-sheet', id: 'trip-roster' },
      h('h2', { class: 'sheet-title' }, t('trip.rosterSheetTitle', { store: pack.trip.storeName })),
      h(
        'p',
        null,
        t('trip.rosterSheetFacts', {
          date: formatWrittenDate(pack.trip.date),
          villages: pack.trip.villages.map((village) => village.name).join('、'),
        }),
      ),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'table roster-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { class: 'num' }, t('trip.rosterLine')),
              h('th', null, t('counter.volunteer')),
              h('th', null, t('trip.village')),
              h('th', null, t('counter.cardNumber')),
              h('th', { class: 'num' }, t('trip.available')),
              items.map((good) => h('th', { class: 'num' }, `${good.name}（${points(good.pricePoints)}）`)),
              h('th', null, t('trip.signature')),
            ),
          ),
          h(
            'tbody',
            null,
            rosterLines(pack).map(({ line, volunteer }) =>
              h(
                'tr',
                { 'data-line': line },
                h('td', { class: 'num' }, String(line)),
                h('td', null, volunteer.displayName),
                h('td', null, volunteer.village),
                h(
                  'td',
                  { class: 'mono' },
                  volunteer.cardNumber === undefined ? '—' : groupedDigits(volunteer.cardNumber),
                ),
                h('td', { class: 'num' }, points(availableOf(state, volunteer.volunteerId))),
                items.map(() => h('td', { class: 'roster-blank' }, '')),
                h('td', { class: 'roster-sign' }, ''),
              ),
            ),
          ),
        ),
      ),
      h('p', { class: 'sheet-foot' }, t('trip.rosterFoot')),
    ),
    state.ended === undefined ? null : h('p', { class: 'hint no-print' }, t('trip.rosterEnded')),
  ];
}

/* ---------- close and the reconciliation ---------- */

const verdict = (ok: boolean): HTMLElement =>
  h('span', { class: `verdict ${ok ? 'is-ok' : 'is-bad'}` }, ok ? t('trip.balanced') : t('trip.unbalanced'));

function reconciliation(state: TripPageState, pack: Pack, dispatch: Dispatch): Child[] {
  const trip = state.ended;
  if (trip === undefined) return [];
  const balanced = trip.reconciliation?.balanced === true;
  const pointsOk = trip.pointsHeld === trip.pointsSpent + trip.pointsReleased;
  const pointMismatches = (trip.reconciliation?.mismatches ?? []).filter(
    (mismatch) => mismatch.kind === 'points',
  );
  return [
    h(
      'div',
      { class: 'reconciliation', id: 'trip-reconciliation' },
      h(
        'h2',
        { class: 'sheet-title' },
        t('trip.reconcileTitle', { store: trip.storeName, date: formatWrittenDate(trip.date) }),
      ),
      h(
        'p',
        { class: `reconcile-result ${balanced ? 'is-ok' : 'is-bad'}`, id: 'reconcile-result' },
        trip.reconciliation === undefined
          ? t('trip.reconcilePending')
          : balanced
            ? t('trip.balancedLong')
            : t('trip.unbalancedLong'),
      ),
      trip.status === 'revoked'
        ? h('p', { class: 'hint' }, t('trip.revokedGoods'))
        : h(
            'table',
            { class: 'table reconcile-goods', id: 'reconcile-goods' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, t('trip.item')),
                h('th', { class: 'num' }, t('trip.out')),
                h('th', { class: 'num' }, t('trip.redeemed')),
                h('th', { class: 'num' }, t('trip.returned')),
                h('th', null, t('trip.check')),
              ),
            ),
            h(
              'tbody',
              null,
              trip.goods.map((good) => {
                const returned = good.returned ?? 0;
                return h(
                  'tr',
                  { 'data-sku': good.sku },
                  h('td', null, good.name),
                  h('td', { class: 'num' }, String(good.out)),
                  h('td', { class: 'num' }, String(good.redeemed)),
                  h('td', { class: 'num' }, String(returned)),
                  h('td', null, verdict(good.out === good.redeemed + returned)),
                );
              }),
            ),
          ),
      h(
        'dl',
        { class: 'facts reconcile-points', id: 'reconcile-points' },
        h('dt', null, t('trip.pointsHeld')),
        h('dd', null, points(trip.pointsHeld)),
        h('dt', null, t('trip.pointsSpent')),
        h('dd', null, points(trip.pointsSpent)),
        h('dt', null, t('trip.pointsReleased')),
        h('dd', null, points(trip.pointsReleased)),
        h('dt', null, t('trip.check')),
        h('dd', null, verdict(pointsOk && pointMismatches.length === 0)),
      ),
      pointMismatches.length === 0
        ? null
        : h(
            'ul',
            { class: 'warning' },
            pointMismatches.map((mismatch) =>
              h(
                'li',
                null,
                t('trip.pointsMismatch', {
                  name: volunteerById(state, mismatch.id)?.displayName ?? mismatch.id,
                  expected: points(mismatch.expected),
                  accounted: points(mismatch.accounted),
                }),
              ),
            ),
          ),
      h(
        'p',
        { class: 'hint' },
        t('trip.reconcileBaskets', { n: trip.baskets, packed: pack.volunteers.length }),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big no-print',
        id: 'reconcile-print',
        onclick: () => dispatch({ type: 'print', part: 'reconciliation' }),
      },
      t('trip.print'),
    ),
  ];
}

function closePanel(state: TripPageState, pack: Pack, dispatch: Dispatch): Child[] {
  if (state.ended !== undefined) return reconciliation(state, pack, dispatch);
  const queued = queuedBaskets(state).length;
  const sending = state.closing?.sending === true;
  const expected = new Map(expectedBack(state).map((line) => [line.sku, line.qty]));
  const kept = new Map((state.closing?.request.returned ?? []).map((line) => [line.sku, line.qty]));
  const items: readonly Good[] = pack.trip.goods;
  const form = h(
    'form',
    {
      id: 'close-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const values = formValues(form);
        const returned = items.map((good) => ({
          sku: good.sku,
          qty: Number(values[`returned-${good.sku}`] ?? '0'),
        }));
        dispatch({ type: 'closeClicked', returned });
      },
    },
    h('p', { class: 'hint' }, t('trip.closeHint')),
    h(
      'table',
      { class: 'table close-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('trip.item')),
          h('th', { class: 'num' }, t('trip.out')),
          h('th', { class: 'num' }, t('trip.redeemed')),
          h('th', null, t('trip.returnedNow')),
        ),
      ),
      h(
        'tbody',
        null,
        items.map((good) => {
          const back = expected.get(good.sku) ?? 0;
          return h(
            'tr',
            { 'data-sku': good.sku },
            h('td', null, good.name),
            h('td', { class: 'num' }, String(good.out)),
            h('td', { class: 'num' }, String(good.out - back)),
            h(
              'td',
              null,
              h('input', {
                name: `returned-${good.sku}`,
                id: `returned-${good.sku}`,
                type: 'number',
                inputmode: 'numeric',
                min: 0,
                step: 1,
                value: String(kept.get(good.sku) ?? back),
                'aria-label': t('trip.returnedOf', { name: good.name }),
              }),
            ),
          );
        }),
      ),
    ),
    queued > 0
      ? h('p', { class: 'warning', id: 'close-queued' }, t('trip.closeQueued', { n: queued }))
      : null,
    h(
      'button',
      {
        type: 'submit',
        class: 'button danger big',
        id: 'close-button',
        disabled: queued > 0 || sending,
        'aria-busy': sending ? 'true' : 'false',
      },
      sending ? t('trip.closing') : state.closing !== undefined ? t('trip.closeAgain') : t('trip.close'),
    ),
    sending && state.closing?.progress !== undefined
      ? h('p', { class: 'loading' }, t('trip.closeProgress'))
      : null,
  );
  return [h('h2', null, t('trip.closeTitle')), form];
}

/* ---------- receipts and the list ---------- */

export function refusalText(refusal: Refusal): string {
  switch (refusal.code) {
    case 'INSUFFICIENT_POINTS':
      return refusal.balance === undefined
        ? t('trip.refused.INSUFFICIENT_POINTS')
        : t('trip.refused.INSUFFICIENT_POINTS_LEFT', { left: points(refusal.balance) });
    case 'TRIP_STATE':
    case 'OUT_OF_STOCK':
    case 'PRICE_CHANGED':
    case 'NOT_FOUND':
    case 'IDEMPOTENCY_KEY_REUSED':
    case 'VALIDATION_FAILED':
      return t(`trip.refused.${refusal.code}` as MessageKey);
    default:
      return refusal.message;
  }
}

const statusText = (basket: Recorded): string =>
  basket.status === 'queued'
    ? t('trip.pending')
    : basket.status === 'settled'
      ? t('trip.settled')
      : t('trip.refused');

function statusBadge(basket: Recorded): HTMLElement {
  return h('span', { class: `badge status-${basket.status}` }, statusText(basket));
}

function receiptCard(state: TripPageState, basket: Recorded, dispatch: Dispatch): HTMLElement {
  return h(
    'div',
    {
      class: `receipt trip-receipt status-${basket.status}`,
      id: 'trip-receipt-body',
      'data-key': basket.key,
    },
    h(
      'p',
      { class: 'receipt-title', id: 'trip-receipt-title' },
      basket.status === 'refused' ? t('trip.receiptRefused') : t('trip.receiptTitle'),
      statusBadge(basket),
    ),
    h('p', { class: 'lead' }, `${basket.displayName} · ${basket.village}`),
    receiptLines(basket.lines),
    h(
      'dl',
      { class: 'receipt-sums' },
      h('dt', null, t('counter.spent')),
      h('dd', { id: 'trip-receipt-spent' }, points(basket.request.pointsSpent)),
      h('dt', null, t('trip.availableAfter')),
      h(
        'dd',
        { id: 'trip-receipt-left' },
        points(basket.settled?.allowanceLeft ?? availableOf(state, basket.request.volunteerId)),
      ),
      h('dt', null, t('counter.time')),
      h('dd', null, formatDateTime(basket.request.recordedAt)),
      h('dt', null, t('trip.via')),
      h(
        'dd',
        null,
        basket.paperLine === undefined
          ? t(`trip.via.${basket.request.via}` as MessageKey)
          : t('trip.viaPaperLine', { line: basket.paperLine }),
      ),
      h('dt', null, t('counter.receiptNo')),
      h('dd', { class: 'mono' }, basket.settled?.id ?? basket.key.slice(0, 13)),
    ),
    basket.refusal === undefined ? null : h('p', { class: 'warning' }, refusalText(basket.refusal)),
    h('p', { class: 'hint' }, basket.status === 'queued' ? t('trip.receiptPendingHint') : ''),
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          id: 'receipt-print',
          onclick: () => dispatch({ type: 'print', part: 'receipt' }),
        },
        t('trip.printReceipt'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button primary',
          id: 'receipt-next',
          onclick: () => dispatch({ type: 'receiptClosed' }),
        },
        t('counter.nextVolunteer'),
      ),
    ),
  );
}

function basketsPanel(state: TripPageState): Child[] {
  const newestFirst = [...state.baskets].sort((a, b) => b.seq - a.seq).slice(0, RECENT_SHOWN);
  return [
    h('h2', null, t('trip.basketsTitle', { n: state.baskets.length })),
    newestFirst.length === 0
      ? h('p', { class: 'hint' }, t('trip.noBaskets'))
      : h(
          'ul',
          { class: 'recent-list', id: 'trip-basket-list' },
          newestFirst.map((basket) =>
            h(
              'li',
              {
                class: `recent trip-basket status-${basket.status}`,
                'data-key': basket.key,
                'data-status': basket.status,
              },
              h(
                'div',
                { class: 'recent-head' },
                h('span', null, formatTime(basket.request.recordedAt)),
                h('span', null, basket.displayName),
                h('strong', null, points(basket.request.pointsSpent)),
                statusBadge(basket),
              ),
              h(
                'p',
                { class: 'recent-items' },
                basket.lines.map((line) => `${line.name}×${line.qty}`).join('，'),
              ),
              basket.refusal === undefined
                ? null
                : h('p', { class: 'warning refusal' }, refusalText(basket.refusal)),
            ),
          ),
        ),
  ];
}

/* ---------- the notice line, and the page ---------- */

export function sayText(said: Say): string {
  if ('text' in said) return said.text;
  const params = said.params === undefined ? undefined : { ...said.params };
  if (params !== undefined && typeof params.available === 'number')
    params.available = points(params.available);
  return t(said.key, params);
}

function noticeAction(notice: Notice): NoticeAction | undefined {
  return notice.action === 'signIn' ? signInAgain() : undefined;
}

export const noStore = (): HTMLElement =>
  h(
    'section',
    { class: 'card' },
    h('p', { class: 'lead' }, t('trip.noStore')),
    h('a', { class: 'button primary', href: '/office.html#stores' }, t('trip.toOffice')),
  );

function modePanel(state: TripPageState, pack: Pack, mode: Mode, dispatch: Dispatch): Child[] {
  switch (mode) {
    case 'sell':
      return sellPanel(state, dispatch, false);
    case 'paper':
      return sellPanel(state, dispatch, true);
    case 'roster':
      return rosterPanel(state, pack, dispatch);
    case 'close':
      return closePanel(state, pack, dispatch);
  }
}

/** What a panel shows, as a key: the panel is drawn again only when this changes. */
function modeKey(state: TripPageState): string {
  const { pack } = state;
  const counts =
    pack === undefined ? [] : state.baskets.filter((basket) => uncounted(basket, pack)).map((b) => b.key);
  return JSON.stringify([
    state.mode,
    pack?.trip.id,
    pack?.packedAt,
    state.who,
    state.basket,
    counts,
    queuedBaskets(state).length,
    state.ended?.id,
    state.ended?.status,
    state.closing?.sending,
    state.closing?.progress?.pointsReleased,
    state.pinFailures.size,
  ]);
}

function chooseKey(state: TripPageState): string {
  return JSON.stringify([
    state.screen,
    state.saved,
    state.trips?.map((trip) => [trip.id, trip.status, trip.ready, trip.baskets]),
    state.places?.length,
    state.store,
    state.opening?.key,
    state.opening?.sending,
    state.opening?.progress?.volunteers,
    state.loadingPack,
    state.online,
    state.today,
  ]);
}

/** Lays the page out in the shell; the function it returns paints a state. */
export function mountTrip(shell: Shell, dispatch: Dispatch): (state: TripPageState) => void {
  show(
    shell.main,
    h('section', { class: 'card trip-status no-print', id: 'trip-status', 'aria-live': 'polite' }),
    h('section', { class: 'card', id: 'trip-choose', hidden: true }),
    h('section', { class: 'card', id: 'trip-open', hidden: true }),
    h('section', { class: 'card no-print', id: 'trip-head', hidden: true }),
    h('section', { class: 'card', id: 'trip-receipt', hidden: true, 'aria-live': 'polite' }),
    h('section', { class: 'card', id: 'trip-mode', hidden: true }),
    h('section', { class: 'card no-print', id: 'trip-baskets', hidden: true }),
  );
  const [status, choose, open, head, receipt, mode, baskets] = [
    'trip-status',
    'trip-choose',
    'trip-open',
    'trip-head',
    'trip-receipt',
    'trip-mode',
    'trip-baskets',
  ].map((id) => byId(id)) as [
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
    HTMLElement,
  ];
  let last: TripPageState | undefined;
  const keys = new Map<HTMLElement, string>();
  /** Paints `panel` when its key changed; keeps what was typed into its text fields (never a PIN). */
  const paintKeyed = (panel: HTMLElement, key: string, draw: () => Child[]) => {
    if (keys.get(panel) === key) return;
    keys.set(panel, key);
    const inputs = Array.from(panel.querySelectorAll('input'));
    const typed = inputs
      .filter(
        (input) =>
          input.type !== 'password' && input.type !== 'checkbox' && input.value !== '' && input.id !== '',
      )
      .map((input) => [input.id, input.value] as const);
    // Boxes the user ticked or cleared stay as they left them.
    const ticked = inputs
      .filter((input) => input.type === 'checkbox' && input.closest('form[data-touched]') !== null)
      .map((input) => [input.name, input.value, input.checked] as const);
    show(panel, ...draw());
    for (const [id, value] of typed) {
      const input = panel.querySelector<HTMLInputElement>(`#${CSS.escape(id)}`);
      if (input !== null) input.value = value;
    }
    for (const [name, value, checked] of ticked) {
      const input = Array.from(panel.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find(
        (box) => box.name === name && box.value === value,
      );
      if (input !== undefined) input.checked = checked;
      input?.closest('form')?.setAttribute('data-touched', '');
    }
  };

  return (state) => {
    const { pack } = state;
    const onTrip = state.screen === 'trip' && pack !== undefined;
    paintKeyed(
      status,
      JSON.stringify([
        isOnline(state),
        state.shellCached,
        state.sync,
        queuedBaskets(state).length,
        pack === undefined,
      ]),
      () => statusBar(state, dispatch),
    );

    choose.hidden = state.screen !== 'choose';
    open.hidden = state.screen !== 'choose';
    if (state.screen === 'choose') {
      const key = chooseKey(state);
      paintKeyed(choose, key, () => openTrips(state, dispatch));
      paintKeyed(open, key, () => openForm(state, dispatch));
    }

    head.hidden = !onTrip;
    mode.hidden = !onTrip;
    baskets.hidden = !onTrip;
    if (onTrip) {
      paintKeyed(head, JSON.stringify([pack.trip.id, pack.packedAt, state.mode, state.ended?.status]), () =>
        tripHead(state, pack, dispatch),
      );
      paintKeyed(mode, modeKey(state), () => modePanel(state, pack, state.mode, dispatch));
      if (last?.baskets !== state.baskets || last?.pack !== state.pack) show(baskets, ...basketsPanel(state));
    }
    const shown =
      state.receipt === undefined ? undefined : state.baskets.find((basket) => basket.key === state.receipt);
    receipt.hidden = !onTrip || shown === undefined;
    if (shown === undefined) receipt.replaceChildren();
    else if (
      last?.receipt !== state.receipt ||
      last?.baskets !== state.baskets ||
      last?.pack !== state.pack
    ) {
      show(receipt, receiptCard(state, shown, dispatch));
    }

    if (state.notice !== undefined && state.notice !== last?.notice) {
      shell.notify(state.notice.kind, sayText(state.notice.say), noticeAction(state.notice));
    }
    const who = document.getElementById('who');
    const name = state.store?.name ?? pack?.trip.storeName;
    if (name !== undefined && who !== null && who.textContent !== name) who.textContent = name;
    last = state;
  };
}
