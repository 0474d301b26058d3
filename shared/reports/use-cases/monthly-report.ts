import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Movement } from '../../ledger/rules/ledger';
import { loadOrgTree } from '../../people/store/org-directory';
import { chinaMonthEnd } from '../../platform/china-time';
import { ENTITY, keys, MONTH_SHARDS } from '../../platform/dynamo/keys';
import type { Runtime } from '../../platform/runtime';
import { buildMonthlyReport, type MonthlyReport } from '../rules/monthly-report';

/** Movements committed just before midnight may land a little later; a month is final after this. */
const FINAL_AFTER_MS = 60 * 60 * 1000;
const PAGES_PER_SHARD_MAX = 10_000;

type ReportMovement = Pick<
  Movement,
  'kind' | 'direction' | 'amount' | 'counterAccount' | 'details' | 'orgId'
>;

/** All movements of a China month, read through the month index shard by shard: no table scan. */
async function monthMovements(runtime: Runtime, month: string): Promise<ReportMovement[]> {
  const shards = await Promise.all(
    Array.from({ length: MONTH_SHARDS }, async (_, shard) => {
      const found: ReportMovement[] = [];
      let startKey: Record<string, unknown> | undefined;
      for (let page = 0; page < PAGES_PER_SHARD_MAX; page += 1) {
        const result = await runtime.client.send(
          new QueryCommand({
            TableName: runtime.tableName,
            IndexName: 'gsi2',
            KeyConditionExpression: 'gsi2pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.movementByMonthPartition(month, shard) },
            ProjectionExpression: 'kind, direction, amount, counterAccount, details, orgId',
            ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
          }),
        );
        found.push(...((result.Items ?? []) as ReportMovement[]));
        startKey = result.LastEvaluatedKey;
        if (startKey === undefined) break;
      }
      return found;
    }),
  );
  return shards.flat();
}

/**
 * The monthly report: hours, points issued and redeemed, by organisation subtree and by store.
 * A month that has ended is computed once and kept, since its movements no longer change.
 */
export async function monthlyReport(runtime: Runtime, month: string): Promise<MonthlyReport> {
  const now = runtime.now();
  const final = now.getTime() >= chinaMonthEnd(month).getTime() + FINAL_AFTER_MS;
  const snapshotKey = keys.monthlyReport(month);
  if (final) {
    const kept = await runtime.client.send(
      new GetCommand({ TableName: runtime.tableName, Key: snapshotKey }),
    );
    if (kept.Item !== undefined) return JSON.parse(String(kept.Item.reportJson)) as MonthlyReport;
  }
  const [movements, tree] = await Promise.all([
    monthMovements(runtime, month),
    loadOrgTree(runtime.client, runtime.tableName),
  ]);
  const report = buildMonthlyReport(month, movements, tree, { final, generatedAt: now.toISOString() });
  if (final) {
    try {
      await runtime.client.send(
        new PutCommand({
          TableName: runtime.tableName,
          Item: { ...snapshotKey, entity: ENTITY.monthlyReport, month, reportJson: JSON.stringify(report) },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Another request kept the same month first; both computed the same figures.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
  return report;
}
