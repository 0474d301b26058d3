/**
 * The load generator, run as a child process of the bench (as wrk would be): the client side of
 * every measured operation — HTTP requests to the local API, or the baseline's DynamoDB calls sent
 * straight to DynamoDB Local — runs here, so its CPU is not taken out of the server's event loop.
 * The same generator drives ours and the baseline.
 *
 * Protocol (IPC): the parent sends a `Job`; the child answers with a `JobResult` and waits for the
 * next one. A job is a bounded list of operations run by `concurrency` workers.
 */
import { Agent, request } from 'node:http';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/platform/dynamo/client';
import { percentile } from './stats';

export interface HttpOp {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  expect: number;
}

export interface DynamoOp {
  /**
   * `Queries`: `input` is a list of Query inputs, sent all at once (one page each). `Sequence`:
   * `input` is a list of DynamoOps, sent one after the other.
   */
  command: 'Get' | 'BatchGet' | 'BatchWrite' | 'Query' | 'Queries' | 'Sequence' | 'TransactWrite' | 'Update';
  // biome-ignore lint/suspicious/noExplicitAny: the command's input, checked by DynamoDB itself
  input: any;
  /** For queries: follow LastEvaluatedKey up to this many pages. */
  pagesMax?: number;
}

export type Job =
  | { kind: 'http'; baseUrl: string; concurrency: number; ops: HttpOp[] }
  | { kind: 'dynamo'; endpoint: string; concurrency: number; ops: DynamoOp[] };

export interface JobResult {
  operations: number;
  failures: number;
  /** Up to five failure messages, to say what went wrong. */
  failureSamples: string[];
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Items returned, for queries. */
  items: number;
}

const agents = new Map<string, Agent>();
const clients = new Map<string, DynamoDBDocumentClient>();

function agentFor(concurrency: number): Agent {
  const key = String(concurrency);
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency });
    agents.set(key, agent);
  }
  return agent;
}

function clientFor(endpoint: string): DynamoDBDocumentClient {
  let client = clients.get(endpoint);
  if (client === undefined) {
    client = createDocumentClient({ endpoint, region: 'local' });
    clients.set(endpoint, client);
  }
  return client;
}

/** One HTTP exchange over a kept-alive connection; resolves with the status and body. */
function httpExchange(baseUrl: string, op: HttpOp, agent: Agent): Promise<{ status: number; body: string }> {
  const url = new URL(op.path, baseUrl);
  return new Promise((done, fail) => {
    const outgoing = request(
      url,
      {
        method: op.method,
        agent,
        headers: {
          ...op.headers,
          ...(op.body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(op.body)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.once('end', () =>
          done({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.once('error', fail);
      },
    );
    outgoing.once('error', fail);
    outgoing.setTimeout(60_000, () => outgoing.destroy(new Error('timed out')));
    outgoing.end(op.body);
  });
}

async function dynamoCall(client: DynamoDBDocumentClient, op: DynamoOp): Promise<number> {
  switch (op.command) {
    case 'Get': {
      const result = await client.send(new GetCommand(op.input));
      if (result.Item === undefined) throw new Error('no such item');
      return 1;
    }
    case 'BatchGet': {
      const result = await client.send(new BatchGetCommand(op.input));
      return Object.values(result.Responses ?? {}).reduce((sum, items) => sum + items.length, 0);
    }
    case 'TransactWrite':
      await client.send(new TransactWriteCommand(op.input));
      return 0;
    case 'Update':
      await client.send(new UpdateCommand(op.input));
      return 0;
    case 'Sequence': {
      let items = 0;
      for (const step of op.input as DynamoOp[]) items += await dynamoCall(client, step);
      return items;
    }
    case 'BatchWrite': {
      // Setup only: unprocessed items are sent again, a bounded number of times.
      let request = op.input.RequestItems as BatchWriteCommandInput['RequestItems'];
      for (let round = 0; round < 20; round += 1) {
        const result = await client.send(new BatchWriteCommand({ RequestItems: request }));
        const left = result.UnprocessedItems ?? {};
        if (Object.values(left).every((items) => items.length === 0)) return 0;
        request = left;
        await new Promise((wait) => setTimeout(wait, 20 * (round + 1)));
      }
      throw new Error('BatchWriteItem left items unprocessed');
    }
    case 'Queries': {
      const pages = await Promise.all(
        (op.input as unknown[]).map((input) => client.send(new QueryCommand(input as QueryCommandInput))),
      );
      return pages.reduce((sum, page) => sum + (page.Items?.length ?? 0), 0);
    }
    case 'Query': {
      let items = 0;
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < (op.pagesMax ?? 1); page += 1) {
        const result = await client.send(
          new QueryCommand({
            ...op.input,
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        items += result.Items?.length ?? 0;
        startKey = result.LastEvaluatedKey;
        if (startKey === undefined) break;
      }
      return items;
    }
  }
}

export async function runJob(job: Job): Promise<JobResult> {
  const latencies: number[] = [];
  const failureSamples: string[] = [];
  let failures = 0;
  let items = 0;
  let next = 0;
  const count = job.ops.length;
  const runOne =
    job.kind === 'http'
      ? ((agent: Agent) => async (index: number) => {
          const op = job.ops[index] as HttpOp;
          const answer = await httpExchange(job.baseUrl, op, agent);
          if (answer.status !== op.expect)
            throw new Error(`${op.method} ${op.path}: ${answer.status} ${answer.body.slice(0, 200)}`);
        })(agentFor(job.concurrency))
      : ((client: DynamoDBDocumentClient) => async (index: number) => {
          const returned = await dynamoCall(client, job.ops[index] as DynamoOp);
          items += returned;
        })(clientFor(job.endpoint));
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(job.concurrency, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        const begin = performance.now();
        try {
          await runOne(index);
        } catch (error) {
          failures += 1;
          if (failureSamples.length < 5)
            failureSamples.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
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
    failureSamples,
    seconds,
    opsPerSec: count / seconds,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    items,
  };
}

// As a child process: answer jobs until the parent disconnects.
if (process.send !== undefined) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  process.on('message', (message: { id: number; job: Job }) => {
    runJob(message.job).then(
      (result) => process.send?.({ id: message.id, result }),
      (error: unknown) => process.send?.({ id: message.id, error: String(error) }),
    );
  });
  process.on('disconnect', () => {
    for (const agent of agents.values()) agent.destroy();
    for (const client of clients.values()) client.destroy();
    process.exit(0);
  });
}
