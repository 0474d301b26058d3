import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../scripts/local/dynamo-local';
import { createDocumentClient } from '../../shared/platform/dynamo/client';

export interface TestTable {
  endpoint: string;
  tableName: string;
  client: DynamoDBDocumentClient;
}

/** A fresh table on the shared DynamoDB Local, so test files never see each other's data. */
export async function freshTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const client = createDocumentClient({ endpoint, region: 'local' });
  return { endpoint, tableName, client };
}
