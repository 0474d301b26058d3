import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/dynamo-local';
import { signLocalToken } from '../../scripts/local/local-issuer';
import { REPO_ROOT } from '../../scripts/local/server';
import { TEST_SIGNER } from '../support/test-issuer';

/**
 * An acknowledged write survives a crash of the whole local stack. `npm start` runs in its own
 * process group (node, the guard and DynamoDB Local's Java), a burst of concurrent points
 * adjustments is sent, and the group is killed with SIGKILL the moment the last answer arrives.
 * After a restart on the same data dir, every acknowledged adjustment is there: replaying its
 * Idempotency-Key gives the very same answer, marked as a replay, and the balance counts it once.
 *
 * Without the commit barrier (DYNAMODB_LOCAL_DURABLE_COMMITS=false) the same burst loses about one
 * acknowledged transaction in forty to a kill (measured with bare TransactWriteItems: 6 of 256
 * and 4 of 256), which this test would report as a replay that is no replay.
 */
const TABLE = 'aixin-crash-test';
const ROUNDS = 3;
const BURST = 24;

const dataDir = mkdtempSync(join(tmpdir(), 'aixin-crash-'));
/** The stack signs and checks with this test's key, kept beside its data. */
const keyFile = join(dataDir, 'issuer.pem');
writeFileSync(keyFile, TEST_SIGNER.pem(), { mode: 0o600 });
const children: ChildProcess[] = [];

function startStack(port: number, dynamoPort: number): { child: ChildProcess; output: () => string } {
  const { DYNAMODB_ENDPOINT: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: REPO_ROOT,
    env: {
      ...inherited,
      TABLE_NAME: TABLE,
      PORT: String(port),
      DYNAMODB_PORT: String(dynamoPort),
      AIXIN_DATA_DIR: dataDir,
      AIXIN_SIGNING_KEY_FILE: keyFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so one kill reaches node, the guard and Java at the same instant.
    detached: true,
  });
  children.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  return { child, output: () => output };
}

async function waitHealthy(port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(`http://127.0.0.1:${port}/v1/health`, { signal: AbortSignal.timeout(1000) });
      if (answer.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
  throw new Error(`the stack was not healthy within 60 s:\n${output()}`);
}

function killGroup(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  return exited;
}

async function waitUntilNoJava(): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      execFileSync('pgrep', ['-f', dataDir]);
    } catch {
      return; // nothing left that uses the data dir
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

const admin = signLocalToken({ sub: 'crash-admin', groups: ['admin'], ttlSeconds: 3600 }, TEST_SIGNER);

async function post(port: number, path: string, body: unknown, key?: string) {
  const answer = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${admin}`,
      'content-type': 'application/json',
      ...(key === undefined ? {} : { 'idempotency-key': key }),
    },
    body: JSON.stringify(body),
  });
  return {
    status: answer.status,
    replayed: answer.headers.get('idempotent-replayed'),
    body: await answer.text(),
  };
}

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  await waitUntilNoJava();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a crash of the local stack', () => {
  it('loses no acknowledged write: every one is there after a restart, and its key replays it', async () => {
    const acknowledged: { key: string; body: string }[] = [];
    let volunteerId = '';
    for (let round = 0; round < ROUNDS; round += 1) {
      const port = await freePort();
      const stack = startStack(port, await freePort());
      await waitHealthy(port, stack.output);

      // Everything acknowledged before every earlier crash is still there, exactly.
      for (const { key, body } of acknowledged) {
        const replay = await post(
          port,
          `/v1/volunteers/${volunteerId}/adjustments`,
          { direction: 'credit', points: 1, reason: '加分' },
          key,
        );
        expect([replay.status, replay.replayed, replay.body], key).toEqual([201, 'true', body]);
      }
      if (round === 0) {
        const created = await post(port, '/v1/volunteers', {
          name: '崩溃测试',
          phone: '13809319999',
          orgId: 'gaolan',
        });
        expect(created.status, created.body).toBeLessThan(300);
        volunteerId = String((JSON.parse(created.body) as { id: string }).id);
      }
      const balance = await fetch(`http://127.0.0.1:${port}/v1/volunteers/${volunteerId}/balance`, {
        headers: { authorization: `Bearer ${admin}` },
      }).then((answer) => answer.json() as Promise<{ balance: number }>);
      expect(balance.balance).toBe(acknowledged.length);

      // A burst, then the crash the moment the last answer is in.
      const burst = await Promise.all(
        Array.from({ length: BURST }, async (_, index) => {
          const key = `crash-${round}-${index}`;
          const answer = await post(
            port,
            `/v1/volunteers/${volunteerId}/adjustments`,
            { direction: 'credit', points: 1, reason: '加分' },
            key,
          );
          return { key, answer };
        }),
      );
      await killGroup(stack.child);
      await waitUntilNoJava();
      for (const { key, answer } of burst) {
        expect(answer.status, answer.body).toBe(201);
        acknowledged.push({ key, body: answer.body });
      }
    }
    // The last round's burst, after its crash.
    const port = await freePort();
    const stack = startStack(port, await freePort());
    await waitHealthy(port, stack.output);
    const replays = await Promise.all(
      acknowledged.map(({ key }) =>
        post(
          port,
          `/v1/volunteers/${volunteerId}/adjustments`,
          { direction: 'credit', points: 1, reason: '加分' },
          key,
        ),
      ),
    );
    expect(
      replays.map((replay, index) => [
        replay.status,
        replay.replayed,
        replay.body === acknowledged[index]?.body,
      ]),
    ).toEqual(acknowledged.map(() => [201, 'true', true]));
    await killGroup(stack.child);
  }, 240_000);
});
