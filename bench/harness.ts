/**
 * The bench's moving parts: one in-memory DynamoDB Local and the local HTTP API on loopback, a
 * bounded load generator, latency statistics, and a counter of DynamoDB calls per operation.
 * Every figure is compared with a baseline measured in the same run on the same DynamoDB Local.
 */
import { type ChildProcess, fork } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type DynamoLocal, ensureTable, freePort, startDynamoLocal } from '../scripts/local/dynamo-local';
import { signLocalToken } from '../scripts/local/local-issuer';
import { createLocalServer } from '../scripts/local/server';
import { LocalKeySigner } from '../shared/identity/store/local-signer';
import { parseConfig } from '../shared/platform/config';
import { createDocumentClient } from '../shared/platform/dynamo/client';
import { buildRuntime, installRuntime, type Runtime } from '../shared/platform/runtime';
import { ROUTE_DEFINITIONS } from '../shared/routes';
import type { Job, JobResult } from './generator';
import { percentile } from './stats';

export { median, percentile, round } from './stats';

/** The bench's issuer key: made per run, trusted by its server only. */
const BENCH_SIGNER = LocalKeySigner.generate();

export interface CallRecord {
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: the command's input and output as the SDK had them
  input: any;
  // biome-ignore lint/suspicious/noExplicitAny: the command's input and output as the SDK had them
  output: any;
}

export interface CallCounter {
  calls: Map<string, number>;
  /** Each call's duration, in order (cleared by the caller when it starts measuring). */
  durations: { name: string; ms: number; startMs: number }[];
  /** While recording, every successful call's input and output, in the order they finished. */
  records: CallRecord[];
  recording: boolean;
  reset(): void;
  total(): number;
}

/** Counts the DynamoDB operations a client sends, by name; optionally records them. */
export function countCalls(client: DynamoDBDocumentClient): CallCounter {
  const counter: CallCounter = {
    calls: new Map<string, number>(),
    durations: [],
    records: [],
    recording: false,
    reset: () => counter.calls.clear(),
    total: () => [...counter.calls.values()].reduce((sum, count) => sum + count, 0),
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName ?? '').replace(/Command$/, '');
      counter.calls.set(name, (counter.calls.get(name) ?? 0) + 1);
      const started = performance.now();
      try {
        const result = await next(args);
        if (counter.recording && counter.records.length < 200_000)
          counter.records.push({ name, input: args.input, output: result.output });
        return result;
      } finally {
        if (counter.durations.length < 100_000)
          counter.durations.push({ name, ms: performance.now() - started, startMs: started });
      }
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );
  return counter;
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
  /** The environment the handlers run with (the misuse caps are off). */
  env: Record<string, string>;
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
    // The misuse caps are turned off (0) for the bench: they exist to stop one volunteer or one
    // counter, and the bench is one counter per worker redeeming as fast as it can.
    REDEEM_POINTS_PER_VOLUNTEER_PER_DAY: '0',
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
  };
  const runtime = buildRuntime(parseConfig({ ...process.env, ...env }), { client: apiClient });
  installRuntime(runtime);
  const server = createLocalServer({
    routes: ROUTE_DEFINITIONS,
    issuerKeys: [BENCH_SIGNER.publicJwkSync()],
    webDir: null,
    env,
  });
  // The generator keeps its connections between jobs (as API Gateway keeps them to clients); a
  // server that dropped idle ones after Node's 5 s default would race it ("socket hang up").
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 121_000;
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const port = (server.address() as AddressInfo).port;
  return {
    dynamo,
    endpoint: dynamo.endpoint,
    apiClient,
    apiCalls,
    directClient,
    runtime,
    env,
    tableName,
    baseUrl: `http://127.0.0.1:${port}`,
    server,
    token: (input) => signLocalToken({ ...input, ttlSeconds: 3600 }, BENCH_SIGNER),
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

/** The load generator as a child process (see generator.ts); `run` sends it one job at a time. */
export interface Generator {
  run(job: Job): Promise<JobResult>;
  stop(): Promise<void>;
}

export function startGenerator(): Generator {
  const child: ChildProcess = fork(new URL('./generator.ts', import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const pending = new Map<number, { done: (result: JobResult) => void; fail: (error: Error) => void }>();
  child.on('message', (message: { id: number; result?: JobResult; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.result !== undefined) waiting?.done(message.result);
    else waiting?.fail(new Error(message.error ?? 'the generator failed'));
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.once('exit', (code) => {
    for (const waiting of pending.values()) waiting.fail(new Error(`the generator exited (${code})`));
    pending.clear();
  });
  return {
    run: (job) =>
      new Promise((done, fail) => {
        nextId += 1;
        pending.set(nextId, { done, fail });
        child.send({ id: nextId, job });
      }),
    stop: async () => {
      if (child.exitCode === null) {
        child.disconnect();
        await exited;
      }
    },
  };
}
