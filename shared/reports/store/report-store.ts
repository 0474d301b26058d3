import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { loadOrgTree } from '../../people/store/org-directory';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { ENTITY, keys, MONTH_SHARDS } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ReportMovement, ReportStore, ReportsDeps, VolunteerQuarters } from '../port';
import type { MonthlyReport } from '../rules/monthly-report';

const PAGES_PER_SHARD_MAX = 10_000;
/** Requests per batch of 100 volunteers before unprocessed keys fail the report; tries of each. */
const BATCH_ROUNDS_MAX = 5;
const CALL_ATTEMPTS = 4;

/**
 * Movements through the month index (gsi2), shard by shard; hours served through the daily-hours
 * month index (gsi1), as the draw reads them; final reports as one item per month.
 */
export class DynamoReportStore implements ReportStore {
  constructor(private readonly runtime: Pick<Runtime, 'client' | 'tableName'>) {}

  async starCounts(): Promise<{ counts: Record<number, number>; updatedAt?: string }> {
    const { Item } = await retryCall(
      () =>
        this.runtime.client.send(
          new GetCommand({
            TableName: this.runtime.tableName,
            Key: keys.projectionStars(),
            ConsistentRead: true,
          }),
        ),
      { attempts: 4, exhausted: 'unavailable' },
    );
    const counts: Record<number, number> = {};
    for (let level = 1; level <= 5; level += 1) {
      const value = Item?.[`level${level}`];
      counts[level] = typeof value === 'number' ? value : 0;
    }
    return { counts, ...(typeof Item?.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}) };
  }

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

  async monthHours(month: string): Promise<VolunteerQuarters[]> {
    const { client, tableName } = this.runtime;
    const byVolunteer = new Map<string, number>();
    await Promise.all(
      Array.from({ length: MONTH_SHARDS }, async (_, shard) => {
        let startKey: Record<string, unknown> | undefined;
        for (let page = 0; ; page += 1) {
          // Never a figure cut short: a shard with too many pages fails the report.
          if (page >= PAGES_PER_SHARD_MAX) {
            throw new Error(`Report ${month}: hours shard ${shard} has more than ${page} pages`);
          }
          const result = await client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: 'gsi1',
              KeyConditionExpression: 'gsi1pk = :pk',
              ExpressionAttributeValues: { ':pk': keys.dailyHoursByMonthPartition(month, shard) },
              ProjectionExpression: 'entity, volunteerId, quarters',
              ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
            }),
          );
          for (const day of result.Items ?? []) {
            if (day.entity !== ENTITY.dailyHours || typeof day.volunteerId !== 'string') continue;
            const quarters = Number(day.quarters);
            if (!Number.isSafeInteger(quarters) || quarters <= 0) continue;
            byVolunteer.set(day.volunteerId, (byVolunteer.get(day.volunteerId) ?? 0) + quarters);
          }
          startKey = result.LastEvaluatedKey;
          if (startKey === undefined) return;
        }
      }),
    );
    return [...byVolunteer].map(([volunteerId, quarters]) => ({ volunteerId, quarters }));
  }

  async volunteerOrgs(volunteerIds: readonly string[]): Promise<Map<string, string>> {
    const orgs = new Map<string, string>();
    const unique = [...new Set(volunteerIds)];
    // The account carries the organisation from the first movement; a volunteer whose hours earned
    // no point yet has only the profile.
    for (const key of [keys.volunteerAccount, keys.volunteerProfile]) {
      const missing = unique.filter((id) => !orgs.has(id));
      if (missing.length === 0) break;
      const { items, unprocessed } = await batchGetItems(
        this.runtime.client,
        this.runtime.tableName,
        missing.map((id) => key(id)),
        {
          projection: { expression: 'volunteerId, orgId' },
          roundsMax: BATCH_ROUNDS_MAX,
          retry: (call) => retryCall(call, { attempts: CALL_ATTEMPTS, exhausted: 'unavailable' }),
        },
      );
      // Never hours under the wrong organisation: a read that stays unfinished fails the report.
      if (unprocessed.length > 0)
        throw new AppError('UNAVAILABLE', 'The report could not be read whole; try again');
      for (const item of items) {
        if (typeof item.volunteerId === 'string' && typeof item.orgId === 'string') {
          orgs.set(item.volunteerId, item.orgId);
        }
      }
    }
    return orgs;
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
