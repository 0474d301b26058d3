import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../identity/store/identity-store';
import { LedgerStore } from '../ledger/store/ledger-store';
import { type Config, parseConfig } from './config';
import { documentClientFromConfig } from './dynamo/client';
import { AppMetrics, ledgerObserver, metricsPublishedIn } from './metrics';

/**
 * The dependencies a handler's use cases are given, built once per cold start from the parsed
 * configuration: the table and its client, the ledger store, the clock and the metrics.
 */
export interface Runtime {
  config: Config;
  client: DynamoDBDocumentClient;
  tableName: string;
  ledger: LedgerStore;
  metrics: AppMetrics;
  now: () => Date;
  /**
   * The sign-in state of the account a token names (its token version, whether it is disabled),
   * read on every request whose token carries a version: how revocation holds at once.
   */
  accountAccess: (subject: string) => Promise<{ tokenVersion: number; disabled: boolean } | undefined>;
}

export interface RuntimeOptions {
  client?: DynamoDBDocumentClient;
  /** Whether metrics are printed as CloudWatch EMF lines; by default only inside Lambda. */
  publishMetrics?: boolean;
}

export function buildRuntime(parsed: Config, options: RuntimeOptions = {}): Runtime {
  const now = () => new Date();
  const client = options.client ?? documentClientFromConfig(parsed);
  const metrics = new AppMetrics(options.publishMetrics ?? metricsPublishedIn(process.env));
  const accounts = new DynamoAccountStore({ client, tableName: parsed.TABLE_NAME });
  return {
    config: parsed,
    client,
    tableName: parsed.TABLE_NAME,
    ledger: new LedgerStore({
      client,
      tableName: parsed.TABLE_NAME,
      now,
      observer: ledgerObserver(metrics),
    }),
    metrics,
    now,
    accountAccess: (subject) => accounts.accessOf(subject),
  };
}

let installed: Runtime | undefined;

/** The process's runtime: in Lambda, built from the environment on the first request. */
export function getRuntime(): Runtime {
  installed ??= buildRuntime(parseConfig(process.env));
  return installed;
}

/** The runtime if one has been built; the metrics hooks use it and never build one themselves. */
export function builtRuntime(): Runtime | undefined {
  return installed;
}

/**
 * Hosts that run handlers in their own process (the local server, the bench, the integration
 * tests) install the runtime they built: their table, client and clock. `undefined` makes the next
 * request build one from the environment again (the local server does so after setting it).
 */
export function installRuntime(runtime: Runtime | undefined): void {
  installed = runtime;
}

/**
 * Builds a value once per runtime (an area's deps: its stores over the runtime's client), so a
 * warm function does not build them again on every request.
 */
export function perRuntime<T>(build: (runtime: Runtime) => T): (runtime: Runtime) => T {
  const built = new WeakMap<Runtime, T>();
  return (runtime) => {
    let value = built.get(runtime);
    if (value === undefined) {
      value = build(runtime);
      built.set(runtime, value);
    }
    return value;
  };
}
