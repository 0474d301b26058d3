/**
 * The bench's moving parts: one in-memory DynamoDB Local and the local HTTP API on loopback, a
 * bounded load generator, latency statistics, and a counter of DynamoDB calls per operation.
 * Every figure is compared with a baseline measured in the same run on the same DynamoDB Local.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DynamoLocal, ensureTable, freePort, startDynamoLocal } from '../scripts/local/dynamo-local';
import { signLocalJwt } from '../scripts/local/local-jwt';
import { createLocalServer } from '../scripts/local/server';
import { createDocumentClient } from '../shared/adapters/dynamo/client';
import { buildRuntime, type Runtime, setRuntimeForTests } from '../shared/adapters/runtime';
import { parseConfig } from '../shared/config';
import { ROUTE_DEFINITIONS } from '../shared/routes';

export const BENCH_JWT_SECRET = 'bench-local-secret';

export interface CallCounter {
  calls: Map<string, number>;
  /** Each call's duration, in order (cleared by the caller when it starts measuring). */
  durations: { name: string; ms: number }[];
  reset(): void;
  total(): number;
}

/** Counts the DynamoDB operations a client sends, by name. */
export function countCalls(client: DynamoDBDocumentClient): CallCounter {
  const calls = new Map<string, number>();
  const durations: { name: string; ms: number }[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      calls.set(name, (calls.get(name) ?? 0) + 1);
      const started = performance.now();
      try {
        return await next(args);
      } finally {
        if (durations.length < 100_000) durations.push({ name, ms: performance.now() - started });
      }
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return {
    calls,
    durations,
    reset: () => calls.clear(),
    total: () => [...calls.values()].reduce((sum, count) => sum + count, 0),
  };
}

export interface Stack {
  dynamo: DynamoLocal;
  endpoint: string;
  /** The client the API's handlers use (counted). */
  apiClient: DynamoDBDocumentClient;
  apiCalls: CallCounter;
  /** A separate client for baselines and setup. */
  directClient: DynamoDBDocumentClient;
  runtime: Runtime;
  tableName: string;
  baseUrl: string;
  server: Server;
  token(input: {
    sub: string;
    groups: string[];
    volunteerId?: string;
    storeId?: string;
    orgId?: string;
  }): string;
  stop(): Promise<void>;
}

export async function startStack(tableName = 'aixin-bench'): Promise<Stack> {
  const dynamo = await startDynamoLocal({ port: await freePort(), dataDir: null });
  await ensureTable(dynamo.endpoint, tableName);
  const apiClient = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  const apiCalls = countCalls(apiClient);
  const directClient = createDocumentClient({ endpoint: dynamo.endpoint, region: 'local' });
  const env = {
    STAGE: 'local',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamo.endpoint,
    AWS_REGION: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  const runtime = buildRuntime(parseConfig({ ...process.env, ...env }), apiClient);
  setRuntimeForTests(runtime);
  const server = createLocalServer({
    routes: ROUTE_DEFINITIONS,
    jwtSecret: BENCH_JWT_SECRET,
    webDir: null,
    env,
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const port = (server.address() as AddressInfo).port;
  return {
    dynamo,
    endpoint: dynamo.endpoint,
    apiClient,
    apiCalls,
    directClient,
    runtime,
    tableName,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    token: (input) => signLocalJwt({ ...input, ttlSeconds: 3600 }, BENCH_JWT_SECRET),
    stop: async () => {
      await new Promise<void>((closed) => server.close(() => closed()));
      server.closeAllConnections?.();
      apiClient.destroy();
      directClient.destroy();
      await dynamo.stop();
    },
  };
}

export interface LoadResult {
  operations: number;
  failures: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
  return sorted[Math.max(0, index)] ?? 0;
}

/**
 * Runs `count` operations with `concurrency` workers; operation i is `run(i)`. Bounded in count;
 * a failed operation counts as a failure and its time is kept.
 */
export async function load(
  count: number,
  concurrency: number,
  run: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        const begin = performance.now();
        try {
          await run(index);
        } catch {
          failures += 1;
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: count,
    failures,
    seconds,
    opsPerSec: count / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
  };
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

export const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** An HTTP call that must answer with `expectStatus`; anything else is a failure. */
export async function call(
  url: string,
  init: { method: string; token?: string; body?: unknown; headers?: Record<string, string> },
  expectStatus: number,
): Promise<unknown> {
  const response = await fetch(url, {
    method: init.method,
    headers: {
      ...(init.token === undefined ? {} : { authorization: `Bearer ${init.token}` }),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  if (response.status !== expectStatus)
    throw new Error(`${init.method} ${url}: ${response.status} ${text.slice(0, 200)}`);
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}
