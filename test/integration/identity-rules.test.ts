import { spawnSync } from 'node:child_process';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as OTPAuth from 'otpauth';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Activation, Session } from '../../shared/identity/port';
import {
  canClaimCode,
  canRefresh,
  canUseActivation,
  REFRESH_GRACE_SECONDS,
  secretOf,
} from '../../shared/identity/rules/devices';
import { identityDepsOf } from '../../shared/identity/store/identity-deps';
import { DynamoActivationStore, DynamoSessionStore } from '../../shared/identity/store/identity-store';
import { LocalKeySigner } from '../../shared/identity/store/local-signer';
import { signIn } from '../../shared/identity/use-cases/sign-in';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime } from '../../shared/platform/runtime';
import { freshTable, type TestTable } from './support';

/**
 * D1 for sign-in: for every shape an activation, a code or a session can have, the pure rule of
 * rules/devices.ts says yes exactly when the store's conditional write succeeds on DynamoDB Local.
 */
const NOW = '2026-12-04T02:00:00.000Z';
const EARLIER = '2026-12-04T01:00:00.000Z';
const LATER = '2026-12-04T03:00:00.000Z';
let table: TestTable;
let serial = 0;

beforeAll(async () => {
  table = await freshTable('identity-rules');
});

describe('an activation is used once, before it expires (canUseActivation)', () => {
  const shapes = [
    { expiresAt: LATER, usedAt: undefined },
    { expiresAt: LATER, usedAt: EARLIER },
    { expiresAt: EARLIER, usedAt: undefined },
    { expiresAt: NOW, usedAt: undefined },
    undefined,
  ];
  it.each(shapes.map((shape) => [JSON.stringify(shape) ?? 'none', shape] as const))(
    '%s',
    async (_name, shape) => {
      const store = new DynamoActivationStore(table);
      const tokenHash = `hash-${++serial}`;
      if (shape !== undefined)
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: {
              ...keys.activation(tokenHash),
              entity: ENTITY.activation,
              tokenHash,
              code: '123456',
              volunteerId: 'v-1',
              createdBy: 'coord',
              createdAt: EARLIER,
              validUntil: shape.expiresAt,
              ...(shape.usedAt === undefined ? {} : { usedAt: shape.usedAt }),
            },
          }),
        );
      expect(await store.use(tokenHash, NOW)).toBe(canUseActivation(shape, NOW));
    },
  );
});

describe('a code is given to one live activation at a time (canClaimCode)', () => {
  it.each([
    ['free', undefined],
    ['held by a live activation', { expiresAt: LATER }],
    ['held by one that expired', { expiresAt: EARLIER }],
    ['held by one that expires now', { expiresAt: NOW }],
  ] as const)('%s', async (_name, holder) => {
    const store = new DynamoActivationStore(table);
    const code = String(100000 + ++serial);
    if (holder !== undefined)
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...keys.activationCode(code),
            entity: ENTITY.activationCode,
            tokenHash: 'old',
            validUntil: holder.expiresAt,
          },
        }),
      );
    const activation: Activation = {
      tokenHash: `new-${serial}`,
      code,
      volunteerId: 'v-1',
      createdBy: 'coord',
      createdAt: NOW,
      expiresAt: LATER,
    };
    expect(await store.create(activation)).toBe(canClaimCode(holder, NOW));
  });
});

describe('a refresh works with the current secret, or the one just replaced within the grace (canRefresh)', () => {
  const JUST_NOW = new Date(Date.parse(NOW) - (REFRESH_GRACE_SECONDS - 5) * 1000).toISOString();
  const shapes: { name: string; session: Partial<Session>; presented: string }[] = [
    { name: 'current secret', session: {}, presented: 'current' },
    { name: 'an unknown secret', session: {}, presented: 'old' },
    {
      name: 'the one replaced just now',
      session: { previousSecretHash: 'old', rotatedAt: JUST_NOW },
      presented: 'old',
    },
    {
      name: 'the one replaced long ago',
      session: { previousSecretHash: 'old', rotatedAt: EARLIER },
      presented: 'old',
    },
    { name: 'revoked', session: { revokedAt: EARLIER }, presented: 'current' },
    { name: 'expired', session: { expiresAt: EARLIER }, presented: 'current' },
    { name: 'expires now', session: { expiresAt: NOW }, presented: 'current' },
  ];
  const cases = shapes.flatMap((shape) =>
    (['current', 'previous'] as const).map(
      (which) => [`${shape.name}, as the ${which} one`, shape, which] as const,
    ),
  );
  it.each(cases)('%s', async (_name, shape, which) => {
    const store = new DynamoSessionStore(table);
    const session: Session = {
      owner: `VOL#v-${++serial}`,
      sessionId: `s-${serial}`,
      kind: 'device',
      secretHash: 'current',
      createdAt: EARLIER,
      lastUsedAt: EARLIER,
      expiresAt: LATER,
      ...shape.session,
    };
    await store.create({ ...session, revokedAt: undefined });
    if (session.revokedAt !== undefined)
      await store.revoke(session.owner, session.sessionId, session.revokedAt);
    const rotated = await store.rotate(
      session,
      { hash: shape.presented, which },
      { secretHash: 'next', expiresAt: LATER, at: NOW },
    );
    const rule =
      canRefresh(session, shape.presented, NOW) && secretOf(session, shape.presented, NOW) === which;
    expect(rotated).toBe(rule);
  });

  it('each rule says yes to some shapes and no to others', () => {
    expect(canUseActivation({ expiresAt: LATER }, NOW)).toBe(true);
    expect(canUseActivation({ expiresAt: LATER, usedAt: EARLIER }, NOW)).toBe(false);
    expect(canClaimCode(undefined, NOW)).toBe(true);
    expect(canClaimCode({ expiresAt: LATER }, NOW)).toBe(false);
  });
});

describe('npm run admin:create', () => {
  it('makes an admin who signs in with the printed one-time password and the TOTP it printed', async () => {
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        'scripts/admin-create.ts',
        '--username',
        'county-admin',
        '--name',
        '皋兰县志愿服务中心',
      ],
      {
        env: { ...process.env, DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const password = /One-time password[^:]*: (\S+)/.exec(result.stdout)?.[1] ?? '';
    const uri = /(otpauth:\/\/\S+)/.exec(result.stdout)?.[1] ?? '';
    const runtime = buildRuntime(parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName }), {
      client: table.client,
    });
    const deps = identityDepsOf(runtime, { signer: LocalKeySigner.generate() });
    const totp = (OTPAuth.URI.parse(uri) as OTPAuth.TOTP).generate();
    const signedIn = await signIn(deps, { username: 'county-admin', password, totp }, '127.0.0.1');
    expect(signedIn.user).toMatchObject({
      groups: ['admin'],
      mustChangePassword: true,
      name: '皋兰县志愿服务中心',
    });
    const again = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/admin-create.ts', '--username', 'county-admin'],
      {
        env: { ...process.env, DYNAMODB_ENDPOINT: table.endpoint, TABLE_NAME: table.tableName },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect([again.status, again.stderr]).toEqual([1, expect.stringContaining('CONFLICT')]);
  });
});
