import { describe, expect, it } from 'vitest';
import {
  basketTotal,
  type CounterEvent,
  type CounterState,
  initialState,
  type Problem,
  reduce,
  type Sale,
} from '../../web/src/stores/counter/state';

/**
 * The counter page's rules, as the reducer states them: events in, state out, no DOM, network or
 * clock. Each test plays the events the page would see and reads the state they leave.
 */
const T0 = Date.parse('2026-05-01T02:00:00Z');
const CODE = 'AX-CODE-1';

const ITEMS = [
  { sku: 'towel', name: '毛巾', pricePoints: 15, stock: 3 },
  { sku: 'toothpaste', name: '牙膏', pricePoints: 12, stock: 10 },
  { sku: 'rice-5kg', name: '大米 5kg', pricePoints: 120, stock: 2 },
];

const play = (state: CounterState, ...events: CounterEvent[]): CounterState => events.reduce(reduce, state);

const problem = (code: string | undefined, more: Partial<Problem> = {}): Problem => ({
  code,
  message: `message for ${code}`,
  outcomeUnknown: false,
  missingRoute: false,
  ...more,
});

const identified = (balance = 100): CounterEvent => ({
  type: 'identified',
  request: { code: CODE },
  answer: { volunteerId: 'v-1', displayName: '谭*华', balance, expiresAt: '2026-05-01T02:02:00Z' },
  deadlineMs: T0 + 120_000,
  at: T0,
});

/** A counter with the catalogue loaded and 谭*华 identified. */
const ready = (balance = 100): CounterState =>
  play(initialState, { type: 'catalogueLoaded', items: ITEMS }, identified(balance));

/** Two towels and a toothpaste: 42 points. */
const withBasket = (balance = 100): CounterState =>
  play(
    ready(balance),
    { type: 'addOne', sku: 'towel' },
    { type: 'addOne', sku: 'towel' },
    { type: 'addOne', sku: 'toothpaste' },
  );

const sale = (id = 'r-1'): Sale => ({
  id,
  volunteerId: 'v-1',
  storeId: 'shichuan-store',
  items: [
    { sku: 'towel', name: '毛巾', qty: 2, pricePoints: 15, points: 30 },
    { sku: 'toothpaste', name: '牙膏', qty: 1, pricePoints: 12, points: 12 },
  ],
  pointsSpent: 42,
  balanceAfter: 58,
  at: '2026-05-01T02:00:30Z',
});

describe('counter state: identifying the volunteer', () => {
  it('turns a scanned code into a look-up, then into the volunteer with the code and its deadline', () => {
    // Act
    const scanning = reduce(initialState, { type: 'scanClicked' });
    const lookingUp = reduce(scanning, { type: 'codeScanned', code: CODE });
    const found = reduce(lookingUp, identified(80));

    // Assess
    expect(scanning.who).toEqual({ phase: 'identifying', scanning: true, lookingUp: undefined });
    expect(lookingUp.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: { code: CODE } });
    expect(found.who).toEqual({
      phase: 'identified',
      volunteer: {
        volunteerId: 'v-1',
        displayName: '谭*华',
        balance: 80,
        code: CODE,
        deadlineMs: T0 + 120_000,
      },
    });
    expect(found.now).toBe(T0);
    expect(found.notice).toEqual({ kind: 'ok', say: { key: 'counter.identified', name: '谭*华' } });
  });

  it('takes the fresh code a card look-up answers with', () => {
    // Prepare
    const looking = reduce(initialState, { type: 'lookUp', request: { cardNumber: '1234', pin: '0000' } });

    // Act
    const found = reduce(looking, {
      type: 'identified',
      request: { cardNumber: '1234', pin: '0000' },
      answer: { volunteerId: 'v-1', displayName: '谭*华', balance: 5, expiresAt: 'x', code: 'FRESH' },
      deadlineMs: T0 + 60_000,
      at: T0,
    });

    // Assess
    expect(found.who.phase === 'identified' && found.who.volunteer.code).toBe('FRESH');
  });

  it('says why the camera cannot be used, turns it off and opens the typed-code box instead', () => {
    // Act
    const state = play(initialState, { type: 'scanClicked' }, { type: 'scannerFailed', denied: true });

    // Assess: no camera box left (scanning off), the forms open, a sentence in Chinese
    expect(state.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: undefined });
    expect(state.manualOpen).toBe(true);
    expect(state.notice).toEqual({ kind: 'error', say: { key: 'counter.cameraDenied' } });
  });

  it('opens the typed-code box when the camera gives no picture, and says nothing once scanning was stopped', () => {
    // Act
    const failed = play(initialState, { type: 'scanClicked' }, { type: 'scannerFailed', denied: false });
    const stopped = play(
      initialState,
      { type: 'scanClicked' },
      { type: 'scanStopped' },
      { type: 'scannerFailed', denied: false },
    );

    // Assess
    expect([failed.manualOpen, failed.notice?.say]).toEqual([true, { key: 'counter.cameraUnavailable' }]);
    expect([stopped.manualOpen, stopped.notice]).toEqual([false, undefined]);
  });
});

describe('counter state: the basket', () => {
  it('adds goods in the order they are tapped and totals them', () => {
    // Act
    const state = withBasket();

    // Assess
    expect(state.basket).toEqual([
      { sku: 'towel', qty: 2 },
      { sku: 'toothpaste', qty: 1 },
    ]);
    expect(basketTotal(state)).toBe(42);
  });

  it('takes one out at a time and drops a line at zero', () => {
    // Act
    const one = reduce(withBasket(), { type: 'removeOne', sku: 'towel' });
    const none = play(one, { type: 'removeOne', sku: 'towel' }, { type: 'removeOne', sku: 'towel' });

    // Assess
    expect(one.basket).toEqual([
      { sku: 'towel', qty: 1 },
      { sku: 'toothpaste', qty: 1 },
    ]);
    expect(none.basket).toEqual([{ sku: 'toothpaste', qty: 1 }]);
    expect(basketTotal(none)).toBe(12);
  });

  it('adds no more than the store has, and nothing that is not in the catalogue', () => {
    // Act
    const state = play(
      ready(),
      { type: 'addOne', sku: 'rice-5kg' },
      { type: 'addOne', sku: 'rice-5kg' },
      { type: 'addOne', sku: 'rice-5kg' },
      { type: 'addOne', sku: 'no-such-thing' },
    );

    // Assess
    expect(state.basket).toEqual([{ sku: 'rice-5kg', qty: 2 }]);
  });
});

describe('counter state: confirming a basket', () => {
  it('sends the basket once with the key it was first confirmed with, and shows the receipt', () => {
    // Act: confirm, and a second tap while the request is out
    const sending = reduce(withBasket(), { type: 'confirm', at: T0 + 1000, key: 'key-1' });
    const doubleTap = reduce(sending, { type: 'confirm', at: T0 + 1100, key: 'key-2' });
    const done = reduce(doubleTap, { type: 'confirmed', redemption: sale() });

    // Assess: one request, keyed once; then the receipt and an empty counter
    expect(sending.checkout).toEqual({
      phase: 'sending',
      retry: false,
      key: 'key-1',
      displayName: '谭*华',
      request: {
        code: CODE,
        items: [
          { sku: 'towel', qty: 2, pricePoints: 15 },
          { sku: 'toothpaste', qty: 1, pricePoints: 12 },
        ],
      },
    });
    expect(doubleTap).toBe(sending);
    expect(done.checkout).toEqual({ phase: 'open' });
    expect(done.basket).toEqual([]);
    expect(done.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: undefined });
    expect(done.receipt).toMatchObject({
      id: 'r-1',
      displayName: '谭*华',
      status: 'completed',
      balanceAfter: 58,
    });
    expect(done.recent.map((redemption) => redemption.id)).toEqual(['r-1']);
    expect(done.notice).toEqual({ kind: 'ok', say: { key: 'counter.done' } });
  });

  it('refuses before asking the server when the basket is over the balance or the code has expired', () => {
    // Act
    const over = reduce(withBasket(40), { type: 'confirm', at: T0 + 1000, key: 'key-1' });
    const expired = reduce(withBasket(), { type: 'confirm', at: T0 + 120_000, key: 'key-1' });
    const nobody = reduce(
      play(initialState, { type: 'catalogueLoaded', items: ITEMS }, { type: 'addOne', sku: 'towel' }),
      { type: 'confirm', at: T0, key: 'key-1' },
    );

    // Assess
    expect(over.checkout).toEqual({ phase: 'open' });
    expect(over.notice).toEqual({ kind: 'error', say: { key: 'error.INSUFFICIENT_POINTS' } });
    expect(expired.checkout).toEqual({ phase: 'open' });
    expect(expired.notice).toEqual({ kind: 'error', say: { key: 'error.CODE_EXPIRED' } });
    expect(nobody.notice).toEqual({ kind: 'error', say: { key: 'counter.scanFirst' } });
  });

  it('after a refusal for points, keeps the basket locked until the fresh balance is in', () => {
    // Prepare
    const sending = reduce(withBasket(), { type: 'confirm', at: T0 + 1000, key: 'key-1' });

    // Act
    const refused = reduce(sending, { type: 'confirmFailed', problem: problem('INSUFFICIENT_POINTS') });
    const locked = reduce(refused, { type: 'addOne', sku: 'towel' });
    const fixed = reduce(locked, { type: 'balanceRefreshed', code: CODE, balance: 12 });

    // Assess
    expect(refused.checkout).toEqual({ phase: 'fixing', refusal: 'INSUFFICIENT_POINTS' });
    expect(refused.notice).toEqual({ kind: 'error', say: { text: 'message for INSUFFICIENT_POINTS' } });
    expect(locked).toBe(refused);
    expect(fixed.checkout).toEqual({ phase: 'open' });
    expect(fixed.who.phase === 'identified' && fixed.who.volunteer.balance).toBe(12);
    expect(fixed.basket).toEqual(withBasket().basket);
  });

  it('after PRICE_CHANGED, shows the old price next to the new one and forgets the key', () => {
    // Prepare
    const sending = reduce(withBasket(), { type: 'confirm', at: T0 + 1000, key: 'key-1' });
    const raised = ITEMS.map((item) => (item.sku === 'towel' ? { ...item, pricePoints: 16 } : item));

    // Act
    const refused = reduce(sending, { type: 'confirmFailed', problem: problem('PRICE_CHANGED') });
    const reloaded = reduce(refused, { type: 'catalogueLoaded', items: raised, after: 'PRICE_CHANGED' });
    const again = reduce(reloaded, { type: 'confirm', at: T0 + 2000, key: 'key-2' });

    // Assess
    expect(reloaded.oldPrices).toEqual(new Map([['towel', 15]]));
    expect(reloaded.checkout).toEqual({ phase: 'open' });
    expect(basketTotal(reloaded)).toBe(44);
    expect(again.checkout).toMatchObject({ phase: 'sending', key: 'key-2' });
  });

  it('after OUT_OF_STOCK, marks the lines that ask for more than is left', () => {
    // Prepare
    const sending = reduce(withBasket(), { type: 'confirm', at: T0 + 1000, key: 'key-1' });
    const fewer = ITEMS.map((item) => (item.sku === 'towel' ? { ...item, stock: 1 } : item));

    // Act
    const state = play(
      sending,
      { type: 'confirmFailed', problem: problem('OUT_OF_STOCK') },
      { type: 'catalogueLoaded', items: fewer, after: 'OUT_OF_STOCK' },
    );

    // Assess
    expect(state.shortLines).toEqual(new Set(['towel']));
    expect(state.checkout).toEqual({ phase: 'open' });
  });

  it('asks for a fresh code after CODE_USED and keeps the basket', () => {
    // Act
    const state = play(
      withBasket(),
      { type: 'confirm', at: T0 + 1000, key: 'key-1' },
      { type: 'confirmFailed', problem: problem('CODE_USED') },
    );

    // Assess
    expect(state.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: undefined });
    expect(state.basket).toHaveLength(2);
    expect(state.checkout).toEqual({ phase: 'open' });
  });

  it('keeps the same key and request through an unanswered try until the answer comes', () => {
    // Prepare
    const sending = reduce(withBasket(), { type: 'confirm', at: T0 + 1000, key: 'key-1' });

    // Act: no answer; the basket cannot change; the retry (even after the code's deadline) offers a new key
    const unanswered = reduce(sending, {
      type: 'confirmFailed',
      problem: problem(undefined, { outcomeUnknown: true }),
    });
    const locked = play(unanswered, { type: 'addOne', sku: 'towel' }, { type: 'volunteerForgotten' });
    const retry = reduce(locked, { type: 'confirm', at: T0 + 500_000, key: 'key-2' });
    const done = reduce(retry, { type: 'confirmed', redemption: sale() });

    // Assess
    expect(unanswered.checkout).toMatchObject({ phase: 'unanswered', key: 'key-1' });
    expect(unanswered.notice).toEqual({ kind: 'error', say: { key: 'counter.uncertain' }, action: 'retry' });
    expect(locked).toBe(unanswered);
    expect(retry.checkout).toEqual({
      ...sending.checkout,
      retry: true,
    });
    expect(done.checkout).toEqual({ phase: 'open' });
    expect(done.receipt?.id).toBe('r-1');
  });
});

describe('counter state: voids', () => {
  const withReceipt = () =>
    play(
      withBasket(),
      { type: 'confirm', at: T0 + 1000, key: 'key-1' },
      { type: 'confirmed', redemption: sale() },
    );

  it('asks for a reason, keeps the key of an unanswered void, and marks the redemption voided', () => {
    // Act
    const noReason = reduce(withReceipt(), { type: 'void', id: 'r-1', reason: '', key: 'void-0' });
    const sending = reduce(withReceipt(), { type: 'void', id: 'r-1', reason: '拿错商品', key: 'void-1' });
    const unanswered = reduce(sending, {
      type: 'voidFailed',
      id: 'r-1',
      reason: '拿错商品',
      problem: problem(undefined, { outcomeUnknown: true }),
    });
    const retry = reduce(unanswered, { type: 'void', id: 'r-1', reason: '拿错商品', key: 'void-2' });
    const voided = reduce(retry, {
      type: 'voided',
      id: 'r-1',
      reason: '拿错商品',
      answer: { balanceAfter: 100, pointsReturned: 42 },
    });

    // Assess
    expect(noReason.notice).toEqual({ kind: 'error', say: { key: 'counter.voidNeedsReason' } });
    expect(noReason.voids.size).toBe(0);
    expect(sending.voids.get('r-1')).toEqual({ key: 'void-1', sending: true });
    expect(unanswered.voids.get('r-1')).toEqual({ key: 'void-1', sending: false });
    expect(retry.voids.get('r-1')).toEqual({ key: 'void-1', sending: true });
    expect(voided.voids.size).toBe(0);
    expect(voided.receipt).toMatchObject({ status: 'voided', voidReason: '拿错商品' });
    expect(voided.recent[0]).toMatchObject({ status: 'voided', voidReason: '拿错商品' });
    expect(voided.notice).toEqual({ kind: 'ok', say: { key: 'counter.voided', returned: 42, balance: 100 } });
  });

  it('forgets the key of a refused void, and marks one the server had already voided', () => {
    // Act
    const state = play(
      withReceipt(),
      { type: 'void', id: 'r-1', reason: '操作失误', key: 'void-1' },
      { type: 'voidFailed', id: 'r-1', reason: '操作失误', problem: problem('ALREADY_VOIDED') },
    );

    // Assess
    expect(state.voids.size).toBe(0);
    expect(state.receipt?.status).toBe('voided');
  });
});

describe('counter state: starting over', () => {
  it('abandons an unanswered basket: nothing in it, nobody at the counter, the key gone', () => {
    // Prepare
    const unanswered = play(
      withBasket(),
      { type: 'confirm', at: T0 + 1000, key: 'key-1' },
      { type: 'confirmFailed', problem: problem(undefined, { outcomeUnknown: true }) },
    );

    // Act
    const state = reduce(unanswered, { type: 'abandoned' });
    const next = reduce(state, { type: 'confirm', at: T0 + 2000, key: 'key-2' });

    // Assess
    expect(state.checkout).toEqual({ phase: 'open' });
    expect(state.basket).toEqual([]);
    expect(state.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: undefined });
    expect(state.notice).toEqual({ kind: 'info', say: { key: 'counter.abandoned' } });
    expect(next.notice).toEqual({ kind: 'error', say: { key: 'counter.scanFirst' } });
  });

  it('closes the receipt, and lets the next volunteer step up while the basket is open', () => {
    // Act
    const closed = reduce(
      play(
        withBasket(),
        { type: 'confirm', at: T0 + 1000, key: 'k' },
        { type: 'confirmed', redemption: sale() },
      ),
      { type: 'receiptClosed' },
    );
    const forgotten = reduce(withBasket(), { type: 'volunteerForgotten' });

    // Assess
    expect(closed.receipt).toBeUndefined();
    expect(closed.recent).toHaveLength(1);
    expect(forgotten.who).toEqual({ phase: 'identifying', scanning: false, lookingUp: undefined });
    expect(forgotten.basket).toHaveLength(2);
  });

  it('merges the day list from the server, newest first, with what the counter knows', () => {
    // Prepare
    const after = play(
      withBasket(),
      { type: 'confirm', at: T0 + 1000, key: 'k' },
      { type: 'confirmed', redemption: sale('r-2') },
    );
    const older = { ...sale('r-1'), at: '2026-05-01T01:00:00Z', status: 'completed' as const };

    // Act
    const state = reduce(after, {
      type: 'recentLoaded',
      redemptions: [older, { ...sale('r-2'), status: 'completed' }],
    });
    const local = reduce(state, {
      type: 'recentFailed',
      problem: problem('NOT_FOUND', { missingRoute: true }),
    });

    // Assess
    expect(state.recent.map((redemption) => redemption.id)).toEqual(['r-2', 'r-1']);
    expect(state.recent[0]?.displayName).toBe('谭*华');
    expect(local.recentSource).toBe('local');
  });
});
