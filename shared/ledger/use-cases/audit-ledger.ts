import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ENTITY, PROJECTION_STORE_PREFIX, PROJECTION_SYSTEM_PARTITION } from '../../platform/dynamo/keys';
import { Auditor, type AuditReport } from '../rules/audit';
import type { Movement } from '../rules/ledger';
import type { ProjectionAudit } from '../rules/projection';

/** Segments scanned in parallel; the audit is an offline job, never on a request path. */
const SCAN_SEGMENTS = 4;
const SCAN_PAGES_MAX = 1_000_000;

export interface LedgerAuditOptions {
  /**
   * Also collects the stream's projection totals and hands every movement to this check, in the
   * same scan: the projection audit costs no second pass over the table.
   */
  projections?: ProjectionAudit;
}

/** Reads the whole ledger (accounts, movements, markers) and checks it against its invariants. */
export async function auditLedger(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: LedgerAuditOptions = {},
): Promise<AuditReport> {
  const auditor = new Auditor();
  const { projections } = options;
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
            FilterExpression:
              projections === undefined
                ? 'entity IN (:account, :movement, :marker)'
                : 'entity IN (:account, :movement, :marker, :totals)',
            ExpressionAttributeValues: {
              ':account': ENTITY.volunteerAccount,
              ':movement': ENTITY.movement,
              ':marker': ENTITY.idempotencyMarker,
              ...(projections === undefined ? {} : { ':totals': ENTITY.projectionTotals }),
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
            projections?.addMovement(item as Movement);
          } else if (item.entity === ENTITY.projectionTotals) {
            const pk = String(item.pk);
            if (pk === PROJECTION_SYSTEM_PARTITION) projections?.addSystemTotals(String(item.date), item);
            else if (pk.startsWith(PROJECTION_STORE_PREFIX)) {
              projections?.addStoreTotals(String(item.storeId), String(item.date), item);
            }
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
