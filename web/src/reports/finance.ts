import type { FinanceView } from '../../../shared/donations/contract/donations';
import { yuanText } from '../donations/money';

/**
 * 财务视图 as the office reads it: "this month's points bought ¥X of goods", per store and in all.
 * Pure: integers in fen and points from the server; the goods-to-points ratio is shown as yuan per
 * 100 points, rounded to the fen only for display (the figures themselves stay whole).
 */
export interface FinanceLine {
  storeId: string;
  name: string;
  points: number;
  /** Value of the goods from donation estimates and purchase invoices, fen. */
  valueFen: number;
  /** Goods with no value of their own, at the items' 参考价值, fen. */
  estimatedFen: number;
  unvaluedUnits: number;
  units: number;
  /** ¥ per 100 points, two decimals, or undefined when no points were spent. */
  per100: string | undefined;
}

/** Fen per 100 points, rounded half up to the fen: the ratio as a person says it (每 100 积分约 ¥35.00). */
export function fenPer100Points(fen: number, points: number): number | undefined {
  if (!Number.isSafeInteger(fen) || !Number.isSafeInteger(points)) throw new Error('integers only');
  if (points <= 0) return undefined;
  return Math.floor((fen * 100 * 2 + points) / (points * 2));
}

export function financeLines(view: FinanceView, nameOf: (storeId: string) => string): FinanceLine[] {
  return view.stores.map((store) => {
    const per100 = fenPer100Points(store.valueFen + store.estimatedFen, store.pointsRedeemed);
    return {
      storeId: store.storeId,
      name: nameOf(store.storeId),
      points: store.pointsRedeemed,
      valueFen: store.valueFen,
      estimatedFen: store.estimatedFen,
      unvaluedUnits: store.unvaluedUnits,
      units: store.units,
      per100: per100 === undefined ? undefined : yuanText(per100),
    };
  });
}

/** The county's total: every store's lines summed, with its own ratio. */
export function financeTotal(lines: readonly FinanceLine[]): Omit<FinanceLine, 'storeId' | 'name'> {
  const sum = (pick: (line: FinanceLine) => number) => lines.reduce((total, line) => total + pick(line), 0);
  const points = sum((line) => line.points);
  const valueFen = sum((line) => line.valueFen);
  const estimatedFen = sum((line) => line.estimatedFen);
  const per100 = fenPer100Points(valueFen + estimatedFen, points);
  return {
    points,
    valueFen,
    estimatedFen,
    unvaluedUnits: sum((line) => line.unvaluedUnits),
    units: sum((line) => line.units),
    per100: per100 === undefined ? undefined : yuanText(per100),
  };
}
