import { byId, type Child, formValues, h, show } from '../../platform/dom';
import { formatSeconds, formatTime, points, t } from '../../platform/i18n';
import { type NoticeAction, type Shell, signInAgain } from '../../platform/shell';
import { basketLine, goodsButton, receiptLines } from '../goods-widgets';
import {
  basketLines,
  basketLocked,
  basketTotal,
  type CounterEvent,
  type CounterState,
  catalogueItems,
  inFlight,
  isScanning,
  lookingUp,
  type Notice,
  overBalance,
  qtyOf,
  type Say,
  type Shown,
  uncertain,
  type Volunteer,
  volunteerOf,
} from './state';

/**
 * The counter's screen, drawn from the state alone: each panel is a function of the state that
 * returns its DOM, and user actions become events through `dispatch`. `mountCounter` lays the
 * panels out once and repaints a panel only when the parts of the state it shows have changed, so
 * an open form or a half-typed field survives the other panels' news.
 */
export type Dispatch = (event: CounterEvent) => void;

const RECENT_SHOWN = 20;
const VOID_REASONS = [
  'counter.voidReasonWrongItem',
  'counter.voidReasonReturned',
  'counter.voidReasonMistake',
] as const;

/* ---------- the volunteer ---------- */

function codeTimer(volunteer: Volunteer, now: number): { expired: boolean; text: string } {
  const secondsLeft = (volunteer.deadlineMs - now) / 1000;
  return secondsLeft <= 0
    ? { expired: true, text: t('error.CODE_EXPIRED') }
    : { expired: false, text: t('counter.codeLeft', { time: formatSeconds(secondsLeft) }) };
}

export function volunteerCard(state: CounterState, volunteer: Volunteer, dispatch: Dispatch): HTMLElement {
  const timer = codeTimer(volunteer, state.now);
  return h(
    'div',
    { class: 'volunteer-found', id: 'volunteer-found' },
    h(
      'div',
      { class: 'volunteer-name' },
      h('span', { class: 'label' }, t('counter.volunteer')),
      h('strong', { id: 'volunteer-name' }, volunteer.displayName),
    ),
    h(
      'div',
      { class: `volunteer-balance${overBalance(state) ? ' over' : ''}` },
      h('span', { class: 'label' }, t('counter.balance')),
      h('strong', { id: 'volunteer-balance' }, points(volunteer.balance)),
    ),
    h('p', { class: `code-timer${timer.expired ? ' expired' : ''}`, id: 'code-timer' }, timer.text),
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        disabled: basketLocked(state),
        onclick: () => dispatch({ type: 'volunteerForgotten' }),
      },
      t('counter.nextVolunteer'),
    ),
  );
}

export function identifyForms(state: CounterState, dispatch: Dispatch): HTMLElement {
  const identifying = lookingUp(state) !== undefined;
  const scanning = isScanning(state);
  const codeForm = h(
    'form',
    {
      class: 'inline-form',
      id: 'code-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { code } = formValues(codeForm);
        if (code) dispatch({ type: 'lookUp', request: { code } });
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('counter.typeCode')),
      h('input', {
        id: 'code-input',
        name: 'code',
        autocomplete: 'off',
        autocapitalize: 'off',
        spellcheck: 'false',
      }),
    ),
    h('button', { type: 'submit', class: 'button', disabled: identifying }, t('counter.lookUp')),
  );
  const cardForm = h(
    'form',
    {
      class: 'inline-form',
      id: 'card-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { cardNumber, pin } = formValues(cardForm);
        if (cardNumber && pin) {
          dispatch({ type: 'lookUp', request: { cardNumber: cardNumber.replace(/\s+/g, ''), pin } });
        }
      },
    },
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('counter.cardNumber')),
      h('input', { id: 'card-input', name: 'cardNumber', inputmode: 'numeric', autocomplete: 'off' }),
    ),
    h(
      'label',
      { class: 'field' },
      h('span', { class: 'field-label' }, t('counter.pin')),
      h('input', {
        id: 'pin-input',
        name: 'pin',
        type: 'password',
        inputmode: 'numeric',
        pattern: '[0-9]{4,6}',
        maxlength: 6,
        autocomplete: 'off',
      }),
    ),
    h('button', { type: 'submit', class: 'button', disabled: identifying }, t('counter.lookUp')),
  );
  return h(
    'div',
    { class: 'identify' },
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        id: 'scan-button',
        disabled: identifying,
        hidden: scanning,
        onclick: () => dispatch({ type: 'scanClicked' }),
      },
      t('counter.scan'),
    ),
    h(
      'div',
      { class: 'scan-box', hidden: !scanning },
      h('video', { id: 'scan-video', muted: true, playsinline: true, 'aria-label': t('counter.scanning') }),
      h('p', { class: 'hint' }, t('counter.scanning')),
      h(
        'button',
        { type: 'button', class: 'button', onclick: () => dispatch({ type: 'scanStopped' }) },
        t('counter.stopScan'),
      ),
    ),
    identifying ? h('p', { class: 'loading' }, t('counter.identifying')) : null,
    h(
      'details',
      {
        class: 'manual',
        open: state.manualOpen,
        ontoggle: (event: Event) =>
          dispatch({ type: 'manualToggled', open: (event.currentTarget as HTMLDetailsElement).open }),
      },
      h('summary', null, t('counter.typeInstead')),
      codeForm,
      cardForm,
    ),
  );
}

function paintVolunteer(panel: HTMLElement, state: CounterState, dispatch: Dispatch): void {
  const volunteer = volunteerOf(state);
  const key = JSON.stringify([
    volunteer?.code,
    volunteer?.balance,
    overBalance(state),
    lookingUp(state) !== undefined,
    isScanning(state),
    basketLocked(state),
  ]);
  // The scanner's video must survive repaints while it runs. The key says it is shown, so that
  // the panel is drawn again (the box hidden) when scanning ends, however it ends.
  if (isScanning(state) && panel.querySelector('#scan-video') !== null) {
    const button = panel.querySelector<HTMLButtonElement>('#scan-button');
    if (button !== null) button.hidden = true;
    const box = panel.querySelector<HTMLElement>('.scan-box');
    if (box !== null) box.hidden = false;
    panel.dataset.key = key;
    return;
  }
  // The typed-code forms open when the camera fails (and stay as the counter left them otherwise).
  const manual = panel.querySelector<HTMLDetailsElement>('details.manual');
  if (manual !== null && manual.open !== state.manualOpen) manual.open = state.manualOpen;
  // Nothing to change: keep the panel, and whatever is half typed into its fields.
  if (panel.dataset.key === key) return;
  panel.dataset.key = key;
  // What was typed survives the repaint (except the PIN, typed again after a refusal).
  const typed = Array.from(panel.querySelectorAll('input'))
    .filter((input) => input.id !== 'pin-input' && input.value !== '')
    .map((input) => [input.id, input.value] as const);
  show(
    panel,
    h('h2', null, t('counter.whoTitle')),
    volunteer === undefined ? identifyForms(state, dispatch) : volunteerCard(state, volunteer, dispatch),
  );
  for (const [id, value] of typed) {
    const input = panel.querySelector<HTMLInputElement>(`#${id}`);
    if (input !== null) input.value = value;
  }
}

/** The code's countdown follows the clock; nothing else repaints on a tick. */
function paintTimer(state: CounterState): void {
  const volunteer = volunteerOf(state);
  const timer = document.getElementById('code-timer');
  if (volunteer === undefined || timer === null) return;
  const { expired, text } = codeTimer(volunteer, state.now);
  if (timer.textContent !== text) timer.textContent = text;
  if (expired) timer.classList.add('expired');
}

/* ---------- catalogue and basket ---------- */

export function catalogueSection(state: CounterState, dispatch: Dispatch): Child[] {
  const title = h('h2', null, t('counter.goods'));
  if (state.catalogue.status === 'loading') return [title, h('p', { class: 'loading' }, t('common.loading'))];
  const items = catalogueItems(state);
  const locked = basketLocked(state);
  return [
    title,
    items.length === 0
      ? h('p', { class: 'hint' }, t('counter.noGoods'))
      : h(
          'ul',
          { class: 'goods-grid' },
          items.map((item) => {
            const inBasket = qtyOf(state, item.sku);
            return goodsButton(
              item,
              {
                inBasket,
                stockWords: item.stock === 0 ? t('counter.soldOut') : t('counter.stock', { n: item.stock }),
                disabled: item.stock <= inBasket || locked,
              },
              () => dispatch({ type: 'addOne', sku: item.sku }),
            );
          }),
        ),
  ];
}

export function basketSection(state: CounterState, dispatch: Dispatch): Child[] {
  const lines = basketLines(state);
  const locked = basketLocked(state);
  return [
    h('h2', null, t('counter.basket')),
    lines.length === 0
      ? h('p', { class: 'hint' }, t('counter.basketEmpty'))
      : h(
          'ul',
          { class: 'basket-lines' },
          lines.map(({ item, qty }) => {
            const oldPrice = state.oldPrices.get(item.sku);
            const short = state.shortLines.has(item.sku);
            return basketLine(
              { ...item, qty },
              {
                short,
                locked,
                moreDisabled: qty >= item.stock,
                notes: [
                  oldPrice !== undefined && oldPrice !== item.pricePoints
                    ? h(
                        'span',
                        { class: 'price-changed' },
                        t('counter.priceNow', { old: points(oldPrice), now: points(item.pricePoints) }),
                      )
                    : null,
                  short
                    ? h('span', { class: 'price-changed' }, t('counter.onlyLeft', { n: item.stock }))
                    : null,
                ],
              },
              (type) => dispatch({ type, sku: item.sku }),
            );
          }),
        ),
    overBalance(state)
      ? h('p', { class: 'warning', id: 'over-balance' }, t('error.INSUFFICIENT_POINTS'))
      : null,
    uncertain(state)
      ? h(
          'div',
          { class: 'warning' },
          h('p', null, t('counter.uncertain')),
          h(
            'button',
            {
              type: 'button',
              class: 'button',
              disabled: inFlight(state),
              onclick: () => dispatch({ type: 'abandoned' }),
            },
            t('counter.abandon'),
          ),
        )
      : null,
  ];
}

/** The bar with the total and the confirm button, at the bottom of the screen. */
export function checkoutBar(state: CounterState, dispatch: Dispatch): Child[] {
  const busy = inFlight(state);
  return [
    h(
      'div',
      { class: `total${overBalance(state) ? ' over' : ''}`, id: 'basket-total' },
      h('span', { class: 'label' }, t('counter.total')),
      h('strong', null, points(basketTotal(state))),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        id: 'confirm',
        disabled: busy || basketLines(state).length === 0,
        'aria-busy': busy ? 'true' : 'false',
        onclick: () => dispatch({ type: 'confirmClicked' }),
      },
      busy ? t('counter.confirming') : uncertain(state) ? t('counter.retry') : t('counter.confirm'),
    ),
  ];
}

/* ---------- receipt, void, the day's list ---------- */

export function voidControls(state: CounterState, redemption: Shown, dispatch: Dispatch): HTMLElement {
  if (redemption.status === 'voided') {
    return h('p', { class: 'voided-note' }, t('counter.voidedNote', { reason: redemption.voidReason ?? '' }));
  }
  const form = h(
    'form',
    {
      class: 'void-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const values = formValues(form);
        const reason = values.reason === 'other' ? (values.other ?? '') : (values.reason ?? '');
        dispatch({ type: 'voidClicked', id: redemption.id, reason });
      },
    },
    h('p', { class: 'hint' }, t('counter.voidWhy')),
    VOID_REASONS.map((key, index) =>
      h(
        'label',
        { class: 'radio' },
        h('input', { type: 'radio', name: 'reason', value: t(key), checked: index === 0 }),
        t(key),
      ),
    ),
    h(
      'label',
      { class: 'radio' },
      h('input', { type: 'radio', name: 'reason', value: 'other' }),
      t('counter.voidReasonOther'),
    ),
    h('input', { name: 'other', 'aria-label': t('counter.voidReasonOther'), maxlength: 200 }),
    h(
      'button',
      {
        type: 'submit',
        class: 'button danger',
        disabled: state.voids.get(redemption.id)?.sending === true,
      },
      t('counter.voidConfirm', { points: points(redemption.pointsSpent) }),
    ),
  );
  return h('details', { class: 'void' }, h('summary', { class: 'button' }, t('counter.void')), form);
}

export function receiptCard(state: CounterState, receipt: Shown, dispatch: Dispatch): HTMLElement {
  return h(
    'div',
    { class: `receipt${receipt.status === 'voided' ? ' is-voided' : ''}`, id: 'receipt-body' },
    // A voided receipt says so where it said 兑换成功.
    receipt.status === 'voided'
      ? h('p', { class: 'receipt-title voided', id: 'receipt-title' }, t('counter.receiptVoidedTitle'))
      : h('p', { class: 'receipt-title', id: 'receipt-title' }, t('counter.receiptTitle')),
    receiptLines(receipt.items),
    h(
      'dl',
      { class: 'receipt-sums' },
      h('dt', null, t('counter.spent')),
      h('dd', { id: 'receipt-spent' }, points(receipt.pointsSpent)),
      // The balance after the sale no longer holds once it is voided (the notice says the new one).
      receipt.balanceAfter === undefined || receipt.status === 'voided'
        ? null
        : [
            h('dt', null, t('counter.balanceAfter')),
            h('dd', { id: 'receipt-balance' }, points(receipt.balanceAfter)),
          ],
      h('dt', null, t('counter.time')),
      h('dd', null, formatTime(receipt.at)),
      h('dt', null, t('counter.receiptNo')),
      h('dd', { class: 'mono' }, receipt.id),
    ),
    voidControls(state, receipt, dispatch),
    h(
      'button',
      { type: 'button', class: 'button primary big', onclick: () => dispatch({ type: 'receiptClosed' }) },
      t('counter.nextVolunteer'),
    ),
  );
}

export function recentSection(state: CounterState, dispatch: Dispatch): Child[] {
  const shown = state.recent.slice(0, RECENT_SHOWN);
  return [
    h('h2', null, t('counter.recent')),
    shown.length === 0
      ? h('p', { class: 'hint' }, t('counter.recentEmpty'))
      : h(
          'ul',
          { class: 'recent-list' },
          shown.map((redemption) =>
            h(
              'li',
              {
                class: `recent${redemption.status === 'voided' ? ' is-voided' : ''}`,
                'data-id': redemption.id,
              },
              h(
                'div',
                { class: 'recent-head' },
                h('span', null, formatTime(redemption.at)),
                h('span', null, redemption.displayName ?? ''),
                h('strong', null, points(redemption.pointsSpent)),
                redemption.status === 'voided'
                  ? h('span', { class: 'badge' }, t('counter.voidedBadge'))
                  : null,
              ),
              h(
                'p',
                { class: 'recent-items' },
                redemption.items.map((line) => `${line.name}×${line.qty}`).join('，'),
              ),
              voidControls(state, redemption, dispatch),
            ),
          ),
        ),
  ];
}

/* ---------- the notice line, and the page ---------- */

export function sayText(say: Say): string {
  if ('text' in say) return say.text;
  switch (say.key) {
    case 'counter.identified':
      return t(say.key, { name: say.name });
    case 'counter.voided':
      return t(say.key, { points: points(say.returned), balance: points(say.balance) });
    default:
      return t(say.key);
  }
}

function noticeAction(notice: Notice, dispatch: Dispatch): NoticeAction | undefined {
  if (notice.action === 'retry') {
    return { label: t('counter.retry'), run: () => dispatch({ type: 'confirmClicked' }) };
  }
  return notice.action === 'signIn' ? signInAgain() : undefined;
}

export const noStore = (): HTMLElement =>
  h('section', { class: 'card' }, h('p', { class: 'lead' }, t('counter.noStore')));

type Part = keyof CounterState;

/** Lays the counter out in the shell; the function it returns paints a state. */
export function mountCounter(shell: Shell, dispatch: Dispatch): (state: CounterState) => void {
  show(
    shell.main,
    // A mobile shop's counter goes from here to the van's offline page.
    h(
      'nav',
      { class: 'trip-link', id: 'trip-link', hidden: true, 'aria-label': t('trip.openLink') },
      h('a', { class: 'button', href: '/trip.html' }, t('trip.openLink')),
    ),
    h('section', { class: 'card', id: 'receipt', hidden: true, 'aria-live': 'polite' }),
    h('section', { class: 'card', id: 'volunteer-panel' }),
    h('section', { class: 'card', id: 'catalogue' }),
    h('section', { class: 'card', id: 'basket' }),
    h('section', { class: 'card', id: 'recent' }),
  );
  // Inside <main> (a landmark), fixed at the bottom of the screen.
  shell.main.append(h('div', { class: 'checkout-bar', id: 'checkout-bar' }));
  const [receipt, volunteer, catalogue, basket, recent, bar] = [
    'receipt',
    'volunteer-panel',
    'catalogue',
    'basket',
    'recent',
    'checkout-bar',
  ].map((id) => byId(id)) as [HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement, HTMLElement];
  let last: CounterState | undefined;
  const changed = (state: CounterState, parts: readonly Part[]) =>
    last === undefined || parts.some((part) => last?.[part] !== state[part]);

  return (state) => {
    paintVolunteer(volunteer, state, dispatch);
    paintTimer(state);
    if (changed(state, ['catalogue', 'basket', 'checkout'])) {
      show(catalogue, ...catalogueSection(state, dispatch));
    }
    if (changed(state, ['catalogue', 'basket', 'checkout', 'who', 'oldPrices', 'shortLines'])) {
      show(basket, ...basketSection(state, dispatch));
      show(bar, ...checkoutBar(state, dispatch));
    }
    if (changed(state, ['receipt', 'voids'])) {
      receipt.hidden = state.receipt === undefined;
      if (state.receipt === undefined) receipt.replaceChildren();
      else show(receipt, receiptCard(state, state.receipt, dispatch));
    }
    if (changed(state, ['recent', 'voids'])) show(recent, ...recentSection(state, dispatch));
    if (state.notice !== undefined && state.notice !== last?.notice) {
      shell.notify(state.notice.kind, sayText(state.notice.say), noticeAction(state.notice, dispatch));
    }
    const tripLink = document.getElementById('trip-link');
    if (tripLink !== null && tripLink.hidden === state.mobile) tripLink.hidden = !state.mobile;
    const who = document.getElementById('who');
    if (state.storeName !== undefined && who !== null && who.textContent !== state.storeName) {
      who.textContent = state.storeName;
    }
    last = state;
  };
}
