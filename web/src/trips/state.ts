import { sha256 } from '@noble/hashes/sha2.js';
import type * as z from 'zod/mini';
import type { PlaceList } from '../../../shared/people/contract/orgs';
import type { Store } from '../../../shared/stores/contract/stores';
import type {
  OpenTripRequest,
  Trip,
  TripBasketRequest,
  TripBasket as TripBasketSchema,
  TripPack,
} from '../../../shared/trips/contract/trips';
import { priceBasket, toSync } from '../../../shared/trips/rules/trip';
import type { MessageKey } from '../platform/i18n';
import type { NoticeKind } from '../platform/shell';

/**
 * The mobile shop's offline counter (流动超市出车) as data: what the van's phone knows
 * (TripPageState), what can happen to it (TripEvent), and `reduce`. Nothing here touches the DOM,
 * the network, IndexedDB, scrypt or the clock: keys, times, answers and PIN verdicts arrive inside
 * events made at the edge (effects.ts), so every rule of the van can be tested by feeding events.
 *
 * The rules the phone keeps while it has no signal (docs/mobile-shop.md): a volunteer spends at most
 * what the trip holds for them less what is already spent or queued; the van hands over at most
 * what it carries less what is already redeemed or queued; a card locks for the trip after five
 * wrong PINs; each basket keeps the key it was recorded with, so a sync repeated, from this phone or
 * another, settles it once; a basket entered from the paper roster takes a key made from the trip
 * and the sheet's line, so the same sheet entered twice settles once.
 */

export type Pack = TripPack;
/** The server's answer to a basket: settled, with what is left of the hold. */
export type TripBasket = z.infer<typeof TripBasketSchema>;
export type PackVolunteer = TripPack['volunteers'][number];
export type Good = Trip['goods'][number];
export type Place = PlaceList['places'][number];
export type StoreFacts = Pick<Store, 'name' | 'kind'> & Partial<Pick<Store, 'schedule'>>;

/** Wrong PINs a card may take on this phone before the trip refuses it. */
export const PIN_TRIES_MAX = 5;
/** The contract's limits on one basket (shared/platform/limits.ts). */
export const QTY_MAX = 99;
export const LINES_MAX = 20;
/** The villages one trip may take (TRIP_VILLAGES_MAX). */
export const VILLAGES_MAX = 10;

export interface BasketLine {
  readonly sku: string;
  readonly qty: number;
}

export interface ReceiptLine {
  readonly sku: string;
  readonly name: string;
  readonly qty: number;
  readonly pricePoints: number;
  readonly points: number;
}

/** Why the server refused a basket (kept, shown, never sent again). */
export interface Refusal {
  readonly code: string;
  /** The sentence the edge made of it, for a code the page has no words of its own for. */
  readonly message: string;
  /** INSUFFICIENT_POINTS: what was left of the hold. */
  readonly balance?: number;
}

/** A basket recorded on this phone, queued until the server has answered it. */
export interface Recorded {
  /** Its Idempotency-Key: made when it was recorded, or from the trip and the paper sheet's line. */
  readonly key: string;
  readonly tripId: string;
  /** The order it was recorded in on this phone: the order it is sent in. */
  readonly seq: number;
  readonly request: TripBasketRequest;
  readonly displayName: string;
  readonly village: string;
  readonly lines: readonly ReceiptLine[];
  /** The paper roster's line it was entered from. */
  readonly paperLine?: number;
  readonly status: 'queued' | 'settled' | 'refused';
  /** Once settled: the redemption's id, when (the server's clock) and what is left of the hold. */
  readonly settled?: { readonly id: string; readonly at: string; readonly allowanceLeft: number };
  readonly refusal?: Refusal;
}

/** What the page says: a message (with what it needs), or a sentence made at the edge. */
export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

/** A message for the notice line; each new object is shown once. */
export interface Notice {
  readonly kind: NoticeKind;
  readonly say: Say;
  readonly action?: 'signIn';
}

/** An error as the edge heard it, as plain data. */
export interface Problem {
  /** The contract's code (TRIP_STATE, INSUFFICIENT_POINTS, ...) for an API answer. */
  readonly code: string | undefined;
  readonly status: number | undefined;
  readonly message: string;
  /** No answer at all (no signal, a timeout): nothing was decided. */
  readonly network: boolean;
  /** The request may have been carried out without an answer reaching us. */
  readonly outcomeUnknown: boolean;
  /** Fields of the problem's body (INSUFFICIENT_POINTS says `balance`). */
  readonly balance?: number;
}

export type Screen = 'loading' | 'choose' | 'trip';
export type Mode = 'sell' | 'paper' | 'roster' | 'close';

export type Who =
  | { readonly phase: 'nobody' }
  /** The PIN is being checked on the phone against the pack's verifier. */
  | { readonly phase: 'checking'; readonly volunteerId: string; readonly cardNumber: string }
  | {
      readonly phase: 'identified';
      readonly volunteerId: string;
      readonly via: 'card' | 'paper';
      readonly paperLine?: number;
    };

export interface Round {
  readonly total: number;
  readonly done: number;
  readonly settled: number;
  readonly refused: number;
  /** The round stopped without an answer (no signal): the rest stays queued. */
  readonly stopped: boolean;
}

export type Sync =
  | { readonly phase: 'idle'; readonly last?: Round }
  /** `current` is the basket out now; one at a time, in the order they were recorded. */
  | (Round & { readonly phase: 'syncing'; readonly current: string });

/** A request that must be repeated with the same key until it is done (open and close answer 202). */
export interface Keyed<R> {
  readonly key: string;
  readonly request: R;
  readonly sending: boolean;
  /** What the last 202 said (how far the holds got). */
  readonly progress?: Trip;
}

export type CloseRequest = { readonly returned: readonly BasketLine[] };

/** A trip kept on this phone, for the list to continue from. */
export interface SavedTrip {
  readonly tripId: string;
  readonly storeId: string;
  readonly storeName: string;
  readonly date: string;
  readonly villages: readonly string[];
  readonly ended: boolean;
  readonly queued: number;
}

/** One trip as IndexedDB gives it back. */
export interface Restored {
  readonly pack: Pack;
  readonly ended?: Trip;
  readonly baskets: readonly Recorded[];
  readonly pinFailures: Readonly<Record<string, number>>;
  readonly closing?: Keyed<CloseRequest>;
}

export interface TripPageState {
  readonly storeId: string | undefined;
  readonly store: StoreFacts | undefined;
  /** China's date today (the trip's day). */
  readonly today: string;
  /** The browser says it has a network, and the last call got an answer. */
  readonly online: boolean;
  readonly reachable: boolean;
  /** The service worker has the page's files: it opens with no signal. */
  readonly shellCached: boolean;
  readonly screen: Screen;
  /** The store's trips from the server (undefined until heard). */
  readonly trips: readonly Trip[] | undefined;
  /** The trips kept on this phone. */
  readonly saved: readonly SavedTrip[];
  readonly places: readonly Place[] | undefined;
  readonly opening: Keyed<OpenTripRequest> | undefined;
  /** A trip's pack being downloaded. */
  readonly loadingPack: string | undefined;
  readonly pack: Pack | undefined;
  /** The trip once it has ended (closed or revoked), with its reconciliation. */
  readonly ended: Trip | undefined;
  /** This phone's baskets of the trip, in the order they were recorded. */
  readonly baskets: readonly Recorded[];
  /** Wrong PINs in a row per card number, on this trip. */
  readonly pinFailures: ReadonlyMap<string, number>;
  readonly mode: Mode;
  readonly who: Who;
  readonly basket: readonly BasketLine[];
  /** The key of the basket whose receipt is shown. */
  readonly receipt: string | undefined;
  readonly sync: Sync;
  readonly closing: Keyed<CloseRequest> | undefined;
  readonly notice: Notice | undefined;
}

export type TripEvent =
  | {
      readonly type: 'restored';
      readonly saved: readonly SavedTrip[];
      readonly opening?: Keyed<OpenTripRequest>;
    }
  | { readonly type: 'tripRestored'; readonly trip: Restored }
  | { readonly type: 'connectivity'; readonly online: boolean }
  | { readonly type: 'reach'; readonly reachable: boolean }
  | { readonly type: 'shellCached' }
  | { readonly type: 'day'; readonly today: string }
  | { readonly type: 'storeLoaded'; readonly store: StoreFacts }
  | { readonly type: 'tripsLoaded'; readonly trips: readonly Trip[] }
  | { readonly type: 'placesLoaded'; readonly places: readonly Place[] }
  | { readonly type: 'failed'; readonly problem: Problem }
  // opening a trip: the click asks the edge for a key, which comes back in `open`
  | { readonly type: 'openClicked'; readonly villages: readonly string[] }
  | { readonly type: 'open'; readonly key: string; readonly villages: readonly string[] }
  | { readonly type: 'openProgress'; readonly trip: Trip }
  | { readonly type: 'opened'; readonly trip: Trip }
  | { readonly type: 'openFailed'; readonly problem: Problem }
  // the pack
  | { readonly type: 'tripChosen'; readonly tripId: string }
  | { readonly type: 'packLoaded'; readonly pack: Pack }
  | { readonly type: 'packFailed'; readonly tripId: string; readonly problem: Problem }
  | { readonly type: 'tripEnded'; readonly trip: Trip }
  | { readonly type: 'tripLeft' }
  | { readonly type: 'modeChosen'; readonly mode: Mode }
  // who: a card and PIN (checked at the edge), or a line of the paper roster
  | { readonly type: 'cardSubmitted'; readonly cardNumber: string; readonly pin: string }
  | { readonly type: 'pinChecked'; readonly cardNumber: string; readonly ok: boolean }
  | { readonly type: 'paperLineChosen'; readonly line: number }
  | { readonly type: 'volunteerForgotten' }
  // the basket: 记账 asks the edge for a key and the time, which come back in `record`
  | { readonly type: 'addOne'; readonly sku: string }
  | { readonly type: 'removeOne'; readonly sku: string }
  | { readonly type: 'recordClicked' }
  | { readonly type: 'record'; readonly key: string; readonly at: number }
  | { readonly type: 'receiptClosed' }
  // sync: one basket at a time, in order
  | { readonly type: 'syncClicked' }
  /** Time to send what is queued (the page opened, the signal came back): silent when there is nothing. */
  | { readonly type: 'syncDue' }
  | { readonly type: 'basketSettled'; readonly key: string; readonly answer: TripBasket }
  | { readonly type: 'basketRefused'; readonly key: string; readonly refusal: Refusal }
  | { readonly type: 'syncStopped'; readonly problem: Problem }
  // close: the returned counts, repeated with the same key while the server answers 202
  | { readonly type: 'closeClicked'; readonly returned: readonly BasketLine[] }
  | { readonly type: 'close'; readonly key: string; readonly returned: readonly BasketLine[] }
  | { readonly type: 'closeProgress'; readonly trip: Trip }
  | { readonly type: 'closed'; readonly trip: Trip }
  | { readonly type: 'closeFailed'; readonly problem: Problem }
  | { readonly type: 'print'; readonly part: 'receipt' | 'roster' | 'reconciliation' };

const NOBODY: Who = { phase: 'nobody' };

/** What belongs to a trip in hand, as it is with none: the page's start, and a trip put down. */
const noTrip = () =>
  ({
    loadingPack: undefined,
    pack: undefined,
    ended: undefined,
    baskets: [],
    pinFailures: new Map(),
    mode: 'sell',
    who: NOBODY,
    basket: [],
    receipt: undefined,
    sync: { phase: 'idle' },
    closing: undefined,
  }) satisfies Partial<TripPageState>;

export function initialState(options: {
  storeId: string | undefined;
  today: string;
  online: boolean;
}): TripPageState {
  return {
    storeId: options.storeId,
    store: undefined,
    today: options.today,
    online: options.online,
    reachable: true,
    shellCached: false,
    screen: 'loading',
    trips: undefined,
    saved: [],
    places: undefined,
    opening: undefined,
    ...noTrip(),
    notice: undefined,
  };
}

/* ---------- what the state implies ---------- */

/** Card numbers are printed in groups of four; people type them with or without the spaces. */
export const normaliseCardNumber = (text: string): string => text.replace(/[\s-]/g, '');

/** "1234 5678 9012" as printed. */
export const groupedDigits = (digits: string): string => digits.replace(/(\d{4})(?=\d)/g, '$1 ');

export const isOnline = (state: TripPageState): boolean => state.online && state.reachable;

export const goods = (state: TripPageState): readonly Good[] => state.pack?.trip.goods ?? [];

export const goodOf = (state: TripPageState, sku: string): Good | undefined =>
  goods(state).find((good) => good.sku === sku);

export const volunteerById = (state: TripPageState, volunteerId: string): PackVolunteer | undefined =>
  state.pack?.volunteers.find((volunteer) => volunteer.volunteerId === volunteerId);

/**
 * The paper roster's lines: the pack's volunteers by village, name and id (the same order however
 * often the pack is downloaded again), numbered from 1.
 */
export function rosterLines(pack: Pack): { line: number; volunteer: PackVolunteer }[] {
  return [...pack.volunteers]
    .sort(
      (a, b) =>
        a.village.localeCompare(b.village, 'zh-CN') ||
        a.displayName.localeCompare(b.displayName, 'zh-CN') ||
        (a.volunteerId < b.volunteerId ? -1 : a.volunteerId > b.volunteerId ? 1 : 0),
    )
    .map((volunteer, index) => ({ line: index + 1, volunteer }));
}

const base64Url = (bytes: Uint8Array): string => {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

/**
 * The key of the basket entered from line `line` of the trip's paper roster: the same on every
 * phone and every time, so a sheet entered twice settles once (an Idempotency-Key: 1–64 of
 * [A-Za-z0-9_-]).
 */
export function paperKey(tripId: string, line: number): string {
  const digest = sha256(new TextEncoder().encode(`paper\n${tripId}\n${line}`));
  return `paper-${line}-${base64Url(digest).slice(0, 32)}`;
}

/**
 * Whether a basket of this phone is not yet in the pack's figures: queued, or settled after the
 * pack was made (a pack downloaded later counts it in its `spent` and `redeemed`).
 */
export function uncounted(basket: Recorded, pack: Pack): boolean {
  if (basket.status === 'queued') return true;
  if (basket.status !== 'settled' || basket.settled === undefined) return false;
  return Date.parse(basket.settled.at) > Date.parse(pack.packedAt);
}

const uncountedBaskets = (state: TripPageState): Recorded[] => {
  const { pack } = state;
  return pack === undefined ? [] : state.baskets.filter((basket) => uncounted(basket, pack));
};

/** 可用: what the volunteer may still spend at the van (allowance − spent − what this phone holds). */
export function availableOf(state: TripPageState, volunteerId: string): number {
  const volunteer = volunteerById(state, volunteerId);
  if (volunteer === undefined) return 0;
  const pending = uncountedBaskets(state)
    .filter((basket) => basket.request.volunteerId === volunteerId)
    .reduce((sum, basket) => sum + basket.request.pointsSpent, 0);
  return Math.max(0, volunteer.allowance - volunteer.spent - pending);
}

/** What the van still has of an item: out − redeemed − what this phone has handed over since. */
export function stockLeft(state: TripPageState, sku: string): number {
  const good = goodOf(state, sku);
  if (good === undefined) return 0;
  const pending = uncountedBaskets(state).reduce(
    (sum, basket) => sum + (basket.request.items.find((line) => line.sku === sku)?.qty ?? 0),
    0,
  );
  return Math.max(0, good.out - good.redeemed - pending);
}

export const qtyOf = (state: TripPageState, sku: string): number =>
  state.basket.find((line) => line.sku === sku)?.qty ?? 0;

/** The basket priced at the trip's prices (the server prices it the same way). */
export function pricedBasket(state: TripPageState): { lines: ReceiptLine[]; total: number } {
  const priced = priceBasket(
    goods(state).map(({ sku, name, pricePoints, out }) => ({ sku, name, pricePoints, out })),
    state.basket,
  );
  return priced.ok ? { lines: priced.lines, total: priced.total } : { lines: [], total: 0 };
}

export const identified = (state: TripPageState): PackVolunteer | undefined =>
  state.who.phase === 'identified' ? volunteerById(state, state.who.volunteerId) : undefined;

export const overAllowance = (state: TripPageState): boolean => {
  const volunteer = identified(state);
  return volunteer !== undefined && pricedBasket(state).total > availableOf(state, volunteer.volunteerId);
};

/** The baskets still to send, in the order they were recorded. */
export function queuedBaskets(state: TripPageState): Recorded[] {
  const queue = state.baskets
    .filter((basket) => basket.status === 'queued')
    .sort((a, b) => a.seq - b.seq)
    .map((basket) => ({
      idempotencyKey: basket.key,
      volunteerId: basket.request.volunteerId,
      amount: basket.request.pointsSpent,
      recordedAt: basket.request.recordedAt,
    }));
  const answered = new Set(state.baskets.filter((basket) => basket.status !== 'queued').map((b) => b.key));
  return toSync(queue, answered).flatMap(
    (entry) => state.baskets.find((basket) => basket.key === entry.idempotencyKey) ?? [],
  );
}

export const pinFailuresOf = (state: TripPageState, cardNumber: string): number =>
  state.pinFailures.get(normaliseCardNumber(cardNumber)) ?? 0;

export const cardLocked = (state: TripPageState, cardNumber: string): boolean =>
  pinFailuresOf(state, cardNumber) >= PIN_TRIES_MAX;

/** The trip can be sold from: a pack, not ended here or on the server. */
export const selling = (state: TripPageState): boolean =>
  state.pack !== undefined && state.ended === undefined && state.pack.trip.status === 'open';

/** The day of the week (1 Monday … 7 Sunday) of a calendar date. */
export function weekdayOf(date: string): number {
  const day = new Date(`${date}T12:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The villages the store's weekly stops name for `date`: ticked already in the open form. */
export function plannedVillages(state: TripPageState): string[] {
  const weekday = weekdayOf(state.today);
  return (state.store?.schedule ?? []).filter((stop) => stop.weekday === weekday).map((stop) => stop.orgId);
}

/** What the van should have brought back of each item: out − redeemed − what this phone holds. */
export const expectedBack = (state: TripPageState): BasketLine[] =>
  goods(state).map((good) => ({ sku: good.sku, qty: stockLeft(state, good.sku) }));

/* ---------- the reducer ---------- */

const notice = (kind: NoticeKind, say: Say, action?: Notice['action']): Notice =>
  action === undefined ? { kind, say } : { kind, say, action };

const say = (
  state: TripPageState,
  kind: NoticeKind,
  key: MessageKey,
  params?: Record<string, string | number>,
): TripPageState => ({
  ...state,
  notice: notice(kind, params === undefined ? { key } : { key, params }),
});

const problemNotice = (problem: Problem): Notice =>
  notice('error', { text: problem.message }, problem.code === 'UNAUTHENTICATED' ? 'signIn' : undefined);

/** Heard from the network: an answer says it is reachable, no answer that it is not. */
/**
 * Opening or closing the trip went wrong. Unanswered: the same request (same key) may follow, so
 * the step stays, ready to be sent again. Refused: nothing was done, and the step is gone.
 */
function stepFailed(state: TripPageState, step: 'opening' | 'closing', problem: Problem): TripPageState {
  const current = state[step];
  if (current === undefined) return state;
  const kept = problem.outcomeUnknown ? { ...current, sending: false } : undefined;
  return { ...heard(state, problem), [step]: kept, notice: problemNotice(problem) };
}

const heard = (state: TripPageState, problem: Problem | undefined): TripPageState => {
  const reachable = problem === undefined || !problem.network;
  return state.reachable === reachable ? state : { ...state, reachable };
};

/** The trip in hand, and what belongs to it, forgotten (it stays on the phone). */
const withoutTrip = (state: TripPageState): TripPageState => ({ ...state, ...noTrip(), screen: 'choose' });

function step(state: TripPageState, sku: string, delta: 1 | -1): TripPageState {
  if (!selling(state) || state.who.phase !== 'identified') return state;
  const good = goodOf(state, sku);
  if (good === undefined) return state;
  const had = qtyOf(state, sku);
  if (delta === 1 && had === 0 && state.basket.length >= LINES_MAX) return state;
  const qty = Math.max(0, Math.min(had + delta, stockLeft(state, sku), QTY_MAX));
  if (qty === had) {
    return delta === 1 ? say(state, 'error', 'trip.noMoreStock', { name: good.name }) : state;
  }
  const basket =
    qty === 0
      ? state.basket.filter((line) => line.sku !== sku)
      : had === 0
        ? [...state.basket, { sku, qty }]
        : state.basket.map((line) => (line.sku === sku ? { sku, qty } : line));
  return { ...state, basket };
}

function submitCard(state: TripPageState, typed: string): TripPageState {
  if (!selling(state) || state.mode !== 'sell' || state.who.phase === 'checking') return state;
  const cardNumber = normaliseCardNumber(typed);
  const volunteer = state.pack?.volunteers.find((candidate) => candidate.cardNumber === cardNumber);
  if (volunteer === undefined) return say(state, 'error', 'trip.cardUnknown');
  if (cardLocked(state, cardNumber)) return say(state, 'error', 'trip.cardLocked');
  if (volunteer.pin === undefined) return say(state, 'error', 'trip.cardNoPin');
  return {
    ...state,
    who: { phase: 'checking', volunteerId: volunteer.volunteerId, cardNumber },
    basket: [],
    receipt: undefined,
    notice: undefined,
  };
}

function pinChecked(state: TripPageState, cardNumber: string, ok: boolean): TripPageState {
  const { who } = state;
  if (who.phase !== 'checking' || who.cardNumber !== cardNumber) return state;
  const pinFailures = new Map(state.pinFailures);
  if (ok) {
    // Wrong PINs are counted in a row, as the cards themselves count them.
    pinFailures.delete(cardNumber);
    const volunteer = volunteerById(state, who.volunteerId);
    return {
      ...state,
      pinFailures,
      who: { phase: 'identified', volunteerId: who.volunteerId, via: 'card' },
      notice: notice('ok', { key: 'trip.identified', params: { name: volunteer?.displayName ?? '' } }),
    };
  }
  const wrong = (pinFailures.get(cardNumber) ?? 0) + 1;
  pinFailures.set(cardNumber, wrong);
  const next: TripPageState = { ...state, pinFailures, who: NOBODY };
  return wrong >= PIN_TRIES_MAX
    ? say(next, 'error', 'trip.cardLocked')
    : say(next, 'error', 'trip.wrongPin', { left: PIN_TRIES_MAX - wrong });
}

function choosePaperLine(state: TripPageState, line: number): TripPageState {
  const { pack } = state;
  if (!selling(state) || pack === undefined || state.mode !== 'paper') return state;
  const found = rosterLines(pack).find((entry) => entry.line === line);
  if (found === undefined) return say(state, 'error', 'trip.paperNoLine', { line });
  if (state.baskets.some((basket) => basket.key === paperKey(pack.trip.id, line))) {
    return say(state, 'error', 'trip.paperLineDone', { line });
  }
  return {
    ...state,
    who: { phase: 'identified', volunteerId: found.volunteer.volunteerId, via: 'paper', paperLine: line },
    basket: [],
    receipt: undefined,
    notice: undefined,
  };
}

/** China time (UTC+8) with its offset: "2026-05-01T10:00:00.000+08:00". */
export const chinaInstant = (at: number): string =>
  new Date(at + 8 * 3600_000).toISOString().replace('Z', '+08:00');

function record(state: TripPageState, edgeKey: string, at: number): TripPageState {
  const { pack, who } = state;
  if (pack === undefined || !selling(state)) return say(state, 'error', 'trip.notSelling');
  if (who.phase !== 'identified') return say(state, 'error', 'trip.whoFirst');
  const volunteer = volunteerById(state, who.volunteerId);
  if (volunteer === undefined) return say(state, 'error', 'trip.whoFirst');
  const { lines, total } = pricedBasket(state);
  if (lines.length === 0 || total <= 0) return say(state, 'error', 'trip.basketEmpty');
  if (total > availableOf(state, volunteer.volunteerId)) {
    return say(state, 'error', 'trip.overAllowance', {
      available: availableOf(state, volunteer.volunteerId),
    });
  }
  const short = lines.find((line) => line.qty > stockLeft(state, line.sku));
  if (short !== undefined) {
    return say(state, 'error', 'trip.overStock', { name: short.name, n: stockLeft(state, short.sku) });
  }
  const key =
    who.via === 'paper' && who.paperLine !== undefined ? paperKey(pack.trip.id, who.paperLine) : edgeKey;
  if (state.baskets.some((basket) => basket.key === key)) {
    return say(state, 'error', 'trip.paperLineDone', { line: who.paperLine ?? 0 });
  }
  const recorded: Recorded = {
    key,
    tripId: pack.trip.id,
    seq: state.baskets.reduce((max, basket) => Math.max(max, basket.seq), 0) + 1,
    request: {
      volunteerId: volunteer.volunteerId,
      items: lines.map((line) => ({ sku: line.sku, qty: line.qty })),
      pointsSpent: total,
      // A sheet's line is the same request on every phone that enters it (its key and its body), so
      // entered twice it answers as the first time; its time is the trip's, the sheet's own day.
      recordedAt: who.via === 'paper' ? pack.trip.openedAt : chinaInstant(at),
      via: who.via,
    },
    displayName: volunteer.displayName,
    village: volunteer.village,
    lines,
    ...(who.via === 'paper' && who.paperLine !== undefined ? { paperLine: who.paperLine } : {}),
    status: 'queued',
  };
  const next: TripPageState = {
    ...state,
    baskets: [...state.baskets, recorded],
    who: NOBODY,
    basket: [],
    receipt: key,
    notice: notice('ok', { key: 'trip.recorded' }),
  };
  // In signal, it goes up at once (after what was queued before it); without, it waits.
  return startSync(next, false);
}

/** The next basket of a round, or the round's end. */
function nextInRound(state: TripPageState, round: Round): TripPageState {
  const next = queuedBaskets(state)[0];
  if (next === undefined || state.sync.phase !== 'syncing') {
    const last: Round = { ...round, stopped: false };
    return {
      ...state,
      sync: { phase: 'idle', last },
      notice: notice(last.refused > 0 ? 'error' : 'ok', {
        key: last.refused > 0 ? 'trip.syncDoneRefused' : 'trip.syncDone',
        params: { done: last.done, total: last.total, refused: last.refused },
      }),
    };
  }
  return { ...state, sync: { ...round, phase: 'syncing', current: next.key } };
}

function answered(
  state: TripPageState,
  key: string,
  change: (basket: Recorded) => Recorded,
  counted: 'settled' | 'refused',
): TripPageState {
  const { sync } = state;
  const baskets = state.baskets.map((basket) =>
    basket.key === key && basket.status === 'queued' ? change(basket) : basket,
  );
  const next = heard({ ...state, baskets }, undefined);
  if (sync.phase !== 'syncing' || sync.current !== key) return next;
  return nextInRound(next, {
    total: sync.total,
    done: sync.done + 1,
    settled: sync.settled + (counted === 'settled' ? 1 : 0),
    refused: sync.refused + (counted === 'refused' ? 1 : 0),
    stopped: false,
  });
}

function startSync(state: TripPageState, asked: boolean): TripPageState {
  if (state.pack === undefined || state.sync.phase === 'syncing') return state;
  const queue = queuedBaskets(state);
  const first = queue[0];
  if (first === undefined) return asked ? say(state, 'info', 'trip.nothingToSync') : state;
  // Asked: try whenever the phone has a network; by itself: only while calls are being answered.
  if (!state.online || (!asked && !state.reachable)) {
    return asked ? say(state, 'error', 'trip.offlineNoSync') : state;
  }
  return {
    ...state,
    sync: {
      phase: 'syncing',
      total: queue.length,
      done: 0,
      settled: 0,
      refused: 0,
      stopped: false,
      current: first.key,
    },
  };
}

function startOpen(state: TripPageState, key: string, villages: readonly string[]): TripPageState {
  const { storeId, opening } = state;
  if (storeId === undefined || opening?.sending === true) return state;
  if (villages.length === 0) return say(state, 'error', 'trip.chooseVillages');
  if (villages.length > VILLAGES_MAX) return say(state, 'error', 'trip.tooManyVillages', { n: VILLAGES_MAX });
  const request: OpenTripRequest = { storeId, date: state.today, villages: [...villages] };
  // The same request keeps its key (the server goes on with the same trip); another is another trip.
  const same =
    opening !== undefined &&
    opening.request.date === request.date &&
    opening.request.storeId === request.storeId &&
    opening.request.villages.join() === request.villages.join();
  return {
    ...state,
    opening: same ? { ...opening, sending: true } : { key, request, sending: true },
    notice: undefined,
  };
}

function startClose(state: TripPageState, key: string, returned: readonly BasketLine[]): TripPageState {
  if (state.pack === undefined || state.closing?.sending === true) return state;
  if (state.ended !== undefined) return state;
  const queued = queuedBaskets(state).length;
  if (queued > 0) return say(state, 'error', 'trip.closeQueued', { n: queued });
  if (returned.some((line) => !Number.isSafeInteger(line.qty) || line.qty < 0)) {
    return say(state, 'error', 'trip.returnedWhole');
  }
  const request: CloseRequest = { returned: returned.map((line) => ({ sku: line.sku, qty: line.qty })) };
  const same =
    state.closing !== undefined && JSON.stringify(state.closing.request) === JSON.stringify(request);
  const closing = same && state.closing !== undefined ? state.closing : { key, request };
  return { ...state, closing: { key: closing.key, request, sending: true }, notice: undefined };
}

/**
 * The trip ended (closed here, or found ended on the server): nothing more is sold from it, and the
 * phone forgets the cards' PIN verifiers (what a lost phone would let someone try PINs against).
 */
function endedWith(state: TripPageState, trip: Trip): TripPageState {
  const { pack } = state;
  if (pack === undefined || pack.trip.id !== trip.id) return state;
  return {
    ...state,
    pack: { ...pack, volunteers: pack.volunteers.map(({ pin: _pin, ...volunteer }) => volunteer) },
    ended: trip,
    closing: undefined,
    who: NOBODY,
    basket: [],
    mode: 'close',
  };
}

export function reduce(state: TripPageState, event: TripEvent): TripPageState {
  switch (event.type) {
    case 'restored':
      return {
        ...state,
        saved: event.saved,
        opening: event.opening === undefined ? state.opening : { ...event.opening, sending: false },
        screen: state.screen === 'loading' ? 'choose' : state.screen,
      };
    case 'tripRestored': {
      const { trip } = event;
      return {
        ...withoutTrip(state),
        screen: 'trip',
        pack: trip.pack,
        ended: trip.ended,
        baskets: [...trip.baskets].sort((a, b) => a.seq - b.seq),
        pinFailures: new Map(Object.entries(trip.pinFailures)),
        closing: trip.closing === undefined ? undefined : { ...trip.closing, sending: false },
        mode: trip.ended === undefined ? 'sell' : 'close',
      };
    }
    case 'connectivity': {
      if (state.online === event.online) return state;
      const next = { ...state, online: event.online, reachable: event.online ? true : state.reachable };
      // Back in signal: what is queued goes up at once.
      return event.online ? startSync(next, false) : next;
    }
    case 'reach':
      return state.reachable === event.reachable ? state : { ...state, reachable: event.reachable };
    case 'shellCached':
      return state.shellCached ? state : { ...state, shellCached: true };
    case 'day':
      return state.today === event.today ? state : { ...state, today: event.today };
    case 'storeLoaded':
      return { ...heard(state, undefined), store: event.store };
    case 'tripsLoaded':
      return { ...heard(state, undefined), trips: event.trips };
    case 'placesLoaded':
      return { ...heard(state, undefined), places: event.places };
    case 'failed':
      return { ...heard(state, event.problem), notice: problemNotice(event.problem) };

    case 'openClicked':
      return state;
    case 'open':
      return startOpen(state, event.key, event.villages);
    case 'openProgress':
      return state.opening === undefined
        ? state
        : { ...heard(state, undefined), opening: { ...state.opening, progress: event.trip } };
    case 'opened':
      return {
        ...heard(state, undefined),
        opening: undefined,
        loadingPack: event.trip.id,
        trips: [event.trip, ...(state.trips ?? []).filter((trip) => trip.id !== event.trip.id)],
        notice: notice('ok', { key: 'trip.opened' }),
      };
    case 'openFailed':
      return stepFailed(state, 'opening', event.problem);

    case 'tripChosen':
      return state.loadingPack === event.tripId ? state : { ...state, loadingPack: event.tripId };
    case 'packLoaded': {
      const { pack } = event;
      const fresh = heard(state, undefined);
      if (state.pack?.trip.id === pack.trip.id) {
        return { ...fresh, pack, loadingPack: undefined };
      }
      if (state.loadingPack !== pack.trip.id) return fresh;
      return { ...withoutTrip(fresh), screen: 'trip', pack, notice: notice('ok', { key: 'trip.packReady' }) };
    }
    case 'packFailed': {
      const next = heard({ ...state, loadingPack: undefined }, event.problem);
      // Refreshing a pack already on the phone fails quietly without signal: the phone's copy serves.
      if (state.pack?.trip.id === event.tripId && event.problem.network) return next;
      return { ...next, notice: problemNotice(event.problem) };
    }
    case 'tripEnded':
      return endedWith(heard(state, undefined), event.trip);
    case 'tripLeft':
      return state.sync.phase === 'syncing' || state.closing?.sending === true ? state : withoutTrip(state);
    case 'modeChosen':
      if (state.mode === event.mode) return state;
      if (state.ended !== undefined && event.mode !== 'roster' && event.mode !== 'close') return state;
      return { ...state, mode: event.mode, who: NOBODY, basket: [], receipt: undefined };

    case 'cardSubmitted':
      return submitCard(state, event.cardNumber);
    case 'pinChecked':
      return pinChecked(state, event.cardNumber, event.ok);
    case 'paperLineChosen':
      return choosePaperLine(state, event.line);
    case 'volunteerForgotten':
      return { ...state, who: NOBODY, basket: [] };

    case 'addOne':
      return step(state, event.sku, 1);
    case 'removeOne':
      return step(state, event.sku, -1);
    case 'recordClicked':
      return state;
    case 'record':
      return record(state, event.key, event.at);
    case 'receiptClosed':
      return { ...state, receipt: undefined };

    case 'syncClicked':
      return startSync(state, true);
    case 'syncDue':
      return startSync(state, false);
    case 'basketSettled': {
      const { answer } = event;
      return answered(
        state,
        event.key,
        (basket) => ({
          ...basket,
          status: 'settled',
          settled: { id: answer.id, at: answer.at, allowanceLeft: answer.allowanceLeft },
        }),
        'settled',
      );
    }
    case 'basketRefused':
      return answered(
        state,
        event.key,
        (basket) => ({ ...basket, status: 'refused', refusal: event.refusal }),
        'refused',
      );
    case 'syncStopped': {
      const { sync } = state;
      const next: TripPageState = {
        ...heard(state, event.problem),
        notice: event.problem.network
          ? notice('info', { key: 'trip.syncStoppedNetwork' })
          : problemNotice(event.problem),
      };
      if (sync.phase !== 'syncing') return next;
      const { total, done, settled, refused } = sync;
      return { ...next, sync: { phase: 'idle', last: { total, done, settled, refused, stopped: true } } };
    }

    case 'closeClicked':
      return state;
    case 'close':
      return startClose(state, event.key, event.returned);
    case 'closeProgress':
      return state.closing === undefined
        ? state
        : { ...heard(state, undefined), closing: { ...state.closing, progress: event.trip } };
    case 'closed':
      return {
        ...endedWith(heard(state, undefined), event.trip),
        notice: notice('ok', { key: 'trip.closedNotice' }),
      };
    case 'closeFailed':
      return stepFailed(state, 'closing', event.problem);
    case 'print':
      return state;
  }
}

/** Whether a refusal is about the basket itself (kept as 未通过) rather than the phone or the link. */
export function refusesBasket(problem: Problem): boolean {
  if (problem.network || problem.outcomeUnknown || problem.status === undefined) return false;
  return problem.status >= 400 && problem.status < 500 && ![401, 403, 408, 429].includes(problem.status);
}
