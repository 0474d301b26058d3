import { randomBytes } from 'node:crypto';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys, STORE_ITEM_SORT_PREFIX } from '../../platform/dynamo/keys';
import { isRetryable, retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { STORE_PAGES_MAX } from '../../platform/limits';
import { hasRole, type Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { PutStoreItemRequest, PutStoreRequest, Store, StoreItem, StoreKind } from '../contract/stores';

/**
 * Stores and their catalogues. A store, its items and its stock movements share the partition
 * `STORE#{storeId}`; stores are listed through one small index partition. Who may touch a store:
 * admins any, counter staff only the one store their token names.
 */

const READ_ATTEMPTS_MAX = 4;
const CATALOGUE_WRITE_ATTEMPTS_MAX = 5;

/** A read (or a write that is safe to repeat) retried on throttling and lost answers, bounded. */
export const withRetries = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: READ_ATTEMPTS_MAX, exhausted: 'rethrow-last' });

/** A short random id for stock movements and transfers (not secret, only unique). */
export const randomId = (): string => randomBytes(9).toString('base64url');

/** Counter staff work at the one store their token names; `allowAdmin` for routes admins share. */
export function assertStoreAccess(principal: Principal, storeId: string, allowAdmin = true): void {
  if (allowAdmin && hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'counter')) {
    if (principal.storeId === undefined) throw new AppError('FORBIDDEN', 'Your sign-in names no store');
    if (principal.storeId === storeId) return;
    throw new AppError('FORBIDDEN', 'You work at another store');
  }
  throw new AppError('FORBIDDEN', 'Only the staff of this store may do this');
}

export interface StoreRecord {
  storeId: string;
  name: string;
  kind: StoreKind;
  orgId?: string;
  createdAt: string;
  updatedAt: string;
}

export interface StoreItemRecord {
  storeId: string;
  sku: string;
  name: string;
  pricePoints: number;
  stock: number;
}

export const storeView = (item: StoreRecord): Store => ({
  storeId: item.storeId,
  name: item.name,
  kind: item.kind,
  ...(item.orgId === undefined ? {} : { orgId: item.orgId }),
  createdAt: item.createdAt,
  updatedAt: item.updatedAt,
});

export const storeItemView = (item: StoreItemRecord): StoreItem => ({
  sku: item.sku,
  name: item.name,
  pricePoints: Number(item.pricePoints),
  stock: Number(item.stock),
});

export async function getStoreRecord(runtime: Runtime, storeId: string): Promise<StoreRecord | undefined> {
  const result = await withRetries(() =>
    runtime.client.send(new GetCommand({ TableName: runtime.tableName, Key: keys.store(storeId) })),
  );
  return result.Item as StoreRecord | undefined;
}

export async function getStoreItem(
  runtime: Runtime,
  storeId: string,
  sku: string,
): Promise<StoreItemRecord | undefined> {
  const result = await withRetries(() =>
    runtime.client.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.storeItem(storeId, sku),
        ConsistentRead: true,
      }),
    ),
  );
  return result.Item as StoreItemRecord | undefined;
}

/** Creates a store or renames it; its opening date stays. */
export async function putStore(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  request: PutStoreRequest,
): Promise<Store> {
  if (request.orgId !== undefined) {
    const org = await withRetries(() =>
      runtime.client.send(
        new GetCommand({ TableName: runtime.tableName, Key: keys.org(request.orgId ?? '') }),
      ),
    );
    if (org.Item === undefined) throw new AppError('NOT_FOUND', 'No such organisation');
  }
  const at = runtime.now().toISOString();
  const listing = keys.storeListing(storeId);
  const result = await withRetries(() =>
    runtime.client.send(
      new UpdateCommand({
        TableName: runtime.tableName,
        Key: keys.store(storeId),
        UpdateExpression: `SET entity = :entity, storeId = :storeId, #name = :name, kind = :kind, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, createdAt = if_not_exists(createdAt, :at), updatedAt = :at, updatedBy = :by${
          request.orgId === undefined ? ' REMOVE orgId' : ', orgId = :orgId'
        }`,
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':entity': ENTITY.store,
          ':storeId': storeId,
          ':name': request.name,
          ':kind': request.kind,
          ':gsi1pk': listing.gsi1pk,
          ':gsi1sk': listing.gsi1sk,
          ':at': at,
          ':by': principal.userId,
          ...(request.orgId === undefined ? {} : { ':orgId': request.orgId }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    ),
  );
  return storeView(result.Attributes as StoreRecord);
}

export async function getStore(runtime: Runtime, principal: Principal, storeId: string): Promise<Store> {
  assertStoreAccess(principal, storeId);
  const store = await getStoreRecord(runtime, storeId);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  return storeView(store);
}

/** Admins see every store; counter staff see their own. */
export async function listStores(runtime: Runtime, principal: Principal): Promise<{ stores: Store[] }> {
  if (!hasRole(principal, 'admin')) {
    if (principal.storeId === undefined) return { stores: [] };
    const own = await getStoreRecord(runtime, principal.storeId);
    return { stores: own === undefined ? [] : [storeView(own)] };
  }
  const stores: Store[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < STORE_PAGES_MAX; page += 1) {
    const result = await withRetries(() =>
      runtime.client.send(
        new QueryCommand({
          TableName: runtime.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.storeListingPartition },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    stores.push(...((result.Items ?? []) as StoreRecord[]).map(storeView));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return { stores };
}

/**
 * Creates or changes a catalogue item. A new item may bring its first stock, written as an
 * `initial` stock movement in the same transaction; an existing item's stock changes only through
 * the stock ledger, so `stock` on an existing item is refused rather than silently overwritten.
 */
export async function putStoreItem(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  sku: string,
  request: PutStoreItemRequest,
): Promise<StoreItem> {
  for (let attempt = 0; attempt < CATALOGUE_WRITE_ATTEMPTS_MAX; attempt += 1) {
    const at = runtime.now().toISOString();
    const existing = await getStoreItem(runtime, storeId, sku);
    if (existing !== undefined) {
      if (request.stock !== undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          'This item exists: change its stock with POST .../stock or a stocktake',
          {
            fields: [{ path: 'body.stock', message: 'only when the item is new' }],
          },
        );
      }
      const updated = await withRetries(() =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.storeItem(storeId, sku),
            UpdateExpression: 'SET #name = :name, pricePoints = :price, updatedAt = :at, updatedBy = :by',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: {
              ':name': request.name,
              ':price': request.pricePoints,
              ':at': at,
              ':by': principal.userId,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return storeItemView(updated.Attributes as StoreItemRecord);
    }
    const stock = request.stock ?? 0;
    const item: StoreItemRecord & Record<string, unknown> = {
      ...keys.storeItem(storeId, sku),
      entity: ENTITY.storeItem,
      storeId,
      sku,
      name: request.name,
      pricePoints: request.pricePoints,
      stock,
      createdAt: at,
      updatedAt: at,
      updatedBy: principal.userId,
    };
    const movementId = randomId();
    try {
      await runtime.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: runtime.tableName,
                Key: keys.store(storeId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: runtime.tableName,
                Item: item,
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(stock > 0
              ? [
                  {
                    Put: {
                      TableName: runtime.tableName,
                      Item: {
                        ...keys.stockMovement(storeId, sku, at, movementId),
                        entity: ENTITY.stockMovement,
                        id: movementId,
                        storeId,
                        sku,
                        kind: 'initial',
                        delta: stock,
                        stockAfter: stock,
                        ref: `item:${sku}`,
                        actor: principal.userId,
                        reason: 'new item',
                        at,
                      },
                    },
                  },
                ]
              : []),
          ],
        }),
      );
      return storeItemView(item);
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (conditionFailed(reasonsOf(error)[0])) {
          throw new AppError('NOT_FOUND', 'No such store');
        }
        // Created meanwhile by someone else, or a conflict: read again and decide again.
        continue;
      }
      if (isRetryable(error)) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'The catalogue is busy; try again');
}

export async function listStoreItems(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
): Promise<{ items: StoreItem[] }> {
  assertStoreAccess(principal, storeId);
  const itemsRead = (async () => {
    const items: StoreItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < STORE_PAGES_MAX; page += 1) {
      const result = await withRetries(() =>
        runtime.client.send(
          new QueryCommand({
            TableName: runtime.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: {
              ':pk': keys.store(storeId).pk,
              ':prefix': STORE_ITEM_SORT_PREFIX,
            },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        ),
      );
      items.push(...((result.Items ?? []) as StoreItemRecord[]).map(storeItemView));
      startKey = result.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return items;
  })();
  const [store, items] = await Promise.all([getStoreRecord(runtime, storeId), itemsRead]);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  return { items };
}
