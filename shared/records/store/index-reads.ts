import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type TableRef, withoutKeys } from '../../platform/dynamo/items';
import { retryCall } from '../../platform/dynamo/retry';

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });

/**
 * The records area's lists on the table's two indexes: a volunteer's own (gsi2, newest first) and
 * the office's queues (gsi1), one status kept by a filter, read page by page until `limit` are found
 * or `pagesMax` pages were read; `next` is where to go on from.
 */
export async function newestOnIndex<T>(
  table: TableRef,
  indexName: 'gsi1' | 'gsi2',
  partition: string,
  limit: number,
): Promise<T[]> {
  const result = await call(() =>
    table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: indexName,
        KeyConditionExpression: `${indexName}pk = :pk`,
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit,
      }),
    ),
  );
  return (result.Items ?? []).map((item) => withoutKeys<T>(item));
}

export async function withStatusOnIndex<T>(
  table: TableRef,
  options: {
    partition: string;
    status: string | undefined;
    limit: number;
    pagesMax: number;
    newestFirst: boolean;
    after?: Record<string, unknown> | undefined;
  },
): Promise<{ items: T[]; next: Record<string, unknown> | undefined }> {
  const items: T[] = [];
  let startKey = options.after;
  for (let page = 0; page < options.pagesMax && items.length < options.limit; page += 1) {
    const result = await call(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: {
            ':pk': options.partition,
            ...(options.status === undefined ? {} : { ':status': options.status }),
          },
          ...(options.status === undefined
            ? {}
            : { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
          ScanIndexForward: !options.newestFirst,
          Limit: options.limit - items.length,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    for (const item of result.Items ?? []) items.push(withoutKeys<T>(item));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) break;
  }
  return { items, next: startKey };
}
