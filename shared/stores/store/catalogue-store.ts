import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys, STORE_ITEM_SORT_PREFIX } from '../../platform/dynamo/keys';
import { isRetryable } from '../../platform/dynamo/retry';
import { STORE_PAGES_MAX } from '../../platform/limits';
import type { PutStoreRequest } from '../contract/stores';
import type { StoreCatalogue } from '../port';
import type { StockMovementFacts } from '../rules/stock';
import type { NewStoreItem, StoreItemRecord, StoreRecord } from '../rules/store';
import { queryPages, type TableAccess, withRetries } from './reads';
import { stockMovementItem } from './stock-store';

/**
 * Stores and their catalogues in DynamoDB. A store, its items and its stock movements share the
 * partition `STORE#{storeId}`; stores are listed through one small index partition. The item's
 * put and the store's check are `canAddItem`, the rename's condition `canRenameItem`
 * (rules/store.ts).
 */
export class DynamoStoreCatalogue implements StoreCatalogue {
  constructor(private readonly table: TableAccess) {}

  async getStore(storeId: string): Promise<StoreRecord | undefined> {
    const result = await withRetries(() =>
      this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.store(storeId) })),
    );
    return result.Item as StoreRecord | undefined;
  }

  async listStores(): Promise<StoreRecord[]> {
    const { items } = await queryPages<StoreRecord>(
      this.table,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.storeListingPartition },
      },
      STORE_PAGES_MAX,
    );
    return items;
  }

  async putStore(storeId: string, request: PutStoreRequest, by: string, at: string): Promise<StoreRecord> {
    const listing = keys.storeListing(storeId);
    const result = await withRetries(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.store(storeId),
          UpdateExpression: `SET entity = :entity, storeId = :storeId, #name = :name, kind = :kind, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, createdAt = if_not_exists(createdAt, :at), updatedAt = :at, updatedBy = :by${
            request.orgId === undefined ? '' : ', orgId = :orgId'
          }${request.schedule === undefined ? '' : ', schedule = :schedule'}${[
            request.orgId === undefined ? 'orgId' : '',
            request.schedule === undefined ? 'schedule' : '',
          ]
            .filter((name) => name !== '')
            .map((name, index) => `${index === 0 ? ' REMOVE ' : ', '}${name}`)
            .join('')}`,
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':entity': ENTITY.store,
            ':storeId': storeId,
            ':name': request.name,
            ':kind': request.kind,
            ':gsi1pk': listing.gsi1pk,
            ':gsi1sk': listing.gsi1sk,
            ':at': at,
            ':by': by,
            ...(request.orgId === undefined ? {} : { ':orgId': request.orgId }),
            ...(request.schedule === undefined ? {} : { ':schedule': request.schedule }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return result.Attributes as StoreRecord;
  }

  async orgExists(orgId: string): Promise<boolean> {
    const org = await withRetries(() =>
      this.table.client.send(new GetCommand({ TableName: this.table.tableName, Key: keys.org(orgId) })),
    );
    return org.Item !== undefined;
  }

  async getItem(storeId: string, sku: string): Promise<StoreItemRecord | undefined> {
    const result = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.storeItem(storeId, sku),
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item as StoreItemRecord | undefined;
  }

  async listItems(storeId: string): Promise<StoreItemRecord[]> {
    const { items } = await queryPages<StoreItemRecord>(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.store(storeId).pk, ':prefix': STORE_ITEM_SORT_PREFIX },
      },
      STORE_PAGES_MAX,
    );
    return items;
  }

  async updateItem(
    storeId: string,
    sku: string,
    change: {
      name: string;
      pricePoints: number;
      lowStockAt?: number | undefined;
      valueFen?: number | undefined;
    },
    by: string,
    at: string,
  ): Promise<StoreItemRecord> {
    // A PUT sets the item whole: an optional field it leaves out is removed.
    const optional = { lowStockAt: change.lowStockAt, valueFen: change.valueFen };
    const set = Object.entries(optional).filter(([, value]) => value !== undefined);
    const remove = Object.entries(optional).filter(([, value]) => value === undefined);
    const updated = await withRetries(() =>
      this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.storeItem(storeId, sku),
          UpdateExpression: `SET ${[
            '#name = :name',
            'pricePoints = :price',
            'updatedAt = :at',
            'updatedBy = :by',
            ...set.map(([field]) => `${field} = :${field}`),
          ].join(', ')}${remove.length === 0 ? '' : ` REMOVE ${remove.map(([field]) => field).join(', ')}`}`,
          // canRenameItem: the item exists.
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#name': 'name' },
          ExpressionAttributeValues: {
            ':name': change.name,
            ':price': change.pricePoints,
            ':at': at,
            ':by': by,
            ...Object.fromEntries(set.map(([field, value]) => [`:${field}`, value])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return updated.Attributes as StoreItemRecord;
  }

  async addItem(
    item: NewStoreItem,
    initial: StockMovementFacts | undefined,
  ): Promise<'added' | 'no-store' | 'retry'> {
    const { tableName } = this.table;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            // canAddItem: the store exists, and the item does not yet.
            {
              ConditionCheck: {
                TableName: tableName,
                Key: keys.store(item.storeId),
                ConditionExpression: 'attribute_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { ...keys.storeItem(item.storeId, item.sku), entity: ENTITY.storeItem, ...item },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...(initial === undefined ? [] : [stockMovementItem(tableName, initial, { guarded: false })]),
          ],
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        if (conditionFailed(reasonsOf(error)[0])) return 'no-store';
        // Created meanwhile by someone else, or a conflict: read again and decide again.
        return 'retry';
      }
      if (isRetryable(error)) return 'retry';
      throw error;
    }
  }
}
