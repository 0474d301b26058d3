import type * as z from 'zod/mini';
import type { ScanRequest, ScanResponse } from '../../../../shared/stores/contract/codes';
import type {
  Redemption,
  RedemptionRequest,
  StoreDayRedemption,
  VoidResponse,
} from '../../../../shared/stores/contract/redemptions';
import type { StoreItem } from '../../../../shared/stores/contract/stores';
import type { MessageKey } from '../../platform/i18n';
import type { NoticeKind } from '../../platform/shell';

/**
 * The counter page as data: what the counter knows (CounterState), what can happen to it
 * (CounterEvent), and `reduce`, which says what each event changes. Nothing here touches the DOM,
 * the network, timers or the clock: time, keys and answers arrive inside events, made at the edge
 * (effects.ts), so every rule of the counter can be tested by feeding events.
 *
 * A basket is charged at most once: its Idempotency-Key is kept in `checkout` from the first
 * confirm until an answer is heard, so a double tap or a retry after a lost answer repeats the same
 * request, which the API answers without charging again.
 */

export type Item = Readonly<StoreItem>;
export type { ScanRequest };
export type ScanAnswer = z.infer<typeof ScanResponse>;
/** The answer to a redemption. */
export type Sale = z.infer<typeof Redemption>;
type DayEntry = z.infer<typeof StoreDayRedemption>;
/** A redemption on the counter: the answer to its POST, an entry of the day's list, or both merged. */
export type Shown = Readonly<
  Pick<DayEntry, 'id' | 'volunteerId' | 'items' | 'pointsSpent' | 'at'> &
    Partial<Pick<DayEntry, 'displayName' | 'status' | 'voidReason'>> &
    Partial<Pick<Sale, 'balanceAfter'>>
>;
type VoidReply = z.infer<typeof VoidResponse>;
/** The answer to a void (`pointsReturned` may be missing from older servers). */
export type VoidAnswer = Pick<VoidReply, 'balanceAfter'> & Partial<Pick<VoidReply, 'pointsReturned'>>;

export type Volunteer = Readonly<
  Pick<ScanAnswer, 'volunteerId' | 'displayName' | 'balance'> & {
    /** The code the redemption carries (a card's answer brings a fresh one). */
    code: string;
    /** When the code stops working, on this device's clock. */
    deadlineMs: number;
  }
>;

/** Who is at the counter: nobody yet (the camera may be on, a code may be being looked up), or a volunteer. */
export type Who =
  | {
      readonly phase: 'identifying';
      readonly scanning: boolean;
      /** The request out to /scan, if any. */
      readonly lookingUp: ScanRequest | undefined;
    }
  | { readonly phase: 'identified'; readonly volunteer: Volunteer };

/** The refusals the page can do something about before the next confirm. */
export type Fixable = 'INSUFFICIENT_POINTS' | 'PRICE_CHANGED' | 'OUT_OF_STOCK';

interface Attempt {
  readonly key: string;
  readonly request: RedemptionRequest;
  readonly displayName: string;
}

/** The basket on its way to the till. Every phase but `open` locks the basket. */
export type Checkout =
  | { readonly phase: 'open' }
  /** The request is out; `retry` when an earlier try went unanswered. */
  | (Attempt & { readonly phase: 'sending'; readonly retry: boolean })
  /** Sent, and no answer heard: only the same request (same key) may follow, or the basket is abandoned. */
  | (Attempt & { readonly phase: 'unanswered' })
  /** Refused; the page is fetching what fixes it (a fresh balance, the new prices, the stock left). */
  | { readonly phase: 'fixing'; readonly refusal: Fixable };

export type Catalogue =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly items: readonly Item[] };

export interface BasketLine {
  readonly sku: string;
  readonly qty: number;
}

/** A void under way (`sending`) or unanswered; its key is kept until an answer comes. */
export interface VoidAttempt {
  readonly key: string;
  readonly sending: boolean;
}

/** What the notice line says: a message key (with what it needs), or a sentence made at the edge. */
export type Say =
  | { readonly key: Exclude<MessageKey, 'counter.identified' | 'counter.voided'> }
  | { readonly key: 'counter.identified'; readonly name: string }
  | { readonly key: 'counter.voided'; readonly returned: number; readonly balance: number }
  | { readonly text: string };

/** A message for the notice line; each new object is shown once. */
export interface Notice {
  readonly kind: NoticeKind;
  readonly say: Say;
  readonly action?: 'retry' | 'signIn';
}

/** An error as the edge heard it, as plain data. */
export interface Problem {
  /** The contract's code (INSUFFICIENT_POINTS, ...) for an API answer. */
  readonly code: string | undefined;
  /** The sentence to show. */
  readonly message: string;
  /** The request may have been carried out without an answer reaching us. */
  readonly outcomeUnknown: boolean;
  /** The route is not deployed yet. */
  readonly missingRoute: boolean;
}

export interface CounterState {
  /** The device's clock at the last tick (for the code's countdown). */
  readonly now: number;
  readonly storeName: string | undefined;
  /** A mobile shop's counter also opens trips (流动超市出车, trip.html). */
  readonly mobile: boolean;
  readonly catalogue: Catalogue;
  /** In the order the goods were first tapped. */
  readonly basket: readonly BasketLine[];
  /** Prices before a PRICE_CHANGED reload, to show what changed. */
  readonly oldPrices: ReadonlyMap<string, number>;
  /** Lines that asked for more than the store has, after OUT_OF_STOCK. */
  readonly shortLines: ReadonlySet<string>;
  readonly who: Who;
  /** Whether the typed-code and card forms are open. */
  readonly manualOpen: boolean;
  readonly checkout: Checkout;
  readonly receipt: Shown | undefined;
  /** Newest first. */
  readonly recent: readonly Shown[];
  /** Where the day's list comes from: the server, or (before that route is deployed) this counter. */
  readonly recentSource: 'server' | 'local';
  readonly voids: ReadonlyMap<string, VoidAttempt>;
  readonly notice: Notice | undefined;
}

export type CounterEvent =
  | { readonly type: 'tick'; readonly now: number }
  | { readonly type: 'retrying' }
  /** The store as it answers: its name, and whether it is a mobile shop (流动超市). */
  | { readonly type: 'storeNamed'; readonly name: string; readonly mobile?: boolean }
  // the volunteer
  | { readonly type: 'scanClicked' }
  | { readonly type: 'scanStopped' }
  | { readonly type: 'scannerFailed'; readonly denied: boolean }
  | { readonly type: 'codeScanned'; readonly code: string }
  | { readonly type: 'lookUp'; readonly request: ScanRequest }
  | {
      readonly type: 'identified';
      readonly request: ScanRequest;
      readonly answer: ScanAnswer;
      readonly deadlineMs: number;
      readonly at: number;
    }
  | { readonly type: 'lookUpFailed'; readonly problem: Problem }
  | { readonly type: 'manualToggled'; readonly open: boolean }
  | { readonly type: 'volunteerForgotten' }
  | { readonly type: 'balanceRefreshed'; readonly code: string; readonly balance: number }
  | { readonly type: 'balanceRefreshFailed' }
  // goods and basket
  | { readonly type: 'catalogueLoaded'; readonly items: readonly Item[]; readonly after?: Fixable }
  | { readonly type: 'catalogueFailed'; readonly problem: Problem; readonly after?: Fixable }
  | { readonly type: 'addOne'; readonly sku: string }
  | { readonly type: 'removeOne'; readonly sku: string }
  // confirm: the click asks the edge for the time and a fresh key, which come back in `confirm`
  | { readonly type: 'confirmClicked' }
  | { readonly type: 'confirm'; readonly at: number; readonly key: string }
  | { readonly type: 'confirmed'; readonly redemption: Sale }
  | { readonly type: 'confirmFailed'; readonly problem: Problem }
  | { readonly type: 'abandoned' }
  | { readonly type: 'receiptClosed' }
  // void: the same, with `void`
  | { readonly type: 'voidClicked'; readonly id: string; readonly reason: string }
  | { readonly type: 'void'; readonly id: string; readonly reason: string; readonly key: string }
  | { readonly type: 'voided'; readonly id: string; readonly reason: string; readonly answer: VoidAnswer }
  | { readonly type: 'voidFailed'; readonly id: string; readonly reason: string; readonly problem: Problem }
  // the day's list
  | { readonly type: 'recentLoaded'; readonly redemptions: readonly Shown[] }
  | { readonly type: 'recentFailed'; readonly problem: Problem };

const NOBODY: Who = { phase: 'identifying', scanning: false, lookingUp: undefined };
const OPEN: Checkout = { phase: 'open' };
const MAX_QTY = 99;

export const initialState: CounterState = {
  now: 0,
  storeName: undefined,
  mobile: false,
  catalogue: { status: 'loading' },
  basket: [],
  oldPrices: new Map(),
  shortLines: new Set(),
  who: NOBODY,
  manualOpen: false,
  checkout: OPEN,
  receipt: undefined,
  recent: [],
  recentSource: 'server',
  voids: new Map(),
  notice: undefined,
};

/* ---------- what the state implies ---------- */

export const catalogueItems = (state: CounterState): readonly Item[] =>
  state.catalogue.status === 'loaded' ? state.catalogue.items : [];

export const itemOf = (state: CounterState, sku: string): Item | undefined =>
  catalogueItems(state).find((item) => item.sku === sku);

export const qtyOf = (state: CounterState, sku: string): number =>
  state.basket.find((line) => line.sku === sku)?.qty ?? 0;

/** The basket's lines whose goods are in the catalogue. */
export const basketLines = (state: CounterState): { item: Item; qty: number }[] =>
  state.basket.flatMap(({ sku, qty }) => {
    const item = itemOf(state, sku);
    return item === undefined ? [] : [{ item, qty }];
  });

export const basketTotal = (state: CounterState): number =>
  basketLines(state).reduce((sum, line) => sum + line.item.pricePoints * line.qty, 0);

export const volunteerOf = (state: CounterState): Volunteer | undefined =>
  state.who.phase === 'identified' ? state.who.volunteer : undefined;

export const isScanning = (state: CounterState): boolean =>
  state.who.phase === 'identifying' && state.who.scanning;

export const lookingUp = (state: CounterState): ScanRequest | undefined =>
  state.who.phase === 'identifying' ? state.who.lookingUp : undefined;

/** A request (or the fix after its refusal) is under way. */
export const inFlight = (state: CounterState): boolean =>
  state.checkout.phase === 'sending' || state.checkout.phase === 'fixing';

/** The last request went unanswered (and may be under way again). */
export const uncertain = (state: CounterState): boolean =>
  state.checkout.phase === 'unanswered' || (state.checkout.phase === 'sending' && state.checkout.retry);

export const basketLocked = (state: CounterState): boolean => state.checkout.phase !== 'open';

export const overBalance = (state: CounterState): boolean => {
  const volunteer = volunteerOf(state);
  return volunteer !== undefined && basketTotal(state) > volunteer.balance;
};

/* ---------- the reducer ---------- */

const notice = (kind: NoticeKind, say: Say, action?: Notice['action']): Notice =>
  action === undefined ? { kind, say } : { kind, say, action };

const problemNotice = (problem: Problem): Notice =>
  notice('error', { text: problem.message }, problem.code === 'UNAUTHENTICATED' ? 'signIn' : undefined);

const refuse = (state: CounterState, key: Exclude<MessageKey, 'counter.identified' | 'counter.voided'>) => ({
  ...state,
  notice: notice('error', { key }),
});

const withoutScanning = (state: CounterState): CounterState =>
  isScanning(state) ? { ...state, who: { ...NOBODY, lookingUp: lookingUp(state) } } : state;

function startLookUp(state: CounterState, request: ScanRequest): CounterState {
  if (state.who.phase !== 'identifying' || state.who.lookingUp !== undefined) return state;
  return { ...state, who: { ...state.who, lookingUp: request } };
}

function step(state: CounterState, sku: string, delta: 1 | -1): CounterState {
  if (basketLocked(state)) return state;
  const item = itemOf(state, sku);
  if (item === undefined) return state;
  const had = qtyOf(state, sku);
  const qty = Math.max(0, Math.min(had + delta, item.stock, MAX_QTY));
  const basket =
    qty === 0
      ? state.basket.filter((line) => line.sku !== sku)
      : had === 0
        ? [...state.basket, { sku, qty }]
        : state.basket.map((line) => (line.sku === sku ? { sku, qty } : line));
  const shortLines = new Set(state.shortLines);
  shortLines.delete(sku);
  return { ...state, basket, shortLines };
}

/** After a refusal's catalogue reload (`next`), what changed since `before`, and the basket unlocked. */
function fixedBy(next: CounterState, before: CounterState, refusal: Fixable | undefined): CounterState {
  if (refusal === undefined) return next;
  const checkout =
    next.checkout.phase === 'fixing' && next.checkout.refusal === refusal ? OPEN : next.checkout;
  if (refusal === 'PRICE_CHANGED') {
    const oldPrices = new Map(
      catalogueItems(before)
        .filter((item) => itemOf(next, item.sku)?.pricePoints !== item.pricePoints)
        .map((item) => [item.sku, item.pricePoints]),
    );
    return { ...next, checkout, oldPrices };
  }
  if (refusal === 'OUT_OF_STOCK') {
    const shortLines = new Set(
      next.basket.filter((line) => line.qty > (itemOf(next, line.sku)?.stock ?? 0)).map((line) => line.sku),
    );
    return { ...next, checkout, shortLines };
  }
  return { ...next, checkout };
}

const emptyBasket = (state: CounterState): CounterState => ({
  ...state,
  checkout: OPEN,
  basket: [],
  oldPrices: new Map(),
  shortLines: new Set(),
  who: NOBODY,
});

const findShown = (state: CounterState, id: string): Shown | undefined =>
  state.receipt?.id === id ? state.receipt : state.recent.find((redemption) => redemption.id === id);

function markVoided(state: CounterState, id: string, reason: string): CounterState {
  const mark = (redemption: Shown): Shown =>
    redemption.id === id ? { ...redemption, status: 'voided', voidReason: reason } : redemption;
  return {
    ...state,
    receipt: state.receipt === undefined ? undefined : mark(state.receipt),
    recent: state.recent.map(mark),
  };
}

function withVoid(state: CounterState, id: string, attempt: VoidAttempt | undefined): CounterState {
  const voids = new Map(state.voids);
  if (attempt === undefined) voids.delete(id);
  else voids.set(id, attempt);
  return { ...state, voids };
}

function confirm(state: CounterState, at: number, key: string): CounterState {
  const { checkout, who } = state;
  if (inFlight(state)) return state;
  if (who.phase !== 'identified') return refuse(state, 'counter.scanFirst');
  const { volunteer } = who;
  const retry = checkout.phase === 'unanswered';
  if (!retry && at >= volunteer.deadlineMs) return refuse(state, 'error.CODE_EXPIRED');
  const lines = basketLines(state);
  if (lines.length === 0) return state;
  if (!retry && basketTotal(state) > volunteer.balance) return refuse(state, 'error.INSUFFICIENT_POINTS');
  // One key per basket: taken at the first confirm, kept through retries until an answer comes.
  const attempt: Attempt = retry
    ? checkout
    : {
        key,
        displayName: volunteer.displayName,
        request: {
          code: volunteer.code,
          items: lines.map(({ item, qty }) => ({ sku: item.sku, qty, pricePoints: item.pricePoints })),
        },
      };
  return {
    ...state,
    checkout: {
      phase: 'sending',
      retry,
      key: attempt.key,
      request: attempt.request,
      displayName: attempt.displayName,
    },
  };
}

function confirmFailed(state: CounterState, problem: Problem): CounterState {
  const { checkout } = state;
  if (checkout.phase !== 'sending') return state;
  if (problem.outcomeUnknown) {
    const { key, request, displayName } = checkout;
    return {
      ...state,
      checkout: { phase: 'unanswered', key, request, displayName },
      notice: notice('error', { key: 'counter.uncertain' }, 'retry'),
    };
  }
  // A refused redemption changed nothing: say why, and fix what can be fixed here.
  const refused: CounterState = { ...state, checkout: OPEN, notice: problemNotice(problem) };
  switch (problem.code) {
    case 'INSUFFICIENT_POINTS':
      return state.who.phase === 'identified'
        ? { ...refused, checkout: { phase: 'fixing', refusal: problem.code } }
        : refused;
    case 'PRICE_CHANGED':
    case 'OUT_OF_STOCK':
      return { ...refused, checkout: { phase: 'fixing', refusal: problem.code } };
    case 'CODE_USED':
    case 'CODE_EXPIRED':
    case 'INVALID_CODE':
      // The basket stays; the volunteer shows a fresh code and is scanned again.
      return { ...refused, who: NOBODY };
    default:
      return refused;
  }
}

export function reduce(state: CounterState, event: CounterEvent): CounterState {
  switch (event.type) {
    case 'tick':
      return { ...state, now: event.now };
    case 'retrying':
      return { ...state, notice: notice('info', { key: 'error.NETWORK_RETRYING' }) };
    case 'storeNamed':
      return { ...state, storeName: event.name, mobile: event.mobile === true };

    case 'scanClicked':
      return state.who.phase === 'identifying' && !state.who.scanning
        ? { ...state, who: { ...state.who, scanning: true } }
        : state;
    case 'scanStopped':
      return withoutScanning(state);
    case 'scannerFailed':
      // No camera picture: say so, and open the typed-code and card forms in its place.
      if (!isScanning(state)) return state;
      return refuse(
        { ...withoutScanning(state), manualOpen: true },
        event.denied ? 'counter.cameraDenied' : 'counter.cameraUnavailable',
      );
    case 'codeScanned':
      return isScanning(state) ? startLookUp(withoutScanning(state), { code: event.code }) : state;
    case 'lookUp':
      return startLookUp(state, event.request);
    case 'identified': {
      const { answer, request } = event;
      const volunteer: Volunteer = {
        volunteerId: answer.volunteerId,
        displayName: answer.displayName,
        balance: answer.balance,
        code: answer.code ?? ('code' in request ? request.code : ''),
        deadlineMs: event.deadlineMs,
      };
      return {
        ...state,
        now: event.at,
        who: { phase: 'identified', volunteer },
        receipt: undefined,
        notice: notice('ok', { key: 'counter.identified', name: answer.displayName }),
      };
    }
    case 'lookUpFailed':
      return {
        ...state,
        who: state.who.phase === 'identifying' ? { ...state.who, lookingUp: undefined } : state.who,
        notice: problemNotice(event.problem),
      };
    case 'manualToggled':
      return state.manualOpen === event.open ? state : { ...state, manualOpen: event.open };
    case 'volunteerForgotten':
      return basketLocked(state) ? state : { ...state, who: NOBODY };
    case 'balanceRefreshed': {
      const { who } = state;
      const next =
        who.phase === 'identified' && who.volunteer.code === event.code
          ? { ...state, who: { ...who, volunteer: { ...who.volunteer, balance: event.balance } } }
          : state;
      return fixedBy(next, state, 'INSUFFICIENT_POINTS');
    }
    case 'balanceRefreshFailed':
      return fixedBy(state, state, 'INSUFFICIENT_POINTS');

    case 'catalogueLoaded':
      return fixedBy({ ...state, catalogue: { status: 'loaded', items: event.items } }, state, event.after);
    case 'catalogueFailed':
      return fixedBy({ ...state, notice: problemNotice(event.problem) }, state, event.after);
    case 'addOne':
      return step(state, event.sku, 1);
    case 'removeOne':
      return step(state, event.sku, -1);

    case 'confirmClicked':
      return state;
    case 'confirm':
      return confirm(state, event.at, event.key);
    case 'confirmed': {
      if (state.checkout.phase !== 'sending') return state;
      const receipt: Shown = {
        ...event.redemption,
        displayName: state.checkout.displayName,
        status: 'completed',
      };
      return {
        ...emptyBasket(state),
        receipt,
        recent: [receipt, ...state.recent.filter((other) => other.id !== receipt.id)],
        notice: notice('ok', { key: 'counter.done' }),
      };
    }
    case 'confirmFailed':
      return confirmFailed(state, event.problem);
    case 'abandoned':
      return state.checkout.phase === 'unanswered'
        ? { ...emptyBasket(state), notice: notice('info', { key: 'counter.abandoned' }) }
        : state;
    case 'receiptClosed':
      return { ...state, receipt: undefined };

    case 'voidClicked':
      return state;
    case 'void': {
      if (event.reason === '') return refuse(state, 'counter.voidNeedsReason');
      const known = state.voids.get(event.id);
      if (known?.sending === true) return state;
      return withVoid(state, event.id, { key: known?.key ?? event.key, sending: true });
    }
    case 'voided': {
      const spent = findShown(state, event.id)?.pointsSpent ?? 0;
      return {
        ...markVoided(withVoid(state, event.id, undefined), event.id, event.reason),
        notice: notice('ok', {
          key: 'counter.voided',
          returned: event.answer.pointsReturned ?? spent,
          balance: event.answer.balanceAfter,
        }),
      };
    }
    case 'voidFailed': {
      const { problem } = event;
      const marked = problem.code === 'ALREADY_VOIDED' ? markVoided(state, event.id, event.reason) : state;
      const known = state.voids.get(event.id);
      const kept =
        problem.outcomeUnknown && known !== undefined ? { key: known.key, sending: false } : undefined;
      return { ...withVoid(marked, event.id, kept), notice: problemNotice(problem) };
    }

    case 'recentLoaded': {
      const fromServer = [...event.redemptions].sort((a, b) => b.at.localeCompare(a.at));
      return {
        ...state,
        recent: fromServer.map((redemption) => ({
          ...state.recent.find((other) => other.id === redemption.id),
          ...redemption,
        })),
      };
    }
    case 'recentFailed':
      // Without the day's list (not deployed yet), the counter still lists what it did itself.
      return event.problem.missingRoute ? { ...state, recentSource: 'local' } : state;
  }
}
