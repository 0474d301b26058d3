import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGetItems } from '../../shared/platform/dynamo/batch-get';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { type ItemKey, keys } from '../../shared/platform/dynamo/keys';
import { freshTable, type TestTable } from './support';

/** The one BatchGetItem loop, on DynamoDB Local: batches of 100, and keys left unprocessed asked for again. */
let table: TestTable;
const STORED = 230;
const profileKey = (index: number): ItemKey => keys.volunteerProfile(`v-batch-${index}`);
const once = <T>(call: () => Promise<T>) => call();

beforeAll(async () => {
  table = await freshTable('batch-get');
  for (let start = 0; start < STORED; start += 25) {
    const puts = Array.from({ length: Math.min(25, STORED - start) }, (_, offset) => ({
      PutRequest: {
        Item: { ...profileKey(start + offset), volunteerId: `v-batch-${start + offset}`, name: '张三' },
      },
    }));
    await table.client.send(new BatchWriteCommand({ RequestItems: { [table.tableName]: puts } }));
  }
});

describe('batchGetItems', () => {
  it('reads more than one batch, and only the items that exist', async () => {
    const wanted = Array.from({ length: 260 }, (_, index) => profileKey(index));
    const { items, unprocessed } = await batchGetItems(table.client, table.tableName, wanted, {
      consistent: true,
      projection: { expression: 'volunteerId, #name', names: { '#name': 'name' } },
      roundsMax: 2,
      retry: once,
    });
    expect(unprocessed).toEqual([]);
    expect(items).toHaveLength(STORED);
    expect(Object.keys(items[0] ?? {}).sort()).toEqual(['name', 'volunteerId']);
  });

  it('asks again for keys left unprocessed, and hands back those still left after its rounds', async () => {
    // Prepare: a client whose answers leave the last key of every request unprocessed.
    const client = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    let requests = 0;
    client.middlewareStack.add(
      (next) => async (args) => {
        requests += 1;
        const input = args.input as { RequestItems: Record<string, { Keys: ItemKey[] }> };
        const asked = input.RequestItems[table.tableName]?.Keys ?? [];
        const held = asked.at(-1);
        const rest = asked.slice(0, -1);
        // A request for the held key alone is answered as DynamoDB would: nothing read, the key unprocessed.
        const output =
          rest.length === 0
            ? { output: { Responses: { [table.tableName]: [] }, $metadata: {} }, response: {} }
            : await next({
                ...args,
                input: {
                  RequestItems: { [table.tableName]: { ...input.RequestItems[table.tableName], Keys: rest } },
                },
              } as typeof args);
        const result = output.output as { UnprocessedKeys?: Record<string, { Keys: ItemKey[] }> };
        if (held !== undefined) result.UnprocessedKeys = { [table.tableName]: { Keys: [held] } };
        return output;
      },
      { step: 'initialize', name: 'holdLastKey' },
    );
    const wanted = [1, 2, 3].map(profileKey);
    // Act
    const { items, unprocessed } = await batchGetItems(client, table.tableName, wanted, {
      roundsMax: 2,
      retry: once,
    });
    // Assess: round 1 reads keys 1 and 2 and holds 3; round 2 asks for 3 and holds it again.
    expect(requests).toBe(2);
    expect(items.map((item) => item.volunteerId).sort()).toEqual(['v-batch-1', 'v-batch-2']);
    expect(unprocessed).toEqual([profileKey(3)]);
    client.destroy();
  });
});
