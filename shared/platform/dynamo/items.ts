import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The table a store works on: the document client and the table's name. */
export interface TableRef {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Optional fields are left out of an item rather than written as undefined. */
export function definedFields<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** An item without its keys, index keys and entity tag: what the area's own type holds. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _g1,
    gsi1sk: _g1s,
    gsi2pk: _g2,
    gsi2sk: _g2s,
    entity: _entity,
    ...rest
  } = item;
  return rest as T;
}
