import { ApiError, call, isCode, isMissingRoute, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate, localDeadline } from '../platform/clock';
import { byId, formValues, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatSeconds, formatTime, points, t } from '../platform/i18n';
import { mountShell, requireRole, type Shell, signInAgain } from '../platform/shell';
import type { Scanner } from '../stores/scanner';

/**
 * 柜台: the counter of one store, on a phone. Identify the volunteer (their QR code through the
 * camera, a typed code, or a printed card and PIN), tap goods into a basket, confirm, hand over
 * the goods with the receipt; void a recent redemption when something went wrong.
 *
 * A basket is charged at most once: its Idempotency-Key is made when it is first confirmed and
 * kept until the counter hears an answer, so a double tap or a retry after a lost answer repeats
 * the same request, which the API answers without charging again.
 */
interface Item {
  sku: string;
  name: string;
  pricePoints: number;
  stock: number;
}

interface Volunteer {
  volunteerId: string;
  displayName: string;
  balance: number;
  code: string;
  /** On this device's clock. */
  deadlineMs: number;
}

interface RedemptionLine {
  sku: string;
  name: string;
  qty: number;
  pricePoints: number;
  points: number;
}

interface Redemption {
  id: string;
  volunteerId: string;
  displayName?: string;
  items: RedemptionLine[];
  pointsSpent: number;
  balanceAfter?: number;
  at: string;
  status?: 'completed' | 'voided';
  voidReason?: string;
}

interface ScanAnswer {
  volunteerId: string;
  displayName: string;
  balance: number;
  expiresAt: string;
  code?: string;
}

interface Attempt {
  key: string;
  body: string;
  /** The request went out and no answer came back: only the same request may follow. */
  uncertain: boolean;
}

const CODE_TTL_MAX_MS = 120_000;
const RECENT_SHOWN = 20;
const VOID_REASONS = [
  'counter.voidReasonWrongItem',
  'counter.voidReasonReturned',
  'counter.voidReasonMistake',
] as const;

const state = {
  storeId: '',
  catalogue: new Map<string, Item>(),
  catalogueLoaded: false,
  basket: new Map<string, number>(),
  /** Prices before a PRICE_CHANGED reload, to show what changed. */
  oldPrices: new Map<string, number>(),
  /** Lines that asked for more than the store has, after OUT_OF_STOCK. */
  shortLines: new Set<string>(),
  volunteer: undefined as Volunteer | undefined,
  identifying: false,
  attempt: undefined as Attempt | undefined,
  inFlight: false,
  receipt: undefined as Redemption | undefined,
  recent: [] as Redemption[],
  recentFromServer: true,
  voidKeys: new Map<string, string>(),
  voiding: new Set<string>(),
  scanner: undefined as Scanner | undefined,
  scanning: false,
  /** Whether the typed-code and card forms are open (they stay open across re-renders). */
  manualOpen: false,
};

let shell: Shell;

const lines = () =>
  [...state.basket.entries()].flatMap(([sku, qty]) => {
    const item = state.catalogue.get(sku);
    return item === undefined ? [] : [{ item, qty }];
  });
const basketTotal = () => lines().reduce((sum, line) => sum + line.item.pricePoints * line.qty, 0);
const basketLocked = () => state.inFlight || state.attempt?.uncertain === true;
const retrying = () => shell.notify('info', t('error.NETWORK_RETRYING'));

function onError(error: unknown): void {
  if (isCode(error, 'UNAUTHENTICATED')) shell.notify('error', describeError(error), signInAgain());
  else shell.notify('error', describeError(error));
}

/* ---------- the volunteer ---------- */

async function identify(request: { code: string } | { cardNumber: string; pin: string }): Promise<void> {
  if (state.identifying) return;
  state.identifying = true;
  renderVolunteer();
  let response: Response | undefined;
  try {
    const answer = await call<ScanAnswer>('POST', '/scan', {
      body: request,
      retry: true,
      onRetry: retrying,
      onResponse: (received) => {
        response = received;
      },
    });
    const code = answer.code ?? ('code' in request ? request.code : '');
    state.volunteer = {
      volunteerId: answer.volunteerId,
      displayName: answer.displayName,
      balance: answer.balance,
      code,
      deadlineMs: localDeadline(answer.expiresAt, response, CODE_TTL_MAX_MS),
    };
    state.receipt = undefined;
    shell.notify('ok', t('counter.identified', { name: answer.displayName }));
  } catch (error) {
    onError(error);
  } finally {
    state.identifying = false;
    renderAll();
  }
}

/** A fresh balance for the volunteer on the counter (after INSUFFICIENT_POINTS): the same code, scanned again. */
async function refreshBalance(): Promise<void> {
  const volunteer = state.volunteer;
  if (volunteer === undefined) return;
  try {
    const answer = await call<ScanAnswer>('POST', '/scan', { body: { code: volunteer.code }, retry: true });
    if (state.volunteer === volunteer) volunteer.balance = answer.balance;
  } catch {
    // The message already shown says what to do; the balance stays as it was.
  }
  renderAll();
}

async function startScan(): Promise<void> {
  if (state.scanning) return;
  state.scanning = true;
  renderVolunteer();
  const video = byId<HTMLVideoElement>('scan-video');
  try {
    const { startScanner } = await import('../stores/scanner');
    state.scanner = await startScanner(video, (text) => {
      stopScan();
      void identify({ code: text });
    });
    if (!state.scanning) stopScan();
  } catch (error) {
    state.scanning = false;
    const reason =
      error instanceof Error && 'reason' in error ? String((error as { reason: string }).reason) : 'failed';
    shell.notify('error', t(reason === 'denied' ? 'counter.cameraDenied' : 'counter.cameraUnavailable'));
    renderVolunteer();
  }
}

function stopScan(): void {
  state.scanner?.stop();
  state.scanner = undefined;
  state.scanning = false;
  renderVolunteer();
}

function forgetVolunteer(): void {
  state.volunteer = undefined;
  renderAll();
}

function volunteerCard(volunteer: Volunteer): HTMLElement {
  const secondsLeft = (volunteer.deadlineMs - Date.now()) / 1000;
  const expired = secondsLeft <= 0;
  const over = basketTotal() > volunteer.balance;
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
      { class: `volunteer-balance${over ? ' over' : ''}` },
      h('span', { class: 'label' }, t('counter.balance')),
      h('strong', { id: 'volunteer-balance' }, points(volunteer.balance)),
    ),
    h(
      'p',
      { class: `code-timer${expired ? ' expired' : ''}`, id: 'code-timer' },
      expired ? t('error.CODE_EXPIRED') : t('counter.codeLeft', { time: formatSeconds(secondsLeft) }),
    ),
    h(
      'button',
      { type: 'button', class: 'button', disabled: basketLocked(), onclick: forgetVolunteer },
      t('counter.nextVolunteer'),
    ),
  );
}

function identifyForms(): HTMLElement {
  const codeForm = h(
    'form',
    {
      class: 'inline-form',
      id: 'code-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { code } = formValues(codeForm);
        if (code) void identify({ code });
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
    h('button', { type: 'submit', class: 'button', disabled: state.identifying }, t('counter.lookUp')),
  );
  const cardForm = h(
    'form',
    {
      class: 'inline-form',
      id: 'card-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const { cardNumber, pin } = formValues(cardForm);
        if (cardNumber && pin) void identify({ cardNumber: cardNumber.replace(/\s+/g, ''), pin });
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
    h('button', { type: 'submit', class: 'button', disabled: state.identifying }, t('counter.lookUp')),
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
        disabled: state.identifying,
        hidden: state.scanning,
        onclick: () => void startScan(),
      },
      t('counter.scan'),
    ),
    h(
      'div',
      { class: 'scan-box', hidden: !state.scanning },
      h('video', { id: 'scan-video', muted: true, playsinline: true, 'aria-label': t('counter.scanning') }),
      h('p', { class: 'hint' }, t('counter.scanning')),
      h('button', { type: 'button', class: 'button', onclick: stopScan }, t('counter.stopScan')),
    ),
    state.identifying ? h('p', { class: 'loading' }, t('counter.identifying')) : null,
    h(
      'details',
      {
        class: 'manual',
        open: state.manualOpen,
        ontoggle: (event: Event) => {
          state.manualOpen = (event.currentTarget as HTMLDetailsElement).open;
        },
      },
      h('summary', null, t('counter.typeInstead')),
      codeForm,
      cardForm,
    ),
  );
}

function renderVolunteer(): void {
  const panel = byId('volunteer-panel');
  // The scanner's video must survive re-renders while it runs.
  if (state.scanning && panel.querySelector('#scan-video') !== null) {
    const button = panel.querySelector<HTMLButtonElement>('#scan-button');
    if (button !== null) button.hidden = true;
    const box = panel.querySelector<HTMLElement>('.scan-box');
    if (box !== null) box.hidden = false;
    return;
  }
  // Nothing to change: keep the panel, and whatever is half typed into its fields.
  const volunteer = state.volunteer;
  const key = JSON.stringify([
    volunteer?.code,
    volunteer?.balance,
    volunteer !== undefined && basketTotal() > volunteer.balance,
    state.identifying,
    state.scanning,
    basketLocked(),
  ]);
  if (panel.dataset.key === key) return;
  panel.dataset.key = key;
  // What was typed survives the re-render (except the PIN, typed again after a refusal).
  const typed = Array.from(panel.querySelectorAll('input'))
    .filter((input) => input.id !== 'pin-input' && input.value !== '')
    .map((input) => [input.id, input.value] as const);
  show(
    panel,
    h('h2', null, t('counter.whoTitle')),
    volunteer === undefined ? identifyForms() : volunteerCard(volunteer),
  );
  for (const [id, value] of typed) {
    const input = panel.querySelector<HTMLInputElement>(`#${id}`);
    if (input !== null) input.value = value;
  }
}

/* ---------- catalogue and basket ---------- */

async function loadCatalogue(): Promise<void> {
  try {
    const answer = await call<{ items: Item[] }>(
      'GET',
      `/stores/${encodeURIComponent(state.storeId)}/items`,
      {
        onRetry: retrying,
      },
    );
    state.catalogue = new Map(answer.items.map((item) => [item.sku, item]));
    state.catalogueLoaded = true;
  } catch (error) {
    onError(error);
  }
  renderAll();
}

function changeQty(sku: string, delta: number): void {
  if (basketLocked()) return;
  const item = state.catalogue.get(sku);
  if (item === undefined) return;
  const next = Math.max(0, Math.min((state.basket.get(sku) ?? 0) + delta, item.stock, 99));
  if (next === 0) state.basket.delete(sku);
  else state.basket.set(sku, next);
  state.shortLines.delete(sku);
  renderAll();
}

function renderCatalogue(): void {
  const panel = byId('catalogue');
  if (!state.catalogueLoaded) {
    show(panel, h('h2', null, t('counter.goods')), h('p', { class: 'loading' }, t('common.loading')));
    return;
  }
  const items = [...state.catalogue.values()];
  show(
    panel,
    h('h2', null, t('counter.goods')),
    items.length === 0
      ? h('p', { class: 'hint' }, t('counter.noGoods'))
      : h(
          'ul',
          { class: 'goods-grid' },
          items.map((item) => {
            const inBasket = state.basket.get(item.sku) ?? 0;
            const soldOut = item.stock <= inBasket;
            return h(
              'li',
              null,
              h(
                'button',
                {
                  type: 'button',
                  class: `goods${inBasket > 0 ? ' chosen' : ''}`,
                  'data-sku': item.sku,
                  disabled: soldOut || basketLocked(),
                  onclick: () => changeQty(item.sku, 1),
                },
                h('span', { class: 'goods-name' }, item.name),
                h('span', { class: 'goods-price' }, points(item.pricePoints)),
                h(
                  'span',
                  { class: 'goods-stock' },
                  item.stock === 0 ? t('counter.soldOut') : t('counter.stock', { n: item.stock }),
                ),
                inBasket > 0
                  ? h('span', { class: 'goods-count', 'aria-hidden': 'true' }, `×${inBasket}`)
                  : null,
              ),
            );
          }),
        ),
  );
}

function renderBasket(): void {
  const panel = byId('basket');
  const current = lines();
  const total = basketTotal();
  const volunteer = state.volunteer;
  const over = volunteer !== undefined && total > volunteer.balance;
  const locked = basketLocked();
  show(
    panel,
    h('h2', null, t('counter.basket')),
    current.length === 0
      ? h('p', { class: 'hint' }, t('counter.basketEmpty'))
      : h(
          'ul',
          { class: 'basket-lines' },
          current.map(({ item, qty }) => {
            const oldPrice = state.oldPrices.get(item.sku);
            return h(
              'li',
              { class: `basket-line${state.shortLines.has(item.sku) ? ' short' : ''}`, 'data-sku': item.sku },
              h(
                'div',
                { class: 'line-text' },
                h('span', { class: 'line-name' }, item.name),
                h(
                  'span',
                  { class: 'line-price' },
                  `${points(item.pricePoints)} × ${qty}`,
                  oldPrice !== undefined && oldPrice !== item.pricePoints
                    ? h(
                        'span',
                        { class: 'price-changed' },
                        t('counter.priceNow', { old: points(oldPrice), now: points(item.pricePoints) }),
                      )
                    : null,
                  state.shortLines.has(item.sku)
                    ? h('span', { class: 'price-changed' }, t('counter.onlyLeft', { n: item.stock }))
                    : null,
                ),
              ),
              h(
                'div',
                { class: 'stepper' },
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'step',
                    disabled: locked,
                    'aria-label': t('counter.less', { name: item.name }),
                    onclick: () => changeQty(item.sku, -1),
                  },
                  '−',
                ),
                h('span', { class: 'qty' }, String(qty)),
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'step',
                    disabled: locked || qty >= item.stock,
                    'aria-label': t('counter.more', { name: item.name }),
                    onclick: () => changeQty(item.sku, 1),
                  },
                  '+',
                ),
              ),
            );
          }),
        ),
    over ? h('p', { class: 'warning', id: 'over-balance' }, t('error.INSUFFICIENT_POINTS')) : null,
    state.attempt?.uncertain === true
      ? h(
          'div',
          { class: 'warning' },
          h('p', null, t('counter.uncertain')),
          h(
            'button',
            { type: 'button', class: 'button', disabled: state.inFlight, onclick: abandonBasket },
            t('counter.abandon'),
          ),
        )
      : null,
  );
  // The bar with the total and the confirm button stays at the bottom of the screen.
  const bar = byId('checkout-bar');
  const confirmLabel = state.inFlight
    ? t('counter.confirming')
    : state.attempt?.uncertain === true
      ? t('counter.retry')
      : t('counter.confirm');
  show(
    bar,
    h(
      'div',
      { class: `total${over ? ' over' : ''}`, id: 'basket-total' },
      h('span', { class: 'label' }, t('counter.total')),
      h('strong', null, points(total)),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        id: 'confirm',
        disabled: state.inFlight || current.length === 0,
        'aria-busy': state.inFlight ? 'true' : 'false',
        onclick: () => void confirm(),
      },
      confirmLabel,
    ),
  );
}

function abandonBasket(): void {
  state.attempt = undefined;
  state.basket.clear();
  state.oldPrices.clear();
  state.shortLines.clear();
  state.volunteer = undefined;
  shell.notify('info', t('counter.abandoned'));
  renderAll();
  void loadRecent();
}

/* ---------- confirm, receipt, void ---------- */

async function confirm(): Promise<void> {
  if (state.inFlight) return;
  const volunteer = state.volunteer;
  if (volunteer === undefined) {
    shell.notify('error', t('counter.scanFirst'));
    return;
  }
  if (Date.now() >= volunteer.deadlineMs && state.attempt?.uncertain !== true) {
    shell.notify('error', t('error.CODE_EXPIRED'));
    return;
  }
  const current = lines();
  if (current.length === 0) return;
  if (basketTotal() > volunteer.balance && state.attempt?.uncertain !== true) {
    shell.notify('error', t('error.INSUFFICIENT_POINTS'));
    return;
  }
  const body = JSON.stringify({
    code: volunteer.code,
    items: current.map(({ item, qty }) => ({ sku: item.sku, qty, pricePoints: item.pricePoints })),
  });
  // One key per basket: made at the first confirm, kept through retries until an answer comes.
  if (state.attempt === undefined || (!state.attempt.uncertain && state.attempt.body !== body)) {
    state.attempt = { key: newIdempotencyKey(), body, uncertain: false };
  }
  const attempt = state.attempt;
  state.inFlight = true;
  renderAll();
  try {
    const receipt = await call<Redemption>(
      'POST',
      `/stores/${encodeURIComponent(state.storeId)}/redemptions`,
      {
        body: JSON.parse(attempt.body) as unknown,
        idempotencyKey: attempt.key,
        onRetry: retrying,
      },
    );
    state.attempt = undefined;
    state.basket.clear();
    state.oldPrices.clear();
    state.shortLines.clear();
    state.volunteer = undefined;
    state.receipt = { ...receipt, displayName: volunteer.displayName, status: 'completed' };
    state.recent = [state.receipt, ...state.recent.filter((other) => other.id !== receipt.id)];
    shell.notify('ok', t('counter.done'));
    void loadCatalogue();
    void loadRecent();
  } catch (error) {
    if (outcomeUnknown(error)) {
      attempt.uncertain = true;
      shell.notify('error', t('counter.uncertain'), { label: t('counter.retry'), run: () => void confirm() });
    } else {
      state.attempt = undefined;
      await explainRefusal(error);
    }
  } finally {
    state.inFlight = false;
    renderAll();
    if (state.receipt !== undefined) byId('receipt').scrollIntoView({ block: 'start' });
  }
}

/** A refused redemption changed nothing: say why and what to do, and fix what can be fixed here. */
async function explainRefusal(error: unknown): Promise<void> {
  onError(error);
  if (!(error instanceof ApiError)) return;
  switch (error.code) {
    case 'INSUFFICIENT_POINTS':
      await refreshBalance();
      break;
    case 'PRICE_CHANGED': {
      const before = new Map([...state.catalogue.values()].map((item) => [item.sku, item.pricePoints]));
      await loadCatalogue();
      state.oldPrices = new Map(
        [...before].filter(([sku, price]) => state.catalogue.get(sku)?.pricePoints !== price),
      );
      break;
    }
    case 'OUT_OF_STOCK':
      await loadCatalogue();
      state.shortLines = new Set(
        [...state.basket]
          .filter(([sku, qty]) => qty > (state.catalogue.get(sku)?.stock ?? 0))
          .map(([sku]) => sku),
      );
      break;
    case 'CODE_USED':
    case 'CODE_EXPIRED':
    case 'INVALID_CODE':
      // The basket stays; the volunteer shows a fresh code and is scanned again.
      state.volunteer = undefined;
      break;
    default:
      break;
  }
  renderAll();
}

function receiptCard(receipt: Redemption): HTMLElement {
  return h(
    'div',
    { class: 'receipt', id: 'receipt-body' },
    h('p', { class: 'receipt-title' }, t('counter.receiptTitle')),
    h(
      'table',
      { class: 'receipt-lines' },
      h(
        'tbody',
        null,
        receipt.items.map((line) =>
          h(
            'tr',
            null,
            h('td', null, line.name),
            h('td', { class: 'num' }, `× ${line.qty}`),
            h('td', { class: 'num' }, points(line.points)),
          ),
        ),
      ),
    ),
    h(
      'dl',
      { class: 'receipt-sums' },
      h('dt', null, t('counter.spent')),
      h('dd', { id: 'receipt-spent' }, points(receipt.pointsSpent)),
      receipt.balanceAfter === undefined ? null : h('dt', null, t('counter.balanceAfter')),
      receipt.balanceAfter === undefined
        ? null
        : h('dd', { id: 'receipt-balance' }, points(receipt.balanceAfter)),
      h('dt', null, t('counter.time')),
      h('dd', null, formatTime(receipt.at)),
      h('dt', null, t('counter.receiptNo')),
      h('dd', { class: 'mono' }, receipt.id),
    ),
    voidControls(receipt),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        onclick: () => {
          state.receipt = undefined;
          renderAll();
          byId('volunteer-panel').scrollIntoView({ block: 'start' });
        },
      },
      t('counter.nextVolunteer'),
    ),
  );
}

function voidControls(redemption: Redemption): HTMLElement | null {
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
        if (reason === '') {
          shell.notify('error', t('counter.voidNeedsReason'));
          return;
        }
        void voidRedemption(redemption, reason);
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
      { type: 'submit', class: 'button danger', disabled: state.voiding.has(redemption.id) },
      t('counter.voidConfirm', { points: points(redemption.pointsSpent) }),
    ),
  );
  return h('details', { class: 'void' }, h('summary', { class: 'button' }, t('counter.void')), form);
}

async function voidRedemption(redemption: Redemption, reason: string): Promise<void> {
  if (state.voiding.has(redemption.id)) return;
  const key = state.voidKeys.get(redemption.id) ?? newIdempotencyKey();
  state.voidKeys.set(redemption.id, key);
  state.voiding.add(redemption.id);
  renderAll();
  try {
    const answer = await call<{ balanceAfter: number; pointsReturned?: number }>(
      'POST',
      `/stores/${encodeURIComponent(state.storeId)}/redemptions/${encodeURIComponent(redemption.id)}/void`,
      { body: { reason }, idempotencyKey: key, onRetry: retrying },
    );
    state.voidKeys.delete(redemption.id);
    markVoided(redemption.id, reason);
    shell.notify(
      'ok',
      t('counter.voided', {
        points: points(answer.pointsReturned ?? redemption.pointsSpent),
        balance: points(answer.balanceAfter),
      }),
    );
    void loadCatalogue();
    void loadRecent();
  } catch (error) {
    if (isCode(error, 'ALREADY_VOIDED')) markVoided(redemption.id, reason);
    if (!outcomeUnknown(error)) state.voidKeys.delete(redemption.id);
    onError(error);
  } finally {
    state.voiding.delete(redemption.id);
    renderAll();
  }
}

function markVoided(id: string, reason: string): void {
  for (const redemption of [state.receipt, ...state.recent]) {
    if (redemption?.id === id) {
      redemption.status = 'voided';
      redemption.voidReason = reason;
    }
  }
}

function renderReceipt(): void {
  const panel = byId('receipt');
  panel.hidden = state.receipt === undefined;
  if (state.receipt === undefined) panel.replaceChildren();
  else show(panel, receiptCard(state.receipt));
}

async function loadRecent(): Promise<void> {
  if (!state.recentFromServer) return renderRecent();
  try {
    const day = await call<{ redemptions: Redemption[] }>(
      'GET',
      `/stores/${encodeURIComponent(state.storeId)}/redemptions`,
      { query: { date: chinaDate() } },
    );
    const fromServer = [...day.redemptions].sort((a, b) => b.at.localeCompare(a.at));
    state.recent = fromServer.map((redemption) => {
      const known = state.recent.find((other) => other.id === redemption.id);
      return { ...known, ...redemption };
    });
  } catch (error) {
    // Without the day's list (not deployed yet), the counter still lists what it did itself.
    if (isMissingRoute(error)) state.recentFromServer = false;
  }
  renderRecent();
}

function renderRecent(): void {
  const panel = byId('recent');
  const shown = state.recent.slice(0, RECENT_SHOWN);
  show(
    panel,
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
              voidControls(redemption),
            ),
          ),
        ),
  );
}

function renderAll(): void {
  renderVolunteer();
  renderCatalogue();
  renderBasket();
  renderReceipt();
  renderRecent();
}

/** The code's countdown, once a second; nothing else re-renders on the tick. */
function tick(): void {
  const volunteer = state.volunteer;
  const timer = document.getElementById('code-timer');
  if (volunteer === undefined || timer === null) return;
  const secondsLeft = (volunteer.deadlineMs - Date.now()) / 1000;
  if (secondsLeft <= 0) {
    timer.textContent = t('error.CODE_EXPIRED');
    timer.classList.add('expired');
  } else {
    timer.textContent = t('counter.codeLeft', { time: formatSeconds(secondsLeft) });
  }
}

/** The store's name in the header instead of the sign-in label, when the store can be read. */
async function showStoreName(): Promise<void> {
  try {
    const store = await call<{ name: string }>('GET', `/stores/${encodeURIComponent(state.storeId)}`, {
      retry: false,
    });
    const who = document.getElementById('who');
    if (who !== null) who.textContent = store.name;
  } catch {
    // The sign-in label stays.
  }
}

async function main(): Promise<void> {
  const session = await requireRole(['counter'], 'counter.title');
  if (session === undefined) return;
  shell = mountShell('counter.title', session);
  document.body.classList.add('has-checkout-bar');
  const storeId = session.claims.storeId;
  if (storeId === undefined) {
    show(shell.main, h('section', { class: 'card' }, h('p', { class: 'lead' }, t('counter.noStore'))));
    return;
  }
  state.storeId = storeId;
  show(
    shell.main,
    h('section', { class: 'card', id: 'receipt', hidden: true, 'aria-live': 'polite' }),
    h('section', { class: 'card', id: 'volunteer-panel' }),
    h('section', { class: 'card', id: 'catalogue' }),
    h('section', { class: 'card', id: 'basket' }),
    h('section', { class: 'card', id: 'recent' }),
  );
  document.body.append(h('div', { class: 'checkout-bar', id: 'checkout-bar' }));
  renderAll();
  setInterval(tick, 1000);
  await Promise.all([loadCatalogue(), loadRecent(), showStoreName()]);
  document.body.dataset.ready = 'true';
}

void main();
