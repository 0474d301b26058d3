import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { orgIsWithin } from '../../people/store/org-directory';
import { keys, MOVEMENT_SORT_PREFIX } from '../../platform/dynamo/keys';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import type { LedgerAreaDeps, Passbook } from '../port';
import type { Movement } from '../rules/ledger';

/** A volunteer's movements: the items under their account's partition, by sequence. */
export class DynamoPassbook implements Passbook {
  constructor(private readonly deps: { client: DynamoDBDocumentClient; tableName: string }) {}

  async page(volunteerId: string, beforeSequence: number | undefined, limit: number) {
    const result = await this.deps.client.send(
      new QueryCommand({
        TableName: this.deps.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.volunteerAccount(volunteerId).pk,
          ':prefix': MOVEMENT_SORT_PREFIX,
        },
        ScanIndexForward: false,
        Limit: limit,
        ...(beforeSequence === undefined
          ? {}
          : { ExclusiveStartKey: keys.movement(volunteerId, beforeSequence) }),
      }),
    );
    return { movements: (result.Items ?? []) as Movement[], more: result.LastEvaluatedKey !== undefined };
  }
}

/** The ledger area's dependencies over the runtime's table. */
export const ledgerAreaDeps = perRuntime(
  (runtime: Runtime): LedgerAreaDeps => ({
    ledger: runtime.ledger,
    passbook: new DynamoPassbook(runtime),
    orgIsWithin: (orgId, ancestorId) => orgIsWithin(runtime.client, runtime.tableName, orgId, ancestorId),
    signing: () => signingKeys(runtime.config),
  }),
);
