import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../../scripts/local/dynamo-local';
import { signLocalToken } from '../../../scripts/local/local-issuer';
import { type DemoUser, demoUsers, type SeedSummary, seedDemoCounty } from '../../../scripts/local/seed';
import { createLocalServer } from '../../../scripts/local/server';
import { createDocumentClient } from '../../../shared/platform/dynamo/client';
import { ROUTES } from '../../../shared/routes';
import { TEST_SIGNER, TEST_SIGNER_FILE } from '../../support/test-issuer';

/**
 * The local stack in this test file's process: a fresh table on the run's DynamoDB Local, the demo
 * county seeded into it through the product's use cases, and the local server (the same one
 * `npm start` runs: the API's handlers in-process, the built pages, /config.json and the demo
 * sign-in) on a free port.
 */
export interface Stack {
  baseUrl: string;
  users: DemoUser[];
  seeded: SeedSummary;
  client: DynamoDBDocumentClient;
  tableName: string;
  user(sub: string): DemoUser;
  tokenFor(user: DemoUser): string;
  /** A JSON call to the API as `user`. */
  api<T = unknown>(
    user: DemoUser,
    method: string,
    path: string,
    options?: { body?: unknown; idempotencyKey?: string },
  ): Promise<{ status: number; body: T }>;
  /** The volunteer's balance now, from the API. */
  balance(user: DemoUser): Promise<number>;
  /**
   * Sets the volunteer's balance through an admin adjustment (the demo's monthly draw may have
   * given them a prize), so that a test starts from a known figure.
   */
  setBalance(user: DemoUser, points: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const endpoint = inject('dynamoEndpoint');
  const tableName = `e2e-${randomUUID().slice(0, 8)}`;
  await ensureTable(endpoint, tableName);
  const env = {
    STAGE: 'local',
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'local',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    AIXIN_SIGNING_KEY_FILE: TEST_SIGNER_FILE,
  };
  Object.assign(process.env, env);
  const client = createDocumentClient({ endpoint, region: 'local' });
  const seeded = await seedDemoCounty({ client, tableName });
  const users = await demoUsers({ client, tableName });
  const tokenFor = (user: DemoUser) =>
    signLocalToken(
      {
        sub: user.sub,
        groups: user.groups,
        volunteerId: user.volunteerId,
        storeId: user.storeId,
        orgId: user.orgId,
        ttlSeconds: 3600,
      },
      TEST_SIGNER,
    );
  const server: Server = createLocalServer({
    routes: ROUTES,
    issuerKeys: [TEST_SIGNER.publicJwkSync()],
    webDir: inject('webDist'),
    env,
    web: {
      config: { mode: 'local', apiBase: '/v1' },
      demo: {
        users,
        sign: (sub) => {
          const user = users.find((candidate) => candidate.sub === sub);
          return user === undefined ? undefined : { token: tokenFor(user), expiresInSeconds: 3600 };
        },
      },
    },
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const baseUrl = `http://localhost:${port}`;
  const user = (sub: string) => {
    const found = users.find((candidate) => candidate.sub === sub);
    if (found === undefined) throw new Error(`no demo user ${sub}`);
    return found;
  };
  const stack: Stack = {
    baseUrl,
    users,
    seeded,
    client,
    tableName,
    user,
    tokenFor,
    async api(caller, method, path, options = {}) {
      const answer = await fetch(`${baseUrl}/v1${path}`, {
        method,
        headers: {
          authorization: `Bearer ${tokenFor(caller)}`,
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.idempotencyKey === undefined ? {} : { 'idempotency-key': options.idempotencyKey }),
        },
        body: options.body === undefined ? null : JSON.stringify(options.body),
      });
      const text = await answer.text();
      return { status: answer.status, body: (text === '' ? undefined : JSON.parse(text)) as never };
    },
    async balance(user) {
      const answer = await this.api<{ balance: number }>(
        user,
        'GET',
        `/volunteers/${user.volunteerId}/balance`,
      );
      if (answer.status !== 200) throw new Error(`balance: ${answer.status}`);
      return answer.body.balance;
    },
    async setBalance(user, points) {
      const now = await this.balance(user);
      if (now === points) return;
      const answer = await this.api(
        this.user('demo-admin'),
        'POST',
        `/volunteers/${user.volunteerId}/adjustments`,
        {
          body: {
            direction: now > points ? 'debit' : 'credit',
            points: Math.abs(now - points),
            reason: 'e2e: a known balance',
          },
          idempotencyKey: `e2e-balance-${user.sub}-${now}-${points}`,
        },
      );
      if (answer.status !== 201)
        throw new Error(`adjustment: ${answer.status} ${JSON.stringify(answer.body)}`);
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      client.destroy();
    },
  };
  return stack;
}
