import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from './keys';

/** DynamoDB's limit on keys per BatchGetItem. */
export const BATCH_GET_KEYS_MAX = 100;

export interface BatchGetOptions {
  consistent?: boolean;
  /** Only these attributes (a ProjectionExpression, with its attribute names). */
  projection?: { expression: string; names?: Record<string, string> };
  /** Requests per batch of 100 at most: keys DynamoDB leaves unprocessed are asked for again. */
  roundsMax: number;
  /** Wraps each request: the caller's retries of throttling and lost answers. */
  retry: <T>(call: () => Promise<T>) => Promise<T>;
}

/**
 * The one BatchGetItem loop: the items at `itemKeys`, 100 keys a request, asking again for the
 * keys DynamoDB leaves unprocessed, at most `roundsMax` requests per batch. The keys still
 * unprocessed then are returned, for the caller to refuse (503) or to do without.
 */
export async function batchGetItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  itemKeys: readonly ItemKey[],
  options: BatchGetOptions,
): Promise<{ items: Record<string, unknown>[]; unprocessed: ItemKey[] }> {
  const items: Record<string, unknown>[] = [];
  const unprocessed: ItemKey[] = [];
  for (let start = 0; start < itemKeys.length; start += BATCH_GET_KEYS_MAX) {
    let pending = itemKeys.slice(start, start + BATCH_GET_KEYS_MAX);
    for (let round = 0; round < options.roundsMax && pending.length > 0; round += 1) {
      const request = pending;
      const result = await options.retry(() =>
        client.send(
          new BatchGetCommand({
            RequestItems: {
              [tableName]: {
                Keys: [...request],
                ...(options.consistent === true ? { ConsistentRead: true } : {}),
                ...(options.projection === undefined
                  ? {}
                  : {
                      ProjectionExpression: options.projection.expression,
                      ...(options.projection.names === undefined
                        ? {}
                        : { ExpressionAttributeNames: options.projection.names }),
                    }),
              },
            },
          }),
        ),
      );
      items.push(...(result.Responses?.[tableName] ?? []));
      pending = (result.UnprocessedKeys?.[tableName]?.Keys ?? []) as ItemKey[];
    }
    unprocessed.push(...pending);
  }
  return { items, unprocessed };
}

const NAME_ROUNDS_MAX = 8;

/**
 * The `name` of each item found among `itemKeys` (volunteer profiles, staff accounts), by its id
 * field, read eventually consistently in batches of 100: for showing names beside ids. Best
 * effort: keys still unprocessed after a few rounds are simply absent.
 */
export async function namesOf(
  runtime: { client: DynamoDBDocumentClient; tableName: string },
  itemKeys: readonly ItemKey[],
  idField: 'volunteerId' | 'userId',
  retry: <T>(call: () => Promise<T>) => Promise<T>,
): Promise<Map<string, string>> {
  const unique = [...new Map(itemKeys.map((key) => [`${key.pk}|${key.sk}`, key])).values()];
  const { items } = await batchGetItems(runtime.client, runtime.tableName, unique, {
    consistent: false,
    projection: { expression: '#id, #name', names: { '#id': idField, '#name': 'name' } },
    roundsMax: NAME_ROUNDS_MAX,
    retry,
  });
  const found = new Map<string, string>();
  for (const item of items) {
    const id = item[idField];
    if (typeof id === 'string' && typeof item.name === 'string') found.set(id, item.name);
  }
  return found;
}
