import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { handler as putOrg } from '../../functions/people/put-org';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import type { Runtime } from '../../shared/platform/runtime';
import { callers, invoke } from './http';

/**
 * A registered volunteer as registration leaves them: a profile in an organisation and no account
 * item yet (the first movement opens it).
 */
export async function addProfile(
  runtime: Runtime,
  volunteer: { id: string; orgId: string; name?: string },
): Promise<void> {
  await runtime.client.send(
    new PutCommand({
      TableName: runtime.tableName,
      Item: {
        ...keys.volunteerProfile(volunteer.id),
        ...keys.volunteerByOrg(volunteer.orgId, volunteer.id),
        entity: ENTITY.volunteerProfile,
        volunteerId: volunteer.id,
        name: volunteer.name ?? '志愿者',
        orgId: volunteer.orgId,
      },
    }),
  );
}

/**
 * A volunteer as the redemption and code tests need one: a profile with a name (what the counter
 * sees, masked), and `points` earned through the ledger (which opens the account).
 */
export async function addVolunteer(
  runtime: Runtime,
  volunteer: { id: string; name?: string; points: number; orgId?: string },
): Promise<void> {
  const orgId = volunteer.orgId ?? 'gaolan';
  await addProfile(runtime, {
    id: volunteer.id,
    orgId,
    ...(volunteer.name === undefined ? {} : { name: volunteer.name }),
  });
  if (volunteer.points === 0) return;
  await runtime.ledger.postMovement({
    draft: {
      kind: 'earn',
      volunteerId: volunteer.id,
      direction: 'credit',
      amount: volunteer.points,
      counterAccount: SYSTEM_ACCOUNT.issuance,
      ref: `test:${volunteer.id}`,
      actor: 'test',
    },
    idempotency: { scope: 'test', key: `earn-${volunteer.id}`, fingerprint: 'earn' },
    respond: () => ({ status: 201, body: {} }),
  });
}

/** The small tree most people tests use: 皋兰县 → 什川镇 → 上车村, and 石洞镇 → 文山村. */
export const SMALL_TREE = [
  ['gaolan', { name: '皋兰县', level: 'county' }],
  ['shichuan', { name: '什川镇', level: 'town', parentId: 'gaolan' }],
  ['shangche', { name: '上车村', level: 'village', parentId: 'shichuan' }],
  ['shidong', { name: '石洞镇', level: 'town', parentId: 'gaolan' }],
  ['wenshan', { name: '文山村', level: 'village', parentId: 'shidong' }],
] as const;

/** Puts each organisation through the API's own handler, as the county office would, in order. */
export async function putOrgs(
  tree: readonly (readonly [string, { name: string; level: string; parentId?: string }])[],
): Promise<void> {
  for (const [orgId, body] of tree) {
    const answer = await invoke(putOrg, {
      routeKey: 'PUT /v1/orgs/{orgId}',
      params: { orgId },
      body,
      caller: callers.admin,
    });
    if (answer.status !== 200) throw new Error(`PUT /v1/orgs/${orgId}: ${answer.status}`);
  }
}
