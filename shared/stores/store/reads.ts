import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { retryCall } from '../../platform/dynamo/retry';

/** A read seldom needs more: after four tries, the caller hears of the last failure. */
const READ_ATTEMPTS_MAX = 4;

/** A read (or a write that is safe to repeat) retried on throttling and lost answers, bounded. */
export const withRetries = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: READ_ATTEMPTS_MAX, exhausted: 'rethrow-last' });

export interface TableAccess {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Up to `pagesMax` pages of a query, each read with retries; `complete` is false when the query
 * had more pages than that.
 */
export async function queryPages<T>(
  table: TableAccess,
  input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  pagesMax: number,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let startKey: Record<string, unknown> | undefined;
  for (let page = 0; page < pagesMax; page += 1) {
    const result = await withRetries(() =>
      table.client.send(
        new QueryCommand({
          TableName: table.tableName,
          ...input,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    items.push(...((result.Items ?? []) as T[]));
    startKey = result.LastEvaluatedKey;
    if (startKey === undefined) return { items, complete: true };
  }
  return { items, complete: false };
}
