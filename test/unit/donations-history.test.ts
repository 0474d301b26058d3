import { describe, expect, it } from 'vitest';
import { attributeStock, donorReport, redeemedValue } from '../../shared/donations/rules/attribution';
import { type HistoryMovement, historyEvents, intakeLotOf } from '../../shared/donations/rules/history';

const movement = (
  fields: Partial<HistoryMovement> & Pick<HistoryMovement, 'id' | 'kind' | 'delta' | 'at'>,
): HistoryMovement => ({ storeId: 's1', sku: 'rice', ref: 'x', ...fields });

describe("the stock ledger's history as attribution events", () => {
  it('names each movement: opening, donation with its value, transfer pair, write-off, a void of the intake', () => {
    // Prepare: an old restock, a donation of 10 at ¥45, a transfer of 4 to s2, a write-off of 1,
    // a redemption voided later, and the donation's void taking back 2 at s2.
    const movements: HistoryMovement[] = [
      movement({ id: 'm0', kind: 'restock', delta: 3, at: '2026-11-01T01:00:00.000Z' }),
      movement({
        id: 'D1.0',
        kind: 'donation',
        delta: 10,
        ref: 'donation:D1',
        at: '2026-11-02T01:00:00.000Z',
        unitValueFen: 4500,
      }),
      movement({
        id: 't1',
        kind: 'transfer-out',
        delta: -4,
        ref: 'transfer:T',
        at: '2026-11-03T01:00:00.000Z',
      }),
      movement({
        id: 't2',
        storeId: 's2',
        kind: 'transfer-in',
        delta: 4,
        ref: 'transfer:T',
        at: '2026-11-03T01:00:00.000Z',
      }),
      movement({ id: 'w1', kind: 'writeoff', delta: -1, at: '2026-11-04T01:00:00.000Z' }),
    ];
    const redemptions = [
      {
        id: 'r1',
        storeId: 's1',
        at: '2026-11-30T17:00:00.000Z', // 12-01 01:00 China time: December's
        status: 'voided',
        voidedAt: '2026-12-02T01:00:00.000Z',
        lines: [{ sku: 'rice', qty: 2 }],
      },
      {
        id: 'r2',
        storeId: 's1',
        at: '2026-12-03T01:00:00.000Z',
        status: 'completed',
        lines: [{ sku: 'rice', qty: 3 }],
      },
    ];
    // Act
    const events = historyEvents(movements, redemptions);
    const { lots, unattributed } = attributeStock(events);
    // Assess: the transfer moved the 3 opening units and 1 of D1; the write-off took 1 of D1; r1
    // took 2 of D1 and gave them back; r2 took 3 of D1 in December at ¥45.
    expect(events[0]).toMatchObject({ kind: 'in', source: 'restock' });
    expect(events.map((event) => event.kind)).toEqual([
      'in',
      'in',
      'transfer',
      'out',
      'redeem',
      'redeem-void',
      'redeem',
    ]);
    expect(events[4]).toMatchObject({ month: '2026-12' });
    expect(unattributed).toEqual([]);
    expect(redeemedValue(lots)).toEqual([
      { storeId: 's1', month: '2026-12', units: 3, valueFen: 13_500, estimatedFen: 0, unvaluedUnits: 0 },
    ]);
    const report = donorReport(lots, new Set(['D1']));
    expect(report).toMatchObject({ received: 10, writeoff: 1 });
    expect(report.onShelf).toEqual([
      { storeId: 's1', sku: 'rice', qty: 5 },
      { storeId: 's2', sku: 'rice', qty: 1 },
    ]);
  });

  it("a donation's void takes back its own lot; an intake void's id names the lot", () => {
    expect(intakeLotOf('D1.void.0')).toBe('D1.0');
    const { lots } = attributeStock(
      historyEvents(
        [
          movement({ id: 'm0', kind: 'initial', delta: 2, at: '2026-11-01T00:00:00.000Z' }),
          movement({
            id: 'D1.0',
            kind: 'donation',
            delta: 5,
            ref: 'donation:D1',
            at: '2026-11-02T00:00:00.000Z',
          }),
          movement({
            id: 'D1.void.0',
            kind: 'intake-void',
            delta: -5,
            ref: 'donation:D1',
            at: '2026-11-03T00:00:00.000Z',
          }),
        ],
        [],
      ),
    );
    expect(lots.map((lot) => [lot.lotId, lot.source, lot.voided, lot.onShelf])).toEqual([
      ['m0', 'opening', 0, 2],
      ['D1.0', 'donation', 5, 0],
    ]);
  });

  it("a van's count-back is a write-off when short and a 盘盈 lot when over, like any stocktake", () => {
    // Prepare: a donation of 6 on the van, 3 redeemed on the trip, the close counts 1 back (2 short);
    // a second trip's close finds 1 more than the books (盘盈).
    const { lots } = attributeStock(
      historyEvents(
        [
          movement({
            id: 'D2.0',
            storeId: 'van',
            kind: 'donation',
            delta: 6,
            ref: 'donation:D2',
            at: '2026-11-02T00:00:00.000Z',
            unitValueFen: 1200,
          }),
          movement({
            id: 'c1',
            storeId: 'van',
            kind: 'stocktake',
            delta: -2,
            ref: 'trip-count:T1:close',
            at: '2026-11-05T09:00:00.000Z',
          }),
          movement({
            id: 'c2',
            storeId: 'van',
            kind: 'stocktake',
            delta: 1,
            ref: 'trip-count:T2:close',
            at: '2026-11-06T09:00:00.000Z',
          }),
        ],
        [
          {
            id: 'r1',
            storeId: 'van',
            at: '2026-11-05T03:00:00.000Z',
            status: 'completed',
            lines: [{ sku: 'rice', qty: 3 }],
          },
        ],
      ),
    );
    // Assess: the donor's report counts the short count as written off, never as redeemed.
    expect(donorReport(lots, new Set(['D2']))).toMatchObject({
      received: 6,
      writeoff: 2,
      redeemed: [{ storeId: 'van', sku: 'rice', month: '2026-11', redeemed: 3 }],
      onShelf: [{ storeId: 'van', sku: 'rice', qty: 1 }],
    });
    expect(lots.map((lot) => [lot.lotId, lot.source, lot.onShelf])).toEqual([
      ['D2.0', 'donation', 1],
      ['c2', 'surplus', 1],
    ]);
  });
});
