import { describe, expect, it } from 'vitest';
import { fenPer100Points, financeLines, financeTotal } from '../../web/src/reports/finance';

describe('the finance view as the office reads it', () => {
  it('says yuan per 100 points from whole fen and points, rounded half up only for display', () => {
    expect(fenPer100Points(4550, 130)).toBe(3500);
    expect(fenPer100Points(1, 3)).toBe(33); // 33.33… fen
    expect(fenPer100Points(2, 3)).toBe(67); // 66.66… fen
    expect(fenPer100Points(1, 200)).toBe(1); // 0.5 fen rounds up
    expect(fenPer100Points(700, 0)).toBeUndefined();
    expect(() => fenPer100Points(0.5, 3)).toThrow();
  });

  it('names each store, adds the estimate to the value for the ratio, and sums the county', () => {
    // Prepare
    const view = {
      month: '2026-11',
      stores: [
        {
          storeId: 'S1',
          units: 5,
          valueFen: 9000,
          estimatedFen: 1000,
          unvaluedUnits: 1,
          pointsRedeemed: 400,
        },
        { storeId: 'van', units: 2, valueFen: 0, estimatedFen: 0, unvaluedUnits: 2, pointsRedeemed: 0 },
      ],
      unattributedUnits: 0,
    };
    // Act
    const lines = financeLines(view, (storeId) => (storeId === 'S1' ? '什川镇爱心超市' : storeId));
    const total = financeTotal(lines);
    // Assess
    expect(lines.map((line) => [line.name, line.per100])).toEqual([
      ['什川镇爱心超市', '25.00'],
      ['van', undefined],
    ]);
    expect(total).toEqual({
      points: 400,
      valueFen: 9000,
      estimatedFen: 1000,
      unvaluedUnits: 3,
      units: 7,
      per100: '25.00',
    });
  });
});
