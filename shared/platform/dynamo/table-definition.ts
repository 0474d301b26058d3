/**
 * The one definition of the single table: the CDK stateful stack and the local bootstrap both
 * build the table from it, so the key schema and the indexes cannot drift apart.
 */
export const TABLE_PARTITION_KEY = 'pk';
export const TABLE_SORT_KEY = 'sk';

export interface IndexDefinition {
  indexName: string;
  partitionKey: string;
  sortKey: string;
}

/** Generic overloaded indexes; which entity uses which index is decided in keys.ts only. */
export const TABLE_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
] as const satisfies readonly IndexDefinition[];

export type IndexName = (typeof TABLE_INDEXES)[number]['indexName'];

/**
 * Items that only guard a short window (per-minute and per-day caps) carry this attribute, in epoch
 * seconds, and DynamoDB deletes them some time after. Ledger items never carry it.
 */
export const TABLE_TTL_ATTRIBUTE = 'expiresAt';

/** The CreateTable input for DynamoDB Local and tests (on-demand, all keys strings). */
export function createTableInput(tableName: string) {
  const attributeNames = [
    TABLE_PARTITION_KEY,
    TABLE_SORT_KEY,
    ...TABLE_INDEXES.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: attributeNames.map((name) => ({
      AttributeName: name,
      AttributeType: 'S' as const,
    })),
    KeySchema: [
      { AttributeName: TABLE_PARTITION_KEY, KeyType: 'HASH' as const },
      { AttributeName: TABLE_SORT_KEY, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    // No stream locally: nothing local reads one, and DynamoDB Local slows down sharply as
    // stream-enabled tables accumulate. The CDK table has its stream (see the stateful stack).
  };
}
