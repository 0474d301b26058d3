import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LedgerStore } from '../ledger/store/ledger-store';
import { type Config, config } from './config';
import { documentClientFromConfig } from './dynamo/client';
import { ledgerMetrics } from './metrics';

/** Adapters built once per cold start from the parsed configuration and shared by handlers. */
export interface Runtime {
  config: Config;
  client: DynamoDBDocumentClient;
  tableName: string;
  ledger: LedgerStore;
  now: () => Date;
}

let runtime: Runtime | undefined;

export function buildRuntime(parsed: Config, client = documentClientFromConfig(parsed)): Runtime {
  const now = () => new Date();
  return {
    config: parsed,
    client,
    tableName: parsed.TABLE_NAME,
    ledger: new LedgerStore({ client, tableName: parsed.TABLE_NAME, now, observer: ledgerMetrics }),
    now,
  };
}

export function getRuntime(): Runtime {
  runtime ??= buildRuntime(config());
  return runtime;
}

/** Tests point handlers at their own table. */
export function setRuntimeForTests(value: Runtime | undefined): void {
  runtime = value;
}
