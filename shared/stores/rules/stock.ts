import { AppError } from '../../platform/errors';
import type { StoreItemRecord } from './store';

/**
 * The stock ledger's rules. Every change of an item's stock is an immutable stock movement written
 * with the item's update, which is pinned to the stock it read (`stockUnchanged`, the item's
 * version): the movement then records the exact stock after it, and a change is planned only while
 * `stockAllows` it, so stock never goes below zero. A redemption line takes its units only while
 * `canTakeLine`. The store's conditions (shared/stores/store/stock-store.ts and
 * redemption-store.ts) enforce the same rules; test/integration/stores-rules.test.ts ties them.
 */
export const STOCK_KINDS = [
  'initial',
  'restock',
  'writeoff',
  'transfer-in',
  'transfer-out',
  'stocktake',
] as const;
/**
 * Stock-in of goods given (捐赠) or bought with county funds (采购), and the reversal of either's
 * void (docs/donations.md), linked to the record by `ref`: written only by the donations area's
 * intake and void, never by a plain stock change (which takes STOCK_KINDS). The office's history
 * page (web/src/stores/stock-state.ts) says them as 捐赠入库, 采购入库 and 作废冲回.
 */
export const INTAKE_STOCK_KINDS = ['donation', 'purchase', 'intake-void'] as const;
export type StockKind = (typeof STOCK_KINDS)[number] | (typeof INTAKE_STOCK_KINDS)[number];

/** One immutable change of one item's stock, as the stock ledger keeps it. */
export interface StockMovementFacts {
  id: string;
  storeId: string;
  sku: string;
  kind: StockKind;
  delta: number;
  stockAfter: number;
  ref: string;
  reason: string;
  actor: string;
  at: string;
  counted?: number;
  /** A donation's or purchase's stock-in: the estimated or invoiced value of one unit, fen. */
  unitValueFen?: number;
}

/** Stock never goes below zero: `delta` may be applied to `stock`. */
export const stockAllows = (stock: number, delta: number): boolean => stock + delta >= 0;

/**
 * A pinned change holds only while the item still has the stock it was read with (its version):
 * a change in between makes the writer read again and plan again.
 */
export const stockUnchanged = (current: Pick<StoreItemRecord, 'stock'> | undefined, read: number): boolean =>
  current !== undefined && Number(current.stock) === read;

/** A redemption line takes its units while the stock covers them at the price the counter showed. */
export const canTakeLine = (
  current: Pick<StoreItemRecord, 'stock' | 'pricePoints'> | undefined,
  line: { qty: number; pricePoints: number },
): boolean =>
  current !== undefined &&
  stockAllows(Number(current.stock), -line.qty) &&
  Number(current.pricePoints) === line.pricePoints;

export const outOfStock = (sku: string, stock: number, detail: string): AppError =>
  new AppError('OUT_OF_STOCK', detail, { extra: { sku, stock } });
