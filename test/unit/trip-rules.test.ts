import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTripStep,
  type Hold,
  offlineAllowance,
  type QueuedRedemption,
  reconcileTrip,
  releaseOf,
  spendFromHold,
  TRIP_STATES,
  type TripState,
  toSync,
} from '../../shared/trips/rules/trip';

describe('a trip of the mobile shop: its rules', () => {
  it('holds the balance up to the daily cap, nothing of a negative or empty balance, all of it with the cap off', () => {
    expect(offlineAllowance(120, 5000)).toBe(120);
    expect(offlineAllowance(8000, 5000)).toBe(5000);
    expect(offlineAllowance(0, 5000)).toBe(0);
    expect(offlineAllowance(-3, 5000)).toBe(0);
    expect(offlineAllowance(8000, 0)).toBe(8000);
    expect(() => offlineAllowance(1.5, 10)).toThrow(RangeError);
    expect(() => offlineAllowance(10, -1)).toThrow(RangeError);
  });

  it('settles a redemption within its hold only, in whole points, on an open trip only', () => {
    const hold: Hold = { held: 50, spent: 30 };
    expect(spendFromHold(hold, 20, 'open')).toEqual({ ok: true, hold: { held: 50, spent: 50 } });
    expect(spendFromHold(hold, 21, 'open')).toEqual({ ok: false, why: 'over-hold' });
    expect(spendFromHold(hold, 0, 'open')).toEqual({ ok: false, why: 'not-whole' });
    expect(spendFromHold(hold, 2.5, 'open')).toEqual({ ok: false, why: 'not-whole' });
    expect(spendFromHold(hold, 5, 'closed')).toEqual({ ok: false, why: 'trip-ended' });
    expect(spendFromHold(hold, 5, 'revoked')).toEqual({ ok: false, why: 'trip-ended' });
    expect(releaseOf({ held: 50, spent: 30 })).toBe(20);
  });

  it('lets an open trip close or be revoked, and nothing else move', () => {
    const moves = TRIP_STATES.flatMap((state) =>
      (['close', 'revoke'] as const)
        .filter((action) => canTripStep(state, action))
        .map((action) => `${state} ${action}`),
    );
    expect(moves).toEqual(['open close', 'open revoke']);
  });

  it('finds each item and each hold whose books do not agree, and nothing in a trip that does', () => {
    expect(
      reconcileTrip({
        items: [
          { itemId: 'soap', out: 10, redeemed: 6, returned: 4 },
          { itemId: 'rice', out: 5, redeemed: 2, returned: 2 },
        ],
        holds: [
          { volunteerId: 'v1', held: 50, spent: 30, released: 20 },
          { volunteerId: 'v2', held: 40, spent: 10, released: 20 },
        ],
      }),
    ).toEqual([
      { kind: 'goods', itemId: 'rice', out: 5, accounted: 4 },
      { kind: 'points', volunteerId: 'v2', held: 40, accounted: 30 },
    ]);
    expect(
      reconcileTrip({ items: [{ itemId: 'soap', out: 3, redeemed: 3, returned: 0 }], holds: [] }),
    ).toEqual([]);
  });

  it('syncs the queue in the order it was recorded, without what the server already answered', () => {
    const entry = (key: string): QueuedRedemption => ({
      idempotencyKey: key,
      volunteerId: 'v1',
      amount: 5,
      recordedAt: '2026-12-04T02:00:00.000Z',
    });
    const queue = [entry('a'), entry('b'), entry('c')];
    expect(toSync(queue, new Set(['b'])).map((e) => e.idempotencyKey)).toEqual(['a', 'c']);
    expect(toSync(queue, new Set(['a', 'b', 'c']))).toEqual([]);
  });
});

/**
 * The rules through any order of events, on a model of the books: the trip opens (each volunteer's
 * allowance moves from their account into a hold), the van redeems offline (checked on the phone,
 * and sometimes a forged entry that was not), the phone syncs (each entry settles against its hold
 * or is refused, and is answered either way), syncs again, and the trip closes or is revoked (what
 * is left of each hold goes back). Whatever the order: no balance below zero, no hold overspent,
 * every point either still the volunteer's or spent at the van, and a closed trip's holds agree.
 */
type Event =
  | { type: 'redeem'; volunteer: number; amount: number; forged: boolean }
  | { type: 'sync' }
  | { type: 'end'; action: 'close' | 'revoke' };

const VOLUNTEERS = 3;

const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('redeem' as const),
      volunteer: fc.nat(VOLUNTEERS - 1),
      amount: fc.integer({ min: 1, max: 40 }),
      forged: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ type: 'sync' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('end' as const),
      action: fc.constantFrom('close' as const, 'revoke' as const),
    }),
  },
);

describe('a trip, through any order of offline redemptions, syncs, repeated syncs and its end', () => {
  it('never lets a balance go negative or a hold be overspent, and conserves every point', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 120 }), { minLength: VOLUNTEERS, maxLength: VOLUNTEERS }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(eventArbitrary, { maxLength: 60 }),
        (startBalances, cap, events) => {
          // The trip opens: each allowance moves into a hold (a ledger movement, double entry).
          const balances = [...startBalances];
          const holds: Hold[] = balances.map((balance) => ({
            held: offlineAllowance(balance, cap),
            spent: 0,
          }));
          holds.forEach((hold, volunteer) => {
            balances[volunteer] = (balances[volunteer] ?? 0) - hold.held;
          });
          let state: TripState = 'open';
          const released = holds.map(() => 0);
          const phoneSpent = holds.map(() => 0);
          const queue: QueuedRedemption[] = [];
          const answered = new Set<string>();
          let serial = 0;

          const sync = () => {
            for (const entry of toSync(queue, answered)) {
              const volunteer = Number(entry.volunteerId);
              const settled = spendFromHold(holds[volunteer] as Hold, entry.amount, state);
              if (settled.ok) holds[volunteer] = settled.hold;
              answered.add(entry.idempotencyKey);
            }
          };

          for (const event of events) {
            if (event.type === 'redeem') {
              const allowance = holds[event.volunteer]?.held ?? 0;
              const fits = (phoneSpent[event.volunteer] ?? 0) + event.amount <= allowance;
              // The phone refuses what its allowance cannot cover, unless the entry is forged.
              if (!fits && !event.forged) continue;
              if (fits) phoneSpent[event.volunteer] = (phoneSpent[event.volunteer] ?? 0) + event.amount;
              queue.push({
                idempotencyKey: `k${++serial}`,
                volunteerId: String(event.volunteer),
                amount: event.amount,
                recordedAt: new Date(serial * 1000).toISOString(),
              });
            } else if (event.type === 'sync') {
              sync();
              const before = JSON.stringify(holds);
              sync(); // a repeated sync changes nothing
              expect(JSON.stringify(holds)).toBe(before);
            } else if (canTripStep(state, event.action)) {
              state = event.action === 'close' ? 'closed' : 'revoked';
              holds.forEach((hold, volunteer) => {
                released[volunteer] = releaseOf(hold);
                balances[volunteer] = (balances[volunteer] ?? 0) + releaseOf(hold);
              });
            }
            for (const [volunteer, hold] of holds.entries()) {
              expect(balances[volunteer]).toBeGreaterThanOrEqual(0);
              expect(hold.spent).toBeLessThanOrEqual(hold.held);
              expect(hold.spent).toBeGreaterThanOrEqual(0);
            }
          }
          // Every point is still the volunteer's, held for the trip, or spent at the van.
          for (const [volunteer, hold] of holds.entries()) {
            const stillHeld = state === 'open' ? hold.held - hold.spent : 0;
            expect((balances[volunteer] ?? 0) + stillHeld + hold.spent).toBe(startBalances[volunteer]);
          }
          if (state !== 'open') {
            const counts = holds.map((hold, volunteer) => ({
              volunteerId: String(volunteer),
              held: hold.held,
              spent: hold.spent,
              released: released[volunteer] ?? 0,
            }));
            expect(reconcileTrip({ items: [], holds: counts })).toEqual([]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
