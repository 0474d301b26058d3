import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashPin } from '../../shared/stores/rules/volunteer-code';
import { PIN_SCHEME, pinMatches } from '../../web/src/trips/pin';
import {
  availableOf,
  initialState,
  type Pack,
  type Problem,
  paperKey,
  queuedBaskets,
  reduce,
  rosterLines,
  stockLeft,
  type TripBasket,
  type TripEvent,
  type TripPageState,
} from '../../web/src/trips/state';

/**
 * The van's offline counter as the reducer states it: events in, state out, no DOM, network,
 * IndexedDB or clock. Each test plays the events the page would see (the PIN verdicts and the
 * server's answers included) and reads the state they leave.
 */
const T0 = Date.parse('2026-05-06T02:00:00Z');
const TRIP = 'trip-abcdefghijklmnopqrstuv';
const CARD_TAN = '620000000011';
const CARD_WEI = '620000000029';

const verifier = { scheme: PIN_SCHEME, salt: 'c2FsdA==', hash: 'aGFzaA==' };

function pack(overrides: Partial<Pack> = {}): Pack {
  return {
    trip: {
      id: TRIP,
      storeId: 'mobile-1',
      storeName: '流动爱心超市1号',
      date: '2026-05-06',
      villages: [{ orgId: 'wenshan', name: '文山村' }],
      status: 'open',
      ready: true,
      openedAt: '2026-05-06T01:00:00Z',
      volunteers: 3,
      volunteersHeld: 3,
      pointsHeld: 300,
      pointsSpent: 20,
      pointsReleased: 0,
      baskets: 1,
      goods: [
        { sku: 'towel', name: '毛巾', pricePoints: 15, out: 3, redeemed: 1 },
        { sku: 'rice-5kg', name: '大米 5kg', pricePoints: 60, out: 5, redeemed: 0 },
      ],
    },
    volunteers: [
      {
        volunteerId: 'v-tan',
        displayName: '谭*华',
        village: '文山村',
        cardNumber: CARD_TAN,
        pin: verifier,
        allowance: 100,
        spent: 20,
      },
      {
        volunteerId: 'v-wei',
        displayName: '魏*科',
        village: '文山村',
        cardNumber: CARD_WEI,
        pin: verifier,
        allowance: 200,
        spent: 0,
      },
      { volunteerId: 'v-li', displayName: '李*福', village: '南庄村', allowance: 0, spent: 0 },
    ],
    packedAt: '2026-05-06T01:30:00Z',
    ...overrides,
  };
}

const play = (state: TripPageState, ...events: TripEvent[]): TripPageState => events.reduce(reduce, state);

/** The page with the trip's pack downloaded, offline unless `online`. */
function ready(online = false): TripPageState {
  const start = initialState({ storeId: 'mobile-1', today: '2026-05-06', online });
  return play(
    start,
    { type: 'restored', saved: [] },
    { type: 'tripChosen', tripId: TRIP },
    { type: 'packLoaded', pack: pack() },
  );
}

/** 谭*华 (or another card) identified by card and PIN. */
const byCard = (card = CARD_TAN, typed = card): TripEvent[] => [
  { type: 'cardSubmitted', cardNumber: typed, pin: '2580' },
  { type: 'pinChecked', cardNumber: card, ok: true },
];

const add = (sku: string, times = 1): TripEvent[] =>
  Array.from({ length: times }, () => ({ type: 'addOne', sku }));

let keys = 0;
const record = (at = T0): TripEvent => ({ type: 'record', key: `key-${++keys}`, at });

const problem = (more: Partial<Problem>): Problem => ({
  code: undefined,
  status: undefined,
  message: 'message',
  network: false,
  outcomeUnknown: false,
  ...more,
});

const settledAnswer = (key: string, state: TripPageState, allowanceLeft: number, at: string): TripBasket => {
  const basket = state.baskets.find((candidate) => candidate.key === key);
  return {
    id: `van-${key}`,
    tripId: TRIP,
    volunteerId: basket?.request.volunteerId ?? '',
    items: (basket?.lines ?? []).map((line) => ({ ...line })),
    pointsSpent: basket?.request.pointsSpent ?? 0,
    allowanceLeft,
    recordedAt: basket?.request.recordedAt ?? '',
    at,
  };
};

/** Three baskets recorded offline: 谭*华 a towel, 魏*科 a rice, 魏*科 a towel. */
function threeQueued(): TripPageState {
  return play(
    ready(false),
    ...byCard(),
    ...add('towel'),
    record(T0),
    ...byCard(CARD_WEI),
    ...add('rice-5kg'),
    record(T0 + 60_000),
    ...byCard(CARD_WEI),
    ...add('towel'),
    record(T0 + 120_000),
  );
}

describe('trip page: the allowance and the van’s stock, checked on the phone', () => {
  it('shows 可用 as allowance − spent − what is queued, and refuses a basket beyond it', () => {
    // Arrange: 谭*华 holds 100, has spent 20
    const identified = play(ready(), ...byCard());
    expect(availableOf(identified, 'v-tan')).toBe(80);

    // Act: two rice (120) is more than 80; one rice (60) is not
    const over = play(identified, ...add('rice-5kg', 2), record());
    const within = play(identified, ...add('rice-5kg'), record());

    // Assess
    expect(over.baskets).toEqual([]);
    expect(over.notice?.say).toEqual({ key: 'trip.overAllowance', params: { available: 80 } });
    expect(within.baskets).toHaveLength(1);
    expect(within.baskets[0]?.request).toMatchObject({
      volunteerId: 'v-tan',
      items: [{ sku: 'rice-5kg', qty: 1 }],
      pointsSpent: 60,
      via: 'card',
      recordedAt: '2026-05-06T10:00:00.000+08:00',
    });
    expect(availableOf(within, 'v-tan')).toBe(20);
  });

  it('takes no more of an item than the van still has (out − redeemed − queued)', () => {
    // Arrange: 3 towels out, 1 redeemed before the pack
    const identified = play(ready(), ...byCard());
    expect(stockLeft(identified, 'towel')).toBe(2);

    // Act: three taps give two; recorded, the next volunteer finds none
    const tapped = play(identified, ...add('towel', 3));
    const next = play(tapped, record(), ...byCard(CARD_WEI), ...add('towel'));

    // Assess
    expect(tapped.basket).toEqual([{ sku: 'towel', qty: 2 }]);
    expect(tapped.notice?.say).toEqual({ key: 'trip.noMoreStock', params: { name: '毛巾' } });
    expect(stockLeft(next, 'towel')).toBe(0);
    expect(next.basket).toEqual([]);
  });

  it('does not count a synced basket twice once a newer pack includes it', () => {
    // Arrange: a towel for 谭*华, settled after the pack was made
    const recorded = play(ready(true), ...byCard(), ...add('towel'), record());
    const key = recorded.baskets[0]?.key ?? '';
    const settled = play(recorded, {
      type: 'basketSettled',
      key,
      answer: settledAnswer(key, recorded, 65, '2026-05-06T02:00:01Z'),
    });
    expect(availableOf(settled, 'v-tan')).toBe(65);
    expect(stockLeft(settled, 'towel')).toBe(1);

    // Act: the pack again, made after the basket settled, counts it itself
    const base = pack();
    const refreshed = reduce(settled, {
      type: 'packLoaded',
      pack: {
        ...base,
        trip: {
          ...base.trip,
          goods: base.trip.goods.map((g) => (g.sku === 'towel' ? { ...g, redeemed: 2 } : g)),
        },
        volunteers: base.volunteers.map((v) => (v.volunteerId === 'v-tan' ? { ...v, spent: 35 } : v)),
        packedAt: '2026-05-06T02:05:00Z',
      },
    });

    // Assess
    expect(availableOf(refreshed, 'v-tan')).toBe(65);
    expect(stockLeft(refreshed, 'towel')).toBe(1);
  });
});

describe('trip page: the queue and the sync', () => {
  it('keeps the baskets in the order they were recorded, each with its own key, marked 待同步', () => {
    // Act
    const state = threeQueued();

    // Assess
    expect(state.baskets.map((basket) => [basket.seq, basket.status, basket.displayName])).toEqual([
      [1, 'queued', '谭*华'],
      [2, 'queued', '魏*科'],
      [3, 'queued', '魏*科'],
    ]);
    expect(new Set(state.baskets.map((basket) => basket.key)).size).toBe(3);
    expect(queuedBaskets(state).map((basket) => basket.seq)).toEqual([1, 2, 3]);
    expect(state.sync.phase).toBe('idle');
    expect(state.receipt).toBe(state.baskets[2]?.key);
  });

  it('sends one basket at a time in order when the signal comes back; a refusal is kept as 未通过 and never sent again', () => {
    // Arrange
    const queued = threeQueued();
    const [first, second, third] = queued.baskets.map((basket) => basket.key);

    // Act: back online; the first settles, the second is refused, the third settles
    const online = reduce(queued, { type: 'connectivity', online: true });
    const afterFirst = reduce(online, {
      type: 'basketSettled',
      key: first ?? '',
      answer: settledAnswer(first ?? '', online, 65, '2026-05-06T03:00:00Z'),
    });
    const afterSecond = reduce(afterFirst, {
      type: 'basketRefused',
      key: second ?? '',
      refusal: { code: 'INSUFFICIENT_POINTS', message: '积分不足', balance: 10 },
    });
    const done = reduce(afterSecond, {
      type: 'basketSettled',
      key: third ?? '',
      answer: settledAnswer(third ?? '', afterSecond, 185, '2026-05-06T03:00:02Z'),
    });
    const again = reduce(done, { type: 'syncClicked' });

    // Assess
    expect(online.sync).toMatchObject({ phase: 'syncing', current: first, total: 3, done: 0 });
    expect(afterFirst.sync).toMatchObject({ phase: 'syncing', current: second, done: 1 });
    expect(afterSecond.sync).toMatchObject({ phase: 'syncing', current: third, done: 2 });
    expect(done.sync).toEqual({
      phase: 'idle',
      last: { total: 3, done: 3, settled: 2, refused: 1, stopped: false },
    });
    expect(done.baskets.map((basket) => basket.status)).toEqual(['settled', 'refused', 'settled']);
    expect(done.baskets[1]?.refusal).toEqual({
      code: 'INSUFFICIENT_POINTS',
      message: '积分不足',
      balance: 10,
    });
    expect(done.notice?.say).toMatchObject({ key: 'trip.syncDoneRefused' });
    // A repeated sync sends nothing: every key has its answer.
    expect(again.sync.phase).toBe('idle');
    expect(again.notice?.say).toEqual({ key: 'trip.nothingToSync' });
    // A refused basket spent nothing: 魏*科 has his 200 less the settled towel only.
    expect(availableOf(done, 'v-wei')).toBe(185);
  });

  it('stops the round at a network failure and keeps the rest queued, to go on from there next time', () => {
    // Arrange
    const queued = threeQueued();
    const [first, second] = queued.baskets.map((basket) => basket.key);
    const online = reduce(queued, { type: 'connectivity', online: true });
    const afterFirst = reduce(online, {
      type: 'basketSettled',
      key: first ?? '',
      answer: settledAnswer(first ?? '', online, 65, '2026-05-06T03:00:00Z'),
    });

    // Act: no answer for the second
    const stopped = reduce(afterFirst, {
      type: 'syncStopped',
      problem: problem({ network: true, outcomeUnknown: true }),
    });
    const retried = reduce(stopped, { type: 'syncClicked' });

    // Assess
    expect(stopped.sync).toEqual({
      phase: 'idle',
      last: { total: 3, done: 1, settled: 1, refused: 0, stopped: true },
    });
    expect(stopped.baskets.map((basket) => basket.status)).toEqual(['settled', 'queued', 'queued']);
    expect(stopped.reachable).toBe(false);
    expect(retried.sync).toMatchObject({ phase: 'syncing', current: second, total: 2, done: 0 });
    // The same key as before: the server answers it once however often it comes.
    expect(retried.baskets[1]?.key).toBe(second);
  });

  it('does not start a sync without a network, and says so when asked', () => {
    const queued = threeQueued();
    const asked = reduce(queued, { type: 'syncClicked' });
    expect(asked.sync.phase).toBe('idle');
    expect(asked.notice?.say).toEqual({ key: 'trip.offlineNoSync' });
  });

  it('refuses to close while baskets are still queued', () => {
    const queued = threeQueued();
    const closing = reduce(queued, { type: 'close', key: 'close-key', returned: [{ sku: 'towel', qty: 0 }] });
    expect(closing.closing).toBeUndefined();
    expect(closing.notice?.say).toEqual({ key: 'trip.closeQueued', params: { n: 3 } });
  });
});

describe('trip page: the trip’s end', () => {
  it('sells nothing more once the trip has ended, and forgets the PIN verifiers', () => {
    // Arrange
    const base = pack();
    const ended = reduce(play(ready(), ...byCard()), {
      type: 'closed',
      trip: { ...base.trip, status: 'closed', endedAt: '2026-05-06T09:00:00Z', pointsReleased: 280 },
    });

    // Act
    const card = reduce(ended, { type: 'cardSubmitted', cardNumber: CARD_WEI, pin: '2580' });

    // Assess
    expect(ended.mode).toBe('close');
    expect(ended.who).toEqual({ phase: 'nobody' });
    expect(ended.pack?.volunteers.some((volunteer) => volunteer.pin !== undefined)).toBe(false);
    expect(card.who).toEqual({ phase: 'nobody' });
  });
});

describe('trip page: cards and PINs', () => {
  it('takes a card number typed with spaces, and identifies the volunteer once the PIN is right', () => {
    const checking = reduce(ready(), { type: 'cardSubmitted', cardNumber: '6200 0000 0011', pin: '2580' });
    const identified = reduce(checking, { type: 'pinChecked', cardNumber: CARD_TAN, ok: true });
    expect(checking.who).toEqual({ phase: 'checking', volunteerId: 'v-tan', cardNumber: CARD_TAN });
    expect(identified.who).toEqual({ phase: 'identified', volunteerId: 'v-tan', via: 'card' });
  });

  it('refuses a card for the trip after 5 wrong PINs, even with the right one', () => {
    // Act: five wrong PINs
    let state = ready();
    const left: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      state = play(
        state,
        { type: 'cardSubmitted', cardNumber: CARD_TAN, pin: '0000' },
        { type: 'pinChecked', cardNumber: CARD_TAN, ok: false },
      );
      left.push(state.notice?.say);
    }
    const sixth = reduce(state, { type: 'cardSubmitted', cardNumber: CARD_TAN, pin: '2580' });
    const otherCard = reduce(state, { type: 'cardSubmitted', cardNumber: CARD_WEI, pin: '2580' });

    // Assess
    expect(left.slice(0, 4)).toEqual(
      [4, 3, 2, 1].map((n) => ({ key: 'trip.wrongPin', params: { left: n } })),
    );
    expect(left[4]).toEqual({ key: 'trip.cardLocked' });
    expect(state.pinFailures.get(CARD_TAN)).toBe(5);
    expect(sixth.who).toEqual({ phase: 'nobody' });
    expect(sixth.notice?.say).toEqual({ key: 'trip.cardLocked' });
    expect(otherCard.who.phase).toBe('checking');
  });

  it('counts wrong PINs in a row: the right one clears the count', () => {
    const state = play(
      ready(),
      { type: 'cardSubmitted', cardNumber: CARD_TAN, pin: '0000' },
      { type: 'pinChecked', cardNumber: CARD_TAN, ok: false },
      ...byCard(),
    );
    expect(state.pinFailures.has(CARD_TAN)).toBe(false);
  });

  it('says a card not on the trip is not on the list, without a PIN check', () => {
    const state = reduce(ready(), { type: 'cardSubmitted', cardNumber: '6299 9999 9999', pin: '1234' });
    expect(state.who).toEqual({ phase: 'nobody' });
    expect(state.notice?.say).toEqual({ key: 'trip.cardUnknown' });
  });

  it("checks a PIN on the phone against the card's own scrypt verifier", async () => {
    // Arrange: the verifier as the server makes it for a card
    const salt = randomBytes(16);
    const card = { scheme: PIN_SCHEME, salt: salt.toString('base64'), hash: await hashPin('2580', salt) };

    // Act / Assess
    expect(await pinMatches(card, '2580')).toBe(true);
    expect(await pinMatches(card, '2581')).toBe(false);
    expect(await pinMatches({ ...card, scheme: 'scrypt-1024-8-1' }, '2580')).toBe(false);
  });
});

describe('trip page: the paper roster', () => {
  it('makes the same key for the same trip and line every time, and another for another line or trip', () => {
    const key = paperKey(TRIP, 3);
    expect(paperKey(TRIP, 3)).toBe(key);
    expect(paperKey(TRIP, 4)).not.toBe(key);
    expect(paperKey('trip-zyxwvutsrqponmlkjihgfe', 3)).not.toBe(key);
    expect(key).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('numbers the roster by village and name, the same order whatever order the pack lists them in', () => {
    const base = pack();
    const shuffled = { ...base, volunteers: [...base.volunteers].reverse() };
    const lines = (p: Pack) => rosterLines(p).map(({ line, volunteer }) => [line, volunteer.volunteerId]);
    expect(lines(shuffled)).toEqual(lines(base));
  });

  it("enters a sheet's line as a basket via 'paper' under the line's key, once", () => {
    // Arrange: the roster's line for 魏*科
    const state = ready();
    const line =
      rosterLines(state.pack as Pack).find((entry) => entry.volunteer.volunteerId === 'v-wei')?.line ?? 0;

    // Act: entered, then the same line again
    const entered = play(
      state,
      { type: 'modeChosen', mode: 'paper' },
      { type: 'paperLineChosen', line },
      ...add('rice-5kg'),
      record(),
    );
    const twice = reduce(entered, { type: 'paperLineChosen', line });
    const cardInPaperMode = reduce(entered, { type: 'cardSubmitted', cardNumber: CARD_TAN, pin: '2580' });
    const lineOutsidePaperMode = reduce(ready(), { type: 'paperLineChosen', line });

    // Assess
    expect(entered.baskets).toHaveLength(1);
    expect(entered.baskets[0]).toMatchObject({
      key: paperKey(TRIP, line),
      paperLine: line,
      request: { volunteerId: 'v-wei', via: 'paper', pointsSpent: 60, recordedAt: '2026-05-06T01:00:00Z' },
    });
    // Another phone entering the same line, later, sends the very same request under the same key.
    const otherPhone = play(
      ready(),
      { type: 'modeChosen', mode: 'paper' },
      { type: 'paperLineChosen', line },
      ...add('rice-5kg'),
      { type: 'record', key: 'another-random-key', at: T0 + 3_600_000 },
    );
    expect(otherPhone.baskets[0]?.key).toBe(entered.baskets[0]?.key);
    expect(otherPhone.baskets[0]?.request).toEqual(entered.baskets[0]?.request);
    expect(twice.who).toEqual({ phase: 'nobody' });
    expect(twice.notice?.say).toEqual({ key: 'trip.paperLineDone', params: { line } });
    expect(cardInPaperMode.who).toEqual({ phase: 'nobody' });
    expect(lineOutsidePaperMode.who).toEqual({ phase: 'nobody' });
  });
});
