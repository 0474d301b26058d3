import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AttributionEvent,
  attributeStock,
  donorReport,
  goodsPerPoint,
  lotAccounted,
  redeemedValue,
} from '../../shared/donations/rules/attribution';

const STORES = ['s1', 's2'] as const;
const SKUS = ['rice', 'oil'] as const;

describe('where each unit of stock came from and went (FIFO per store item)', () => {
  it('takes the oldest lot first, gives a voided redemption back to its own lots, keeps the donor across a transfer', () => {
    // Prepare
    const events: AttributionEvent[] = [
      { kind: 'in', storeId: 's1', sku: 'rice', lotId: 'open', source: 'opening', qty: 3 },
      {
        kind: 'in',
        storeId: 's1',
        sku: 'rice',
        lotId: 'd1',
        source: 'donation',
        sourceId: 'D1',
        qty: 10,
        unitValueFen: 5000,
      },
      { kind: 'redeem', storeId: 's1', sku: 'rice', redemptionId: 'r1', month: '2026-11', qty: 5 },
      { kind: 'redeem', storeId: 's1', sku: 'rice', redemptionId: 'r2', month: '2026-12', qty: 2 },
      { kind: 'redeem-void', redemptionId: 'r1' },
      { kind: 'transfer', fromStoreId: 's1', toStoreId: 's2', sku: 'rice', qty: 4 },
      { kind: 'redeem', storeId: 's2', sku: 'rice', redemptionId: 'r3', month: '2026-12', qty: 1 },
    ];
    // Act
    const { lots, unattributed } = attributeStock(events);
    // Assess: r1 took the 3 opening units and 2 of D1; r2 then took 2 of D1; r1's void gave the
    // 3 opening units and 2 of D1 back; the transfer took the 3 opening units and 1 of D1; r3 at s2
    // took the oldest there, an opening unit.
    expect(unattributed).toEqual([]);
    const open = lots.find((lot) => lot.lotId === 'open');
    const d1 = lots.find((lot) => lot.lotId === 'd1');
    expect(open).toMatchObject({ redeemed: {}, transferred: 3, onShelf: 0 });
    expect(d1).toMatchObject({ redeemed: { '2026-12': 2 }, transferred: 1, onShelf: 7 });
    const report = donorReport(lots, new Set(['D1']));
    expect(report.received).toBe(10);
    expect(report.redeemed).toEqual([{ storeId: 's1', sku: 'rice', month: '2026-12', redeemed: 2 }]);
    expect(report.onShelf).toEqual([
      { storeId: 's1', sku: 'rice', qty: 7 },
      { storeId: 's2', sku: 'rice', qty: 1 },
    ]);
    expect(redeemedValue(lots)).toEqual([
      { storeId: 's1', month: '2026-12', units: 2, valueFen: 10_000, estimatedFen: 0, unvaluedUnits: 0 },
      { storeId: 's2', month: '2026-12', units: 1, valueFen: 0, estimatedFen: 0, unvaluedUnits: 1 },
    ]);
    // The opening unit redeemed at s2 is valued at s2's 参考价值 for rice when it has one, apart.
    const reference = (storeId: string, sku: string) =>
      storeId === 's2' && sku === 'rice' ? 4200 : undefined;
    expect(redeemedValue(lots, reference)).toEqual([
      { storeId: 's1', month: '2026-12', units: 2, valueFen: 10_000, estimatedFen: 0, unvaluedUnits: 0 },
      { storeId: 's2', month: '2026-12', units: 1, valueFen: 0, estimatedFen: 4200, unvaluedUnits: 0 },
    ]);
  });

  it("values redeemed goods at their lot's unit value, and a donation's void takes its own lot first", () => {
    const { lots } = attributeStock([
      { kind: 'in', storeId: 's1', sku: 'oil', lotId: 'p1', source: 'purchase', qty: 4, unitValueFen: 1990 },
      { kind: 'in', storeId: 's1', sku: 'oil', lotId: 'd1', source: 'donation', sourceId: 'D1', qty: 4 },
      { kind: 'redeem', storeId: 's1', sku: 'oil', redemptionId: 'r1', month: '2026-12', qty: 3 },
      { kind: 'donation-void', storeId: 's1', sku: 'oil', lotId: 'd1', qty: 4 },
      { kind: 'redeem', storeId: 's1', sku: 'oil', redemptionId: 'r2', month: '2026-12', qty: 1 },
    ]);
    expect(lots.find((lot) => lot.lotId === 'd1')).toMatchObject({ voided: 4, onShelf: 0 });
    expect(redeemedValue(lots)).toEqual([
      { storeId: 's1', month: '2026-12', units: 4, valueFen: 4 * 1990, estimatedFen: 0, unvaluedUnits: 0 },
    ]);
    expect(goodsPerPoint(7960, 400)).toEqual({ valueFen: 7960, points: 400 });
    expect(goodsPerPoint(7960, 0)).toBeUndefined();
  });

  it('reports units taken with no lot left instead of going below zero', () => {
    const { lots, unattributed } = attributeStock([
      { kind: 'in', storeId: 's1', sku: 'oil', lotId: 'a', source: 'opening', qty: 1 },
      { kind: 'out', storeId: 's1', sku: 'oil', why: 'writeoff', qty: 3 },
    ]);
    expect(lots[0]).toMatchObject({ writeoff: 1, onShelf: 0 });
    expect(unattributed).toEqual([{ storeId: 's1', sku: 'oil', qty: 2 }]);
    expect(() =>
      attributeStock([{ kind: 'out', storeId: 's1', sku: 'oil', why: 'writeoff', qty: 1.5 }]),
    ).toThrow(RangeError);
  });

  const Op = fc.oneof(
    fc.record({
      op: fc.constant('in' as const),
      store: fc.constantFrom(...STORES),
      sku: fc.constantFrom(...SKUS),
      qty: fc.integer({ min: 1, max: 20 }),
      donation: fc.boolean(),
    }),
    fc.record({
      op: fc.constantFrom(
        'redeem' as const,
        'writeoff' as const,
        'transfer' as const,
        'void-donation' as const,
      ),
      store: fc.constantFrom(...STORES),
      sku: fc.constantFrom(...SKUS),
      qty: fc.integer({ min: 1, max: 20 }),
      pick: fc.nat(),
    }),
    fc.record({ op: fc.constant('void-redemption' as const), pick: fc.nat() }),
  );

  it('conserves units: per lot in = taken + on shelf, per item the lots hold the stock, no lot below zero', () => {
    fc.assert(
      fc.property(fc.array(Op, { maxLength: 80 }), (ops) => {
        // Prepare: a valid history, as the stock ledger's conditions allow it.
        const stock = new Map<string, number>();
        const key = (store: string, sku: string) => `${store}/${sku}`;
        const get = (store: string, sku: string) => stock.get(key(store, sku)) ?? 0;
        const add = (store: string, sku: string, delta: number) =>
          stock.set(key(store, sku), get(store, sku) + delta);
        const events: AttributionEvent[] = [];
        const redemptions: { id: string; store: string; sku: string; qty: number }[] = [];
        const donations: { lotId: string; store: string; sku: string; qty: number }[] = [];
        let received = 0;
        ops.forEach((op, index) => {
          if (op.op === 'in') {
            const lotId = `lot${index}`;
            events.push({
              kind: 'in',
              storeId: op.store,
              sku: op.sku,
              lotId,
              source: op.donation ? 'donation' : 'purchase',
              sourceId: `D${index}`,
              qty: op.qty,
              unitValueFen: 100,
            });
            if (op.donation) donations.push({ lotId, store: op.store, sku: op.sku, qty: op.qty });
            add(op.store, op.sku, op.qty);
            received += op.qty;
          } else if (op.op === 'void-redemption') {
            const redemption = redemptions.splice(op.pick % Math.max(1, redemptions.length), 1)[0];
            if (redemption === undefined) return;
            events.push({ kind: 'redeem-void', redemptionId: redemption.id });
            add(redemption.store, redemption.sku, redemption.qty);
          } else if (op.op === 'void-donation') {
            const donation = donations.splice(op.pick % Math.max(1, donations.length), 1)[0];
            if (donation === undefined || get(donation.store, donation.sku) < donation.qty) return;
            events.push({
              kind: 'donation-void',
              storeId: donation.store,
              sku: donation.sku,
              lotId: donation.lotId,
              qty: donation.qty,
            });
            add(donation.store, donation.sku, -donation.qty);
          } else {
            if (get(op.store, op.sku) < op.qty) return;
            add(op.store, op.sku, -op.qty);
            if (op.op === 'redeem') {
              const id = `r${index}`;
              events.push({
                kind: 'redeem',
                storeId: op.store,
                sku: op.sku,
                redemptionId: id,
                month: '2026-12',
                qty: op.qty,
              });
              redemptions.push({ id, store: op.store, sku: op.sku, qty: op.qty });
            } else if (op.op === 'writeoff') {
              events.push({ kind: 'out', storeId: op.store, sku: op.sku, why: 'writeoff', qty: op.qty });
            } else {
              const to = op.store === 's1' ? 's2' : 's1';
              events.push({
                kind: 'transfer',
                fromStoreId: op.store,
                toStoreId: to,
                sku: op.sku,
                qty: op.qty,
              });
              add(to, op.sku, op.qty);
            }
          }
        });
        // Act
        const { lots, unattributed } = attributeStock(events);
        // Assess
        expect(unattributed).toEqual([]);
        for (const lot of lots) {
          expect(lot.onShelf).toBeGreaterThanOrEqual(0);
          for (const qty of Object.values(lot.redeemed)) expect(qty).toBeGreaterThan(0);
          expect(lotAccounted(lot)).toBe(lot.in);
        }
        for (const store of STORES) {
          for (const sku of SKUS) {
            const onShelf = lots
              .filter((lot) => lot.storeId === store && lot.sku === sku)
              .reduce((sum, lot) => sum + lot.onShelf, 0);
            expect(onShelf).toBe(get(store, sku));
          }
        }
        // Every unit that came in is redeemed, written off, voided or on a shelf somewhere.
        const gone = lots.reduce(
          (sum, lot) =>
            sum +
            Object.values(lot.redeemed).reduce((a, b) => a + b, 0) +
            lot.writeoff +
            lot.voided +
            lot.onShelf,
          0,
        );
        expect(gone).toBe(received);
        const outstanding = redemptions.reduce((sum, redemption) => sum + redemption.qty, 0);
        expect(redeemedValue(lots).reduce((sum, row) => sum + row.units, 0)).toBe(outstanding);
      }),
      { numRuns: 300 },
    );
  });
});
