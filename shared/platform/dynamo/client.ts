import {
  DynamoDBClient,
  GetItemCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { traceAwsClient } from '../tracing';

export interface DynamoOptions {
  endpoint?: string | undefined;
  region: string;
  /** Attempts the SDK itself makes per call (throttling, 5xx); our own ledger retries sit above. */
  maxAttempts?: number;
  /** A local endpoint whose data is kept on disk: wait for each transaction's commit (see below). */
  durableLocalCommits?: boolean;
}

/**
 * DynamoDB Local (3.x) answers a TransactWriteItems before the transaction is on disk: its
 * SQLiteDBAccess.commitTransaction puts the COMMIT on its one SQLite job queue and returns without
 * waiting for it (every other write waits for its job). A crash in that moment loses a write that
 * was already acknowledged. Reads wait for their job, and the queue runs jobs in order, so one
 * strongly consistent GetItem after each transaction returns only once the COMMIT before it has
 * run: the barrier that makes an acknowledged local transaction durable. Only for a local endpoint
 * that keeps data on disk; DynamoDB itself acknowledges a transaction once it is durable.
 */
const BARRIER_KEY = { pk: { S: 'LOCAL#commit-barrier' }, sk: { S: 'LOCAL#commit-barrier' } };

function addCommitBarrier(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName === 'TransactWriteItemsCommand') {
        const input = args.input as TransactWriteItemsCommandInput;
        const first = input.TransactItems?.[0];
        const tableName =
          first?.Put?.TableName ??
          first?.Update?.TableName ??
          first?.Delete?.TableName ??
          first?.ConditionCheck?.TableName;
        if (tableName !== undefined) {
          await client.send(
            new GetItemCommand({ TableName: tableName, Key: BARRIER_KEY, ConsistentRead: true }),
          );
        }
      }
      return result;
    },
    { step: 'initialize', name: 'localCommitBarrier', priority: 'low' },
  );
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
  if (local && options.durableLocalCommits === true) addCommitBarrier(client);
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
}

export function documentClientFromConfig(config: Config): DynamoDBDocumentClient {
  return createDocumentClient({
    endpoint: config.DYNAMODB_ENDPOINT,
    region: config.AWS_REGION,
    durableLocalCommits: config.DYNAMODB_LOCAL_DURABLE_COMMITS === 'true',
  });
}
