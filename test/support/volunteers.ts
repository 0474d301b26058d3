import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import type { Runtime } from '../../shared/platform/runtime';

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
