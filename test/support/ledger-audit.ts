import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AuditReport } from '../../shared/ledger/rules/audit';
import { DynamoAuditSource } from '../../shared/ledger/store/audit-source';
import { auditLedger as auditLedgerUseCase } from '../../shared/ledger/use-cases/audit-ledger';
import { MOVEMENT_SORT_PREFIX, volunteerPartition } from '../../shared/platform/dynamo/keys';

/** The ledger's audit (shared/ledger/use-cases/audit-ledger.ts) over a test table's items. */
export function auditLedger(client: DynamoDBDocumentClient, tableName: string): Promise<AuditReport> {
  return auditLedgerUseCase({ source: new DynamoAuditSource({ client, tableName }) });
}

/** A volunteer's movements (their passbook) in sequence order, read strongly consistently. */
export async function movementsOf(
  client: DynamoDBDocumentClient,
  tableName: string,
  volunteerId: string,
): Promise<Record<string, unknown>[]> {
  const result = await client.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': volunteerPartition(volunteerId),
        ':prefix': MOVEMENT_SORT_PREFIX,
      },
      ConsistentRead: true,
    }),
  );
  return result.Items ?? [];
}
