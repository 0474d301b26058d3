import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config';
import { traceAwsClient } from '../../tracing';

export interface DynamoOptions {
  endpoint?: string | undefined;
  region: string;
  /** Attempts the SDK itself makes per call (throttling, 5xx); our own ledger retries sit above. */
  maxAttempts?: number;
}

export function createDocumentClient(options: DynamoOptions): DynamoDBDocumentClient {
  const local = options.endpoint !== undefined;
  const client = traceAwsClient(
    new DynamoDBClient({
      region: options.region,
      maxAttempts: options.maxAttempts ?? 3,
      ...(local
        ? { endpoint: options.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
        : {}),
    }),
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function documentClientFromConfig(config: Config): DynamoDBDocumentClient {
  return createDocumentClient({ endpoint: config.DYNAMODB_ENDPOINT, region: config.AWS_REGION });
}
