import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/platform/errors';
import { buildBasket, dayTotals } from '../../shared/stores/rules/basket';

const fieldsOf = (run: () => unknown): string[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return (error.fields ?? []).map((field) => field.path);
    throw error;
  }
  return [];
};

describe('buildBasket', () => {
  it('merges repeated SKUs in the order they first appear and totals points and units', () => {
    const basket = buildBasket([
      { sku: 'rice', qty: 1, pricePoints: 30 },
      { sku: 'oil', qty: 2, pricePoints: 45 },
      { sku: 'rice', qty: 3, pricePoints: 30 },
    ]);

    expect(basket.lines).toEqual([
      { sku: 'rice', qty: 4, pricePoints: 30, points: 120 },
      { sku: 'oil', qty: 2, pricePoints: 45, points: 90 },
    ]);
    expect(basket.totalPoints).toBe(210);
    expect(basket.totalQty).toBe(6);
  });

  it('refuses one SKU at two prices, naming the line', () => {
    const paths = fieldsOf(() =>
      buildBasket([
        { sku: 'rice', qty: 1, pricePoints: 30 },
        { sku: 'rice', qty: 1, pricePoints: 31 },
      ]),
    );

    expect(paths).toEqual(['body.items.1.pricePoints']);
  });

  it('keeps the per-line limit of 99 units after merging', () => {
    expect(
      fieldsOf(() =>
        buildBasket([
          { sku: 'soap', qty: 60, pricePoints: 5 },
          { sku: 'soap', qty: 40, pricePoints: 5 },
        ]),
      ),
    ).toEqual(['body.items.1.qty']);
    expect(buildBasket([{ sku: 'soap', qty: 99, pricePoints: 5 }]).totalQty).toBe(99);
  });

  it('refuses empty and oversized baskets and out-of-range quantities and prices', () => {
    expect(fieldsOf(() => buildBasket([]))).toEqual(['body.items']);
    const many = Array.from({ length: 21 }, (_, index) => ({ sku: `s${index}`, qty: 1, pricePoints: 1 }));
    expect(fieldsOf(() => buildBasket(many))).toEqual(['body.items']);
    expect(
      fieldsOf(() =>
        buildBasket([
          { sku: 'a', qty: 0, pricePoints: 1 },
          { sku: 'b', qty: 1, pricePoints: 100_001 },
          { sku: 'c', qty: 1.5, pricePoints: 1 },
        ]),
      ),
    ).toEqual(['body.items.0.qty', 'body.items.1.pricePoints', 'body.items.2.qty']);
  });
});

describe('dayTotals', () => {
  const rice = { sku: 'rice', name: '大米', qty: 2, pricePoints: 30, points: 60 };
  const oil = { sku: 'oil', name: '食用油', qty: 1, pricePoints: 45, points: 45 };

  it('counts completed redemptions only and balances goods against points', () => {
    const totals = dayTotals([
      { status: 'completed', pointsSpent: 105, lines: [rice, oil] },
      { status: 'voided', pointsSpent: 60, lines: [rice] },
      { status: 'completed', pointsSpent: 60, lines: [rice] },
    ]);

    expect(totals).toEqual({
      pointsIn: 165,
      goodsOut: [
        { sku: 'oil', name: '食用油', qty: 1, points: 45 },
        { sku: 'rice', name: '大米', qty: 4, points: 120 },
      ],
      balanced: true,
      completed: 2,
      voided: 1,
    });
  });

  it('reports a day whose goods do not add up to its points as unbalanced', () => {
    const totals = dayTotals([{ status: 'completed', pointsSpent: 100, lines: [rice] }]);

    expect(totals.balanced).toBe(false);
    expect(dayTotals([]).balanced).toBe(true);
  });
});
