import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrgTree } from '../../people/store/org-directory';
import { ENTITY, keys, MONTH_SHARDS } from '../../platform/dynamo/keys';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ReportMovement, ReportStore, ReportsDeps } from '../port';
import type { MonthlyReport } from '../rules/monthly-report';

const PAGES_PER_SHARD_MAX = 10_000;

/** Movements through the month index (gsi2), shard by shard; final reports as one item per month. */
export class DynamoReportStore implements ReportStore {
  constructor(private readonly runtime: Pick<Runtime, 'client' | 'tableName'>) {}

  async monthMovements(month: string): Promise<ReportMovement[]> {
    const { client, tableName } = this.runtime;
    const shards = await Promise.all(
      Array.from({ length: MONTH_SHARDS }, async (_, shard) => {
        const found: ReportMovement[] = [];
        let startKey: Record<string, unknown> | undefined;
        for (let page = 0; page < PAGES_PER_SHARD_MAX; page += 1) {
          const result = await client.send(
            new QueryCommand({
              TableName: tableName,
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

  orgTree() {
    return loadOrgTree(this.runtime.client, this.runtime.tableName);
  }

  async keptReport(month: string): Promise<MonthlyReport | undefined> {
    const kept = await this.runtime.client.send(
      new GetCommand({ TableName: this.runtime.tableName, Key: keys.monthlyReport(month) }),
    );
    return kept.Item === undefined ? undefined : (JSON.parse(String(kept.Item.reportJson)) as MonthlyReport);
  }

  async keepReport(report: MonthlyReport): Promise<void> {
    try {
      await this.runtime.client.send(
        new PutCommand({
          TableName: this.runtime.tableName,
          Item: {
            ...keys.monthlyReport(report.month),
            entity: ENTITY.monthlyReport,
            month: report.month,
            reportJson: JSON.stringify(report),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      // Another request kept the same month first; both computed the same figures.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** The reports area's dependencies over the runtime's table. */
export const reportsDeps = perRuntime(
  (runtime: Runtime): ReportsDeps => ({ reports: new DynamoReportStore(runtime), now: runtime.now }),
);
