import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE_TTL_ATTRIBUTE } from '../../shared/platform/dynamo/table-definition';

// Local tooling only: the SDK's Node < 22 notice is noise here (set before any client is made).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const here = dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface DynamoLocal {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** True when a DynamoDB answers at the endpoint. */
export async function isDynamoUp(endpoint: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(1500) });
    return true;
  } catch {
    return false;
  } finally {
    client.destroy();
  }
}

/**
 * Starts the embedded DynamoDB Local through the guard process, which stops Java whenever this
 * process goes away. `dataDir` null keeps the data in memory (tests).
 */
export async function startDynamoLocal(options: {
  port: number;
  dataDir: string | null;
}): Promise<DynamoLocal> {
  const dataArgument = options.dataDir === null ? ':memory:' : resolve(options.dataDir);
  if (options.dataDir !== null) mkdirSync(dataArgument, { recursive: true });
  const guard: ChildProcess = spawn(
    process.execPath,
    [resolve(here, 'dynamo-guard.cjs'), String(options.port), dataArgument],
    { stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  guard.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const exited = new Promise<void>((done) => guard.once('exit', () => done()));
  const endpoint = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await isDynamoUp(endpoint))) {
    if (guard.exitCode !== null || Date.now() > deadline) {
      guard.kill('SIGKILL');
      throw new Error(
        `DynamoDB Local did not start on port ${options.port}: ${stderr.trim() || 'timed out'}`,
      );
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  return {
    endpoint,
    port: options.port,
    stop: async () => {
      if (guard.exitCode === null) {
        guard.stdin?.end();
        guard.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Creates the table from the shared definition unless it exists. Returns true when it was created. */
export async function ensureTable(endpoint: string, tableName: string): Promise<boolean> {
  const client = localClient(endpoint);
  try {
    try {
      await client.send(new DescribeTableCommand({ TableName: tableName }));
      return false;
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'ResourceNotFoundException') throw error;
    }
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_TTL_ATTRIBUTE, Enabled: true },
      }),
    );
    return true;
  } finally {
    client.destroy();
  }
}
