import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, keys } from '../../shared/adapters/dynamo/keys';
import type { Runtime } from '../../shared/adapters/runtime';
import { SYSTEM_ACCOUNT } from '../../shared/domain/ledger';

/**
 * A volunteer as the redemption and code tests need one: an open account, a profile with a name
 * (what the counter sees, masked), and `points` earned through the ledger.
 */
export async function addVolunteer(
  runtime: Runtime,
  volunteer: { id: string; name?: string; points: number; orgId?: string },
): Promise<void> {
  const orgId = volunteer.orgId ?? 'gaolan';
  await runtime.ledger.openAccount(volunteer.id, { orgId });
  await runtime.client.send(
    new PutCommand({
      TableName: runtime.tableName,
      Item: {
        ...keys.volunteerProfile(volunteer.id),
        entity: ENTITY.volunteerProfile,
        volunteerId: volunteer.id,
        name: volunteer.name ?? '志愿者',
        orgId,
      },
    }),
  );
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
