import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/dynamo-local';
import { REPO_ROOT } from '../../scripts/local/server';
import { createDocumentClient } from '../../shared/platform/dynamo/client';

const TABLE = 'aixin-start-test';

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `npm start`, as one node process (so signals reach it directly, as Ctrl-C does). */
function start(env: Record<string, string>): Started {
  const { DYNAMODB_ENDPOINT: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env: { ...inherited, TABLE_NAME: TABLE, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, output: () => output, exited };
}

async function waitHealthy(started: Started, port: number, timeoutMs = 25_000): Promise<number> {
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    if (started.child.exitCode !== null) throw new Error(`npm start exited early:\n${started.output()}`);
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (answer.status === 200) return Date.now() - begin;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`npm start was not healthy within ${timeoutMs} ms:\n${started.output()}`);
}

/** Pids of processes whose command line mentions the data dir: the guard and DynamoDB Local. */
function processesUsing(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', dataDir], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

async function waitUntilGone(dataDir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = processesUsing(dataDir);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 100));
    left = processesUsing(dataDir);
  }
  return left;
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aixin-start-'));
  const started: Started[] = [];

  afterAll(() => {
    // Whatever a failed test left running (only processes this file started).
    for (const run of started) if (run.child.exitCode === null) run.child.kill('SIGKILL');
    for (const pid of processesUsing(dataDir)) process.kill(pid, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers /v1/health, and SIGINT (Ctrl-C) exits 0 leaving no java behind', async () => {
    const port = await freePort();
    const dynamoPort = await freePort();
    const run = start({ PORT: String(port), DYNAMODB_PORT: String(dynamoPort), AIXIN_DATA_DIR: dataDir });
    started.push(run);
    const elapsed = await waitHealthy(run, port);
    console.log(`npm start → first healthy answer in ${elapsed} ms`);
    expect(run.output()).toContain('爱心积分 本地服务已就绪');
    expect(run.output()).toMatch(/export TOKEN_ADMIN='[\w-]+\.[\w-]+\.[\w-]+'/);
    expect(processesUsing(dataDir).length).toBeGreaterThan(0);
    // The pages' settings name the demo county, for the foot of printed sheets.
    const config = await fetch(`http://127.0.0.1:${port}/config.json`);
    expect(await config.json()).toEqual({ mode: 'local', apiBase: '/v1', county: '皋兰县' });

    // A marker item, to find again after a restart.
    const client = createDocumentClient({ endpoint: `http://127.0.0.1:${dynamoPort}`, region: 'local' });
    await client.send(
      new PutCommand({ TableName: TABLE, Item: { pk: 'TEST#restart', sk: 'marker', n: 42 } }),
    );
    client.destroy();

    run.child.kill('SIGINT');
    const exit = await Promise.race([
      run.exited,
      new Promise<never>((_, fail) => setTimeout(() => fail(new Error('no exit within 10 s')), 10_000)),
    ]);
    expect(exit, run.output()).toEqual({ code: 0, signal: null });
    expect(run.output()).toContain('已停止');
    expect(await waitUntilGone(dataDir, 2_000)).toEqual([]);
  });

  it('a restart on the same data dir keeps the data; SIGKILL of node still stops java (the guard)', async () => {
    const port = await freePort();
    const dynamoPort = await freePort();
    const run = start({ PORT: String(port), DYNAMODB_PORT: String(dynamoPort), AIXIN_DATA_DIR: dataDir });
    started.push(run);
    await waitHealthy(run, port);
    const client = createDocumentClient({ endpoint: `http://127.0.0.1:${dynamoPort}`, region: 'local' });
    const found = await client.send(
      new GetCommand({ TableName: TABLE, Key: { pk: 'TEST#restart', sk: 'marker' } }),
    );
    client.destroy();
    expect(found.Item).toEqual({ pk: 'TEST#restart', sk: 'marker', n: 42 });
    expect(run.output()).toContain('沿用已有数据');

    run.child.kill('SIGKILL');
    expect(await run.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await waitUntilGone(dataDir, 8_000)).toEqual([]);
  });

  it('fails clearly when DYNAMODB_PORT is busy', async () => {
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, done));
    const busy = (blocker.address() as { port: number }).port;
    try {
      const run = start({
        PORT: String(await freePort()),
        DYNAMODB_PORT: String(busy),
        AIXIN_DATA_DIR: dataDir,
      });
      started.push(run);
      expect((await run.exited).code).toBe(1);
      expect(run.output()).toContain(`DynamoDB 端口 ${busy} 已被占用 (DYNAMODB_PORT is busy)`);
    } finally {
      blocker.close();
    }
  });

  it('fails clearly, asking for Java 17+, when java is missing', async () => {
    const run = start({
      PORT: String(await freePort()),
      DYNAMODB_PORT: String(await freePort()),
      AIXIN_DATA_DIR: dataDir,
      PATH: '/nonexistent',
    });
    started.push(run);
    expect((await run.exited).code).toBe(1);
    expect(run.output()).toContain('找不到 java');
    expect(run.output()).toContain('Install Java 17+');
  });
});
