import { AppError, type FieldError } from '../../platform/errors';
import { ITEM_PRICE_POINTS_MAX, REDEMPTION_LINES_MAX, REDEMPTION_QTY_MAX } from '../../platform/limits';

/**
 * The basket a counter hands over: pure rules, no storage. Repeated SKUs are merged into one line
 * (a transaction may touch each stock item once), prices are what the counter showed the volunteer,
 * and the totals are what the ledger debits.
 */
export interface BasketLineRequest {
  sku: string;
  qty: number;
  pricePoints: number;
}

export interface BasketLine {
  sku: string;
  qty: number;
  pricePoints: number;
  /** qty × pricePoints. */
  points: number;
}

export interface Basket {
  lines: BasketLine[];
  totalPoints: number;
  totalQty: number;
}

const isCount = (value: number, max: number): boolean =>
  Number.isSafeInteger(value) && value >= 1 && value <= max;

/**
 * Merges repeated SKUs (in the order they first appear) and totals the basket. The same SKU at two
 * prices is a mistake at the counter, not something to average; a merged line keeps the per-line
 * quantity limit. Every problem is reported with the path of the line that caused it.
 */
export function buildBasket(requested: readonly BasketLineRequest[]): Basket {
  const fields: FieldError[] = [];
  if (requested.length < 1 || requested.length > REDEMPTION_LINES_MAX) {
    fields.push({ path: 'body.items', message: `must have 1 to ${REDEMPTION_LINES_MAX} lines` });
  }
  const merged = new Map<string, BasketLine>();
  for (const [index, line] of requested.slice(0, REDEMPTION_LINES_MAX).entries()) {
    if (!isCount(line.qty, REDEMPTION_QTY_MAX)) {
      fields.push({ path: `body.items.${index}.qty`, message: `must be 1 to ${REDEMPTION_QTY_MAX}` });
      continue;
    }
    if (!isCount(line.pricePoints, ITEM_PRICE_POINTS_MAX)) {
      fields.push({
        path: `body.items.${index}.pricePoints`,
        message: `must be 1 to ${ITEM_PRICE_POINTS_MAX}`,
      });
      continue;
    }
    const earlier = merged.get(line.sku);
    if (earlier === undefined) {
      merged.set(line.sku, { ...line, points: line.qty * line.pricePoints });
      continue;
    }
    if (earlier.pricePoints !== line.pricePoints) {
      fields.push({
        path: `body.items.${index}.pricePoints`,
        message: `${line.sku} appears at two prices (${earlier.pricePoints} and ${line.pricePoints})`,
      });
      continue;
    }
    const qty = earlier.qty + line.qty;
    if (qty > REDEMPTION_QTY_MAX) {
      fields.push({
        path: `body.items.${index}.qty`,
        message: `${line.sku} adds up to ${qty}; at most ${REDEMPTION_QTY_MAX} of one item`,
      });
      continue;
    }
    merged.set(line.sku, { ...earlier, qty, points: qty * earlier.pricePoints });
  }
  if (fields.length > 0) throw new AppError('VALIDATION_FAILED', 'The basket is not valid', { fields });
  const lines = [...merged.values()];
  return {
    lines,
    totalPoints: lines.reduce((sum, line) => sum + line.points, 0),
    totalQty: lines.reduce((sum, line) => sum + line.qty, 0),
  };
}

/** One redemption as the day's reconciliation sees it. */
export interface DayRedemption {
  status: 'completed' | 'voided';
  pointsSpent: number;
  lines: readonly { sku: string; name: string; qty: number; pricePoints: number; points: number }[];
}

export interface GoodsOut {
  sku: string;
  name: string;
  qty: number;
  points: number;
}

export interface DayTotals {
  /** Points taken in by completed redemptions (voided ones gave theirs back). */
  pointsIn: number;
  goodsOut: GoodsOut[];
  /** 账物相符: the goods handed over, at the prices charged, add up to the points taken in. */
  balanced: boolean;
  completed: number;
  voided: number;
}

/** The day's totals at one store: what came in as points against what went out as goods. */
export function dayTotals(redemptions: readonly DayRedemption[]): DayTotals {
  const goods = new Map<string, GoodsOut>();
  let pointsIn = 0;
  let completed = 0;
  for (const redemption of redemptions) {
    if (redemption.status !== 'completed') continue;
    completed += 1;
    pointsIn += redemption.pointsSpent;
    for (const line of redemption.lines) {
      const earlier = goods.get(line.sku) ?? { sku: line.sku, name: line.name, qty: 0, points: 0 };
      goods.set(line.sku, {
        ...earlier,
        qty: earlier.qty + line.qty,
        points: earlier.points + line.qty * line.pricePoints,
      });
    }
  }
  const goodsOut = [...goods.values()].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const goodsPoints = goodsOut.reduce((sum, line) => sum + line.points, 0);
  return {
    pointsIn,
    goodsOut,
    balanced: goodsPoints === pointsIn,
    completed,
    voided: redemptions.length - completed,
  };
}
