import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys, STOCK_MOVEMENT_SORT_PREFIX, STORE_ITEM_SORT_PREFIX } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { STOCK_AUDIT_DAYS_MAX, STORE_DAY_PAGES_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { StockChangeRequest, StocktakeRequest, TransferRequest } from '../contract/stores';
import {
  assertStoreAccess,
  getStoreItem,
  getStoreRecord,
  randomId,
  type StoreItemRecord,
  storeItemView,
  withRetries,
} from './stores';

/**
 * The stock ledger. Every change of an item's stock is an immutable stock movement written in the
 * same transaction as the item's update, which is conditioned on the stock it read: the movement
 * then records the exact stock after it, and stock can never go below zero. Redemptions and voids
 * are the exception: they carry their lines in the redemption record (fewer write units on the
 * busiest path), and the stock audit below counts them from there.
 */
export const STOCK_KINDS = [
  'initial',
  'restock',
  'writeoff',
  'transfer-in',
  'transfer-out',
  'stocktake',
] as const;
export type StockKind = (typeof STOCK_KINDS)[number];

interface StockMovementFacts {
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
}

export function stockMovementPut(runtime: Runtime, facts: StockMovementFacts): TransactItem {
  const id = randomId();
  return {
    Put: {
      TableName: runtime.tableName,
      Item: {
        ...keys.stockMovement(facts.storeId, facts.sku, facts.at, id),
        entity: ENTITY.stockMovement,
        id,
        ...facts,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** The item's update, pinned to the stock it was read with. */
function pinnedStockUpdate(
  runtime: Runtime,
  item: StoreItemRecord,
  delta: number,
  at: string,
  actor: string,
): TransactItem {
  return {
    Update: {
      TableName: runtime.tableName,
      Key: keys.storeItem(item.storeId, item.sku),
      UpdateExpression: 'ADD stock :delta SET updatedAt = :at, updatedBy = :by',
      ConditionExpression: 'stock = :before',
      ExpressionAttributeValues: { ':delta': delta, ':before': item.stock, ':at': at, ':by': actor },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

const oldItem = (reason: CancellationReason): StoreItemRecord | undefined =>
  oldItemOf<StoreItemRecord>(reason);

const outOfStock = (sku: string, stock: number, detail: string) =>
  new AppError('OUT_OF_STOCK', detail, { extra: { sku, stock } });

async function requireItem(runtime: Runtime, storeId: string, sku: string): Promise<StoreItemRecord> {
  const item = await getStoreItem(runtime, storeId, sku);
  if (item === undefined) throw new AppError('NOT_FOUND', `No item ${sku} at this store`);
  return item;
}

/** A restock (delta > 0) or a write-off (delta < 0, damaged or expired goods) by admin or counter. */
export function changeStock(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  sku: string,
  request: StockChangeRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  assertStoreAccess(principal, storeId);
  return writeIdempotently(runtime, {
    idempotency: { scope: userScope(principal.userId), ...idempotency },
    prepare: async (at) => {
      const item = await requireItem(runtime, storeId, sku);
      const stockAfter = item.stock + request.delta;
      if (stockAfter < 0) {
        throw outOfStock(sku, item.stock, `Only ${item.stock} of ${sku} in stock`);
      }
      return {
        items: [
          pinnedStockUpdate(runtime, item, request.delta, at, principal.userId),
          stockMovementPut(runtime, {
            storeId,
            sku,
            kind: request.delta > 0 ? 'restock' : 'writeoff',
            delta: request.delta,
            stockAfter,
            ref: `change:${idempotency.key}`,
            reason: request.reason,
            actor: principal.userId,
            at,
          }),
        ],
        response: { status: 200, body: storeItemView({ ...item, stock: stockAfter }) },
      };
    },
    explain: (index, reason) => {
      if (index !== 0) return undefined;
      const old = oldItem(reason);
      if (old === undefined) return new AppError('NOT_FOUND', `No item ${sku} at this store`);
      if (old.stock + request.delta < 0) {
        return outOfStock(sku, old.stock, `Only ${old.stock} of ${sku} in stock`);
      }
      return 'retry';
    },
  });
}

/**
 * Sets the stock to what was counted, as a movement of the difference. The update is pinned to
 * the stock read, so a redemption in between makes this attempt retry with a fresh difference.
 */
export function takeStock(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  sku: string,
  request: StocktakeRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<ReplayableResult> {
  assertStoreAccess(principal, storeId);
  return writeIdempotently(runtime, {
    idempotency: { scope: userScope(principal.userId), ...idempotency },
    prepare: async (at) => {
      const item = await requireItem(runtime, storeId, sku);
      const delta = request.counted - item.stock;
      return {
        items: [
          pinnedStockUpdate(runtime, item, delta, at, principal.userId),
          stockMovementPut(runtime, {
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
          }),
        ],
        response: { status: 200, body: { ...storeItemView({ ...item, stock: request.counted }), delta } },
      };
    },
    explain: (index, reason) => {
      if (index !== 0) return undefined;
      return oldItem(reason) === undefined
        ? new AppError('NOT_FOUND', `No item ${sku} at this store`)
        : 'retry';
    },
  });
}

/**
 * Moves goods from one store to another (say, from the county warehouse shop to the van) in one
 * transaction: both items and both movements, or nothing. The target store must already list the
 * item, at its own price.
 */
export function transferStock(
  runtime: Runtime,
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
  return writeIdempotently(runtime, {
    idempotency: { scope: userScope(principal.userId), ...idempotency },
    prepare: async (at) => {
      const [source, target] = await Promise.all([
        getStoreItem(runtime, fromStoreId, sku),
        getStoreItem(runtime, request.toStoreId, sku),
      ]);
      if (source === undefined) throw new AppError('NOT_FOUND', `No item ${sku} at ${fromStoreId}`);
      if (target === undefined) {
        throw new AppError(
          'NOT_FOUND',
          `${request.toStoreId} has no item ${sku}; add it to that store's catalogue first`,
        );
      }
      if (source.stock < qty) throw outOfStock(sku, source.stock, `Only ${source.stock} of ${sku} to move`);
      const id = randomId();
      const common = { sku, ref: `transfer:${id}`, reason: request.reason, actor: principal.userId, at };
      const from = { ...source, stock: source.stock - qty };
      const to = { ...target, stock: target.stock + qty };
      return {
        items: [
          pinnedStockUpdate(runtime, source, -qty, at, principal.userId),
          pinnedStockUpdate(runtime, target, qty, at, principal.userId),
          stockMovementPut(runtime, {
            ...common,
            storeId: fromStoreId,
            kind: 'transfer-out',
            delta: -qty,
            stockAfter: from.stock,
          }),
          stockMovementPut(runtime, {
            ...common,
            storeId: request.toStoreId,
            kind: 'transfer-in',
            delta: qty,
            stockAfter: to.stock,
          }),
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
    explain: (index, reason) => {
      if (index > 1) return undefined;
      const old = oldItem(reason);
      if (old === undefined) return new AppError('NOT_FOUND', `No item ${sku} at one of the stores`);
      if (index === 0 && old.stock < qty)
        return outOfStock(sku, old.stock, `Only ${old.stock} of ${sku} to move`);
      return 'retry';
    },
  });
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

async function queryAll(
  runtime: Runtime,
  input: ConstructorParameters<typeof QueryCommand>[0],
  pagesMax: number,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < pagesMax; page += 1) {
    const result = await withRetries(() =>
      runtime.client.send(
        new QueryCommand({ ...input, ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }) }),
      ),
    );
    found.push(...(result.Items ?? []));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) return found;
  }
  throw new AppError('UNAVAILABLE', 'Too much to read in one go');
}

/**
 * Recomputes each item's stock from its history: the stock movements in the store's partition and
 * the lines of its completed redemptions, day by day since the store opened. An offline check (the
 * nightly audit, tests), never on a request path.
 */
export async function auditStoreStock(runtime: Runtime, storeId: string, until: Date): Promise<StockAudit> {
  const store = await getStoreRecord(runtime, storeId);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  const partition = keys.store(storeId).pk;
  const [items, movements] = await Promise.all(
    [STORE_ITEM_SORT_PREFIX, STOCK_MOVEMENT_SORT_PREFIX].map((prefix) =>
      queryAll(
        runtime,
        {
          TableName: runtime.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': partition, ':prefix': prefix },
          ConsistentRead: true,
        },
        100_000,
      ),
    ),
  );
  const expected = new Map<string, number>();
  const add = (sku: string, delta: number) => expected.set(sku, (expected.get(sku) ?? 0) + delta);
  for (const movement of movements ?? []) add(String(movement.sku), Number(movement.delta));
  const first = Date.parse(`${chinaDate(store.createdAt)}T00:00:00.000Z`);
  const last = Date.parse(`${chinaDate(until)}T00:00:00.000Z`);
  const days = Math.min(STOCK_AUDIT_DAYS_MAX, Math.floor((last - first) / DAY_MS) + 1);
  for (let day = 0; day < days; day += 1) {
    const date = new Date(first + day * DAY_MS).toISOString().slice(0, 10);
    const records = await queryAll(
      runtime,
      {
        TableName: runtime.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.storeDayPartition(storeId, date) },
      },
      STORE_DAY_PAGES_MAX,
    );
    for (const record of records) {
      if (record.status !== 'completed') continue;
      for (const line of record.lines as { sku: string; qty: number }[]) add(line.sku, -line.qty);
    }
  }
  const problems: string[] = [];
  const lines = (items ?? []).map((item) => {
    const sku = String(item.sku);
    const line = { sku, stock: Number(item.stock), expected: expected.get(sku) ?? 0 };
    if (line.stock !== line.expected)
      problems.push(`${sku}: stock ${line.stock}, history says ${line.expected}`);
    if (line.stock < 0) problems.push(`${sku}: stock below zero`);
    return line;
  });
  return { storeId, ok: problems.length === 0, items: lines, problems, days };
}
