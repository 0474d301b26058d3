import { type DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { disclosureCheck } from '../../donations/store/disclosure-check';
import { ENTITY, PROJECTION_STORE_PREFIX, PROJECTION_SYSTEM_PARTITION } from '../../platform/dynamo/keys';
import { SYSTEM_PRINCIPAL } from '../../platform/principal';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { storesDeps } from '../../stores/store/stores-deps';
import { auditStoreStock } from '../../stores/use-cases/stock';
import { listStores } from '../../stores/use-cases/stores';
import type { AuditDeps, AuditItem, AuditSource, StockAuditor } from '../port';
import type { Movement } from '../rules/ledger';

/** Segments scanned in parallel; the audit is an offline job, never on a request path. */
const SCAN_SEGMENTS = 4;
/** A bound on one segment's pages, far beyond any county's table, so a scan always ends. */
const SCAN_PAGES_MAX = 1_000_000;

/** One scanned item as the audit takes it; every item the scan's filter lets through is one of these. */
function auditItemOf(item: NonNullable<ScanCommandOutput['Items']>[number]): AuditItem | undefined {
  if (item.entity === ENTITY.volunteerAccount) {
    return {
      kind: 'account',
      account: {
        volunteerId: String(item.volunteerId),
        balance: Number(item.balance),
        sequence: Number(item.sequence),
        ...(item.held === undefined ? {} : { held: Number(item.held) }),
      },
    };
  }
  if (item.entity === ENTITY.movement) return { kind: 'movement', movement: item as Movement };
  if (item.entity === ENTITY.projectionTotals) {
    const pk = String(item.pk);
    if (pk === PROJECTION_SYSTEM_PARTITION)
      return { kind: 'county-day', date: String(item.date), figures: item };
    if (pk.startsWith(PROJECTION_STORE_PREFIX)) {
      return { kind: 'store-day', storeId: String(item.storeId), date: String(item.date), figures: item };
    }
    return undefined;
  }
  return {
    kind: 'marker',
    marker: {
      pk: String(item.pk),
      ...(typeof item.movementId === 'string' ? { movementId: item.movementId } : {}),
    },
  };
}

/** The ledger's items, read by a parallel scan of the whole table filtered to what the audit reads. */
export class DynamoAuditSource implements AuditSource {
  constructor(private readonly deps: { client: DynamoDBDocumentClient; tableName: string }) {}

  async scan(options: { projectionTotals: boolean }, onPage: (items: readonly AuditItem[]) => void) {
    const { client, tableName } = this.deps;
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
              FilterExpression: options.projectionTotals
                ? 'entity IN (:account, :movement, :marker, :totals)'
                : 'entity IN (:account, :movement, :marker)',
              ExpressionAttributeValues: {
                ':account': ENTITY.volunteerAccount,
                ':movement': ENTITY.movement,
                ':marker': ENTITY.idempotencyMarker,
                ...(options.projectionTotals ? { ':totals': ENTITY.projectionTotals } : {}),
              },
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
            }),
          );
          const items: AuditItem[] = [];
          for (const item of result.Items ?? []) {
            const read = auditItemOf(item);
            if (read !== undefined) items.push(read);
          }
          onPage(items);
          startKey = result.LastEvaluatedKey;
          if (startKey === undefined) return;
        }
      }),
    );
  }
}

/** The stores as the audit needs them: the stores area's use cases over its own deps. */
function stockAuditor(runtime: Runtime): StockAuditor {
  return {
    storeIds: async () =>
      (await listStores(storesDeps(runtime), SYSTEM_PRINCIPAL)).stores.map((store) => store.storeId),
    auditStore: async (storeId, until) => {
      const audit = await auditStoreStock(storesDeps(runtime), storeId, until);
      return {
        problems: audit.problems,
        expectedUnits: audit.items.reduce((sum, item) => sum + item.expected, 0),
      };
    },
  };
}

/** The audit's dependencies over the runtime's table. */
export const auditDeps = perRuntime(
  (runtime: Runtime): AuditDeps => ({
    source: new DynamoAuditSource(runtime),
    stock: stockAuditor(runtime),
    now: runtime.now,
    checks: () => [disclosureCheck(runtime)],
  }),
);
