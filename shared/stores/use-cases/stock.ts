import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { STOCK_AUDIT_DAYS_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { StockChangeRequest, StocktakeRequest, TransferRequest } from '../contract/stores';
import type { StockAuditDeps, StoresDeps } from '../port';
import { outOfStock, stockAllows } from '../rules/stock';
import { assertStoreAccess, type StoreItemRecord, storeItemView } from '../rules/store';
import { randomId } from './stores';

export { STOCK_KINDS, type StockKind } from '../rules/stock';

/**
 * The stock ledger. Every change of an item's stock is an immutable stock movement written in the
 * same transaction as the item's update, which is pinned to the stock it read: the movement then
 * records the exact stock after it, and stock can never go below zero (rules/stock.ts). Redemptions
 * and voids are the exception: they carry their lines in the redemption record (fewer write units
 * on the busiest path), and the stock audit below counts them from there.
 */

async function requireItem(
  deps: Pick<StoresDeps, 'catalogue'>,
  storeId: string,
  sku: string,
): Promise<StoreItemRecord> {
  const item = await deps.catalogue.getItem(storeId, sku);
  if (item === undefined) throw new AppError('NOT_FOUND', `No item ${sku} at this store`);
  return item;
}

/** A restock (delta > 0) or a write-off (delta < 0, damaged or expired goods) by admin or counter. */
export function changeStock(
  deps: Pick<StoresDeps, 'catalogue' | 'stock'>,
  principal: Principal,
  storeId: string,
  sku: string,
  request: StockChangeRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  assertStoreAccess(principal, storeId);
  return deps.stock.apply(
    { scope: userScope(principal.userId), ...idempotency },
    async (at) => {
      const item = await requireItem(deps, storeId, sku);
      if (!stockAllows(item.stock, request.delta)) {
        throw outOfStock(sku, item.stock, `Only ${item.stock} of ${sku} in stock`);
      }
      const stockAfter = item.stock + request.delta;
      return {
        changes: [{ item, delta: request.delta, by: principal.userId }],
        movements: [
          {
            id: randomId(),
            storeId,
            sku,
            kind: request.delta > 0 ? 'restock' : 'writeoff',
            delta: request.delta,
            stockAfter,
            ref: `change:${idempotency.key}`,
            reason: request.reason,
            actor: principal.userId,
            at,
          },
        ],
        response: { status: 200, body: storeItemView({ ...item, stock: stockAfter }) },
      };
    },
    (_index, current) => {
      if (current === undefined) return new AppError('NOT_FOUND', `No item ${sku} at this store`);
      if (!stockAllows(current.stock, request.delta)) {
        return outOfStock(sku, current.stock, `Only ${current.stock} of ${sku} in stock`);
      }
      return 'retry';
    },
  );
}

/**
 * Sets the stock to what was counted, as a movement of the difference. The update is pinned to
 * the stock read, so a redemption in between makes this attempt retry with a fresh difference.
 */
export function takeStock(
  deps: Pick<StoresDeps, 'catalogue' | 'stock'>,
  principal: Principal,
  storeId: string,
  sku: string,
  request: StocktakeRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  assertStoreAccess(principal, storeId);
  return deps.stock.apply(
    { scope: userScope(principal.userId), ...idempotency },
    async (at) => {
      const item = await requireItem(deps, storeId, sku);
      const delta = request.counted - item.stock;
      return {
        changes: [{ item, delta, by: principal.userId }],
        movements: [
          {
            id: randomId(),
            storeId,
            sku,
            kind: 'stocktake',
            delta,
            stockAfter: request.counted,
            counted: request.counted,
            ref: `stocktake:${idempotency.key}`,
            reason: request.reason,
            actor: principal.userId,
            at,
          },
        ],
        response: { status: 200, body: { ...storeItemView({ ...item, stock: request.counted }), delta } },
      };
    },
    (_index, current) =>
      current === undefined ? new AppError('NOT_FOUND', `No item ${sku} at this store`) : 'retry',
  );
}

/**
 * Moves goods from one store to another (say, from the county warehouse shop to the van) in one
 * transaction: both items and both movements, or nothing. The target store must already list the
 * item, at its own price.
 */
export function transferStock(
  deps: Pick<StoresDeps, 'catalogue' | 'stock'>,
  principal: Principal,
  fromStoreId: string,
  request: TransferRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  if (request.toStoreId === fromStoreId) {
    throw new AppError('VALIDATION_FAILED', 'A transfer goes to another store', {
      fields: [{ path: 'body.toStoreId', message: 'is the same store' }],
    });
  }
  const { sku, qty } = request;
  return deps.stock.apply(
    { scope: userScope(principal.userId), ...idempotency },
    async (at) => {
      const [source, target] = await Promise.all([
        deps.catalogue.getItem(fromStoreId, sku),
        deps.catalogue.getItem(request.toStoreId, sku),
      ]);
      if (source === undefined) throw new AppError('NOT_FOUND', `No item ${sku} at ${fromStoreId}`);
      if (target === undefined) {
        throw new AppError(
          'NOT_FOUND',
          `${request.toStoreId} has no item ${sku}; add it to that store's catalogue first`,
        );
      }
      if (!stockAllows(source.stock, -qty)) {
        throw outOfStock(sku, source.stock, `Only ${source.stock} of ${sku} to move`);
      }
      const id = randomId();
      const common = { sku, ref: `transfer:${id}`, reason: request.reason, actor: principal.userId, at };
      const from = { ...source, stock: source.stock - qty };
      const to = { ...target, stock: target.stock + qty };
      return {
        changes: [
          { item: source, delta: -qty, by: principal.userId },
          { item: target, delta: qty, by: principal.userId },
        ],
        movements: [
          {
            ...common,
            id: randomId(),
            storeId: fromStoreId,
            kind: 'transfer-out',
            delta: -qty,
            stockAfter: from.stock,
          },
          {
            ...common,
            id: randomId(),
            storeId: request.toStoreId,
            kind: 'transfer-in',
            delta: qty,
            stockAfter: to.stock,
          },
        ],
        response: {
          status: 201,
          body: {
            id,
            fromStoreId,
            toStoreId: request.toStoreId,
            sku,
            qty,
            reason: request.reason,
            at,
            from: storeItemView(from),
            to: storeItemView(to),
          },
        },
      };
    },
    (index, current) => {
      if (current === undefined) return new AppError('NOT_FOUND', `No item ${sku} at one of the stores`);
      if (index === 0 && !stockAllows(current.stock, -qty)) {
        return outOfStock(sku, current.stock, `Only ${current.stock} of ${sku} to move`);
      }
      return 'retry';
    },
  );
}

export interface StockAuditLine {
  sku: string;
  stock: number;
  /** Σ stock movements − Σ units of completed redemptions (a voided one took and gave back). */
  expected: number;
}

export interface StockAudit {
  storeId: string;
  ok: boolean;
  items: StockAuditLine[];
  problems: string[];
  /** Days of redemptions read, from the store's opening to `until`. */
  days: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Recomputes each item's stock from its history: the stock movements in the store's partition and
 * the lines of its completed redemptions, day by day since the store opened. An offline check (the
 * nightly audit, tests), never on a request path.
 */
export async function auditStoreStock(
  deps: StockAuditDeps,
  storeId: string,
  until: Date,
): Promise<StockAudit> {
  const store = await deps.catalogue.getStore(storeId);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  const [items, movements] = await Promise.all([
    deps.stock.allItems(storeId),
    deps.stock.allMovements(storeId),
  ]);
  const expected = new Map<string, number>();
  const add = (sku: string, delta: number) => expected.set(sku, (expected.get(sku) ?? 0) + delta);
  for (const movement of movements) add(String(movement.sku), Number(movement.delta));
  const first = Date.parse(`${chinaDate(store.createdAt)}T00:00:00.000Z`);
  const last = Date.parse(`${chinaDate(until)}T00:00:00.000Z`);
  const days = Math.min(STOCK_AUDIT_DAYS_MAX, Math.floor((last - first) / DAY_MS) + 1);
  for (let day = 0; day < days; day += 1) {
    const date = new Date(first + day * DAY_MS).toISOString().slice(0, 10);
    const { records, complete } = await deps.redemptions.day(storeId, date);
    if (!complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
    for (const record of records) {
      if (record.status !== 'completed') continue;
      for (const line of record.lines) add(line.sku, -line.qty);
    }
  }
  const problems: string[] = [];
  const lines = items.map((item) => {
    const sku = String(item.sku);
    const line = { sku, stock: Number(item.stock), expected: expected.get(sku) ?? 0 };
    if (line.stock !== line.expected)
      problems.push(`${sku}: stock ${line.stock}, history says ${line.expected}`);
    if (line.stock < 0) problems.push(`${sku}: stock below zero`);
    return line;
  });
  return { storeId, ok: problems.length === 0, items: lines, problems, days };
}

/**
 * Changes several items' stock by a counted difference (a mobile shop's 收车: what came back on
 * the van against what should have), as stocktake movements, once per key. Each change is pinned
 * to the stock read, like a stocktake; a difference that would take stock below zero stops at zero.
 */
export async function countBack(
  deps: Pick<StoresDeps, 'catalogue' | 'stock'>,
  storeId: string,
  differences: readonly { sku: string; delta: number }[],
  reason: string,
  by: string,
  idempotency: IdempotencyScope,
): Promise<void> {
  await deps.stock.apply(
    idempotency,
    async (at) => {
      const items = new Map((await deps.catalogue.listItems(storeId)).map((item) => [item.sku, item]));
      const changes = [];
      const movements = [];
      for (const line of differences) {
        const item = items.get(line.sku);
        if (item === undefined) continue;
        const stock = Number(item.stock);
        const delta = Math.max(line.delta, -stock);
        if (delta === 0) continue;
        changes.push({ item, delta, by });
        movements.push({
          id: randomId(),
          storeId,
          sku: line.sku,
          kind: 'stocktake' as const,
          delta,
          stockAfter: stock + delta,
          ref: `${idempotency.scope}:${idempotency.key}`,
          reason,
          actor: by,
          at,
        });
      }
      return { changes, movements, response: { status: 200, body: { changed: changes.length } } };
    },
    (_index, current) => (current === undefined ? undefined : 'retry'),
  );
}
