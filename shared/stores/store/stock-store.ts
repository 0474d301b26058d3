import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys, STOCK_MOVEMENT_SORT_PREFIX, STORE_ITEM_SORT_PREFIX } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { IdempotencyScope, ReplayableResult } from '../../platform/idempotency';
import type { PinnedStockChange, StockPlan, StockStore } from '../port';
import type { StockMovementFacts } from '../rules/stock';
import type { StoreItemRecord } from '../rules/store';
import { queryPages, type TableAccess, withRetries } from './reads';

/** The audit reads a whole store's items and movements; past this many pages it gives up (503). */
const AUDIT_PAGES_MAX = 100_000;

/**
 * One immutable stock movement. `guarded` puts it only where none is (every movement but a new
 * item's first, which is written with the item's own guarded put).
 */
export function stockMovementItem(
  tableName: string,
  facts: StockMovementFacts,
  { guarded }: { guarded: boolean },
): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.stockMovement(facts.storeId, facts.sku, facts.at, facts.id),
        entity: ENTITY.stockMovement,
        ...facts,
      },
      ...(guarded ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
    },
  };
}

/** The item's update, pinned to the stock it was read with (`stockUnchanged`, rules/stock.ts). */
export function pinnedStockUpdate(tableName: string, change: PinnedStockChange, at: string): TransactItem {
  const { item } = change;
  return {
    Update: {
      TableName: tableName,
      Key: keys.storeItem(item.storeId, item.sku),
      UpdateExpression: 'ADD stock :delta SET updatedAt = :at, updatedBy = :by',
      ConditionExpression: 'stock = :before',
      ExpressionAttributeValues: {
        ':delta': change.delta,
        ':before': item.stock,
        ':at': at,
        ':by': change.by,
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

export interface StockStoreDeps extends TableAccess {
  now: () => Date;
}

/**
 * The stock ledger in DynamoDB: each change is the item's pinned update and its movement in one
 * transaction with the request's idempotency marker (writeIdempotently).
 */
export class DynamoStockStore implements StockStore {
  constructor(private readonly deps: StockStoreDeps) {}

  apply(
    scope: IdempotencyScope,
    plan: (at: string) => Promise<StockPlan>,
    explain: (index: number, current: StoreItemRecord | undefined) => AppError | 'retry' | undefined,
  ): Promise<ReplayableResult> {
    const { tableName } = this.deps;
    // The changes of the attempt being written: the first items, in the plan's order.
    let changes = 0;
    return writeIdempotently(this.deps, {
      idempotency: scope,
      prepare: async (at) => {
        const planned = await plan(at);
        changes = planned.changes.length;
        return {
          items: [
            ...planned.changes.map((change) => pinnedStockUpdate(tableName, change, at)),
            ...planned.movements.map((movement) => stockMovementItem(tableName, movement, { guarded: true })),
          ],
          response: planned.response,
        };
      },
      explain: (index, reason) =>
        index < changes ? explain(index, oldItemOf<StoreItemRecord>(reason)) : undefined,
    });
  }

  async allItems(storeId: string): Promise<StoreItemRecord[]> {
    return this.wholeStore<StoreItemRecord>(storeId, STORE_ITEM_SORT_PREFIX);
  }

  async allMovements(storeId: string): Promise<Pick<StockMovementFacts, 'sku' | 'delta'>[]> {
    return this.wholeStore<StockMovementFacts>(storeId, STOCK_MOVEMENT_SORT_PREFIX);
  }

  async history(storeId: string, sku: string, before: string | undefined, limit: number) {
    const prefix = `${STOCK_MOVEMENT_SORT_PREFIX}${sku}#`;
    const result = await withRetries(() =>
      this.deps.client.send(
        new QueryCommand({
          TableName: this.deps.tableName,
          // An item's movements sort by `at` after its sku: older than `before`, newest first.
          KeyConditionExpression:
            before === undefined
              ? 'pk = :pk AND begins_with(sk, :prefix)'
              : 'pk = :pk AND sk BETWEEN :prefix AND :before',
          ExpressionAttributeValues: {
            ':pk': keys.store(storeId).pk,
            ':prefix': prefix,
            ...(before === undefined ? {} : { ':before': `${prefix}${before}` }),
          },
          ScanIndexForward: false,
          Limit: limit + 1,
        }),
      ),
    );
    const movements = ((result.Items ?? []) as StockMovementFacts[]).filter(
      (movement) => before === undefined || movement.at < before,
    );
    return { movements: movements.slice(0, limit), more: movements.length > limit };
  }

  private async wholeStore<T>(storeId: string, prefix: string): Promise<T[]> {
    const { items, complete } = await queryPages<T>(
      this.deps,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.store(storeId).pk, ':prefix': prefix },
        ConsistentRead: true,
      },
      AUDIT_PAGES_MAX,
    );
    if (!complete) throw new AppError('UNAVAILABLE', 'Too much to read in one go');
    return items;
  }
}
