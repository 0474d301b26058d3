import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY } from '../adapters/dynamo/keys';
import { Auditor, type AuditReport } from '../domain/audit';
import type { Movement } from '../domain/ledger';

/** Segments scanned in parallel; the audit is an offline job, never on a request path. */
const SCAN_SEGMENTS = 4;
const SCAN_PAGES_MAX = 1_000_000;

/** Reads the whole ledger (accounts, movements, markers) and checks it against its invariants. */
export async function auditLedger(client: DynamoDBDocumentClient, tableName: string): Promise<AuditReport> {
  const auditor = new Auditor();
  await Promise.all(
    Array.from({ length: SCAN_SEGMENTS }, async (_, segment) => {
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < SCAN_PAGES_MAX; page += 1) {
        const result = await client.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: SCAN_SEGMENTS,
            ConsistentRead: true,
            FilterExpression: 'entity IN (:account, :movement, :marker)',
            ExpressionAttributeValues: {
              ':account': ENTITY.volunteerAccount,
              ':movement': ENTITY.movement,
              ':marker': ENTITY.idempotencyMarker,
            },
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        for (const item of result.Items ?? []) {
          if (item.entity === ENTITY.volunteerAccount) {
            auditor.addAccount({
              volunteerId: String(item.volunteerId),
              balance: Number(item.balance),
              sequence: Number(item.sequence),
            });
          } else if (item.entity === ENTITY.movement) {
            auditor.addMovement(item as Movement);
          } else {
            auditor.addMarker({
              pk: String(item.pk),
              ...(typeof item.movementId === 'string' ? { movementId: item.movementId } : {}),
            });
          }
        }
        startKey = result.LastEvaluatedKey;
        if (startKey === undefined) return;
      }
    }),
  );
  return auditor.report();
}
