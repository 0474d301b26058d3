import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { definedFields, type TableRef, withoutKeys } from '../../platform/dynamo/items';
import { DAILY_HOURS_SORT_PREFIX, ENTITY, keys, RECORD_ENTRY_SORT_PREFIX } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { queryPages } from '../../stores/store/reads';
import type { RecordBook, StoredCorrection, StoredEntry } from '../port';
import type { CorrectionStatus } from '../rules/record-entries';
import { newestOnIndex, withStatusOnIndex } from './index-reads';

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });
/** Pages of a volunteer's days or entries read at most (1 MB each: decades of service). */
const VOLUNTEER_PAGES_MAX = 10;

/**
 * A volunteer's record besides their service: entries in their own partition, so the whole record
 * is one query; correction requests as their own items, on the office's queue and the volunteer's
 * list. Nothing here is ever updated but a withdrawn entry's mark and a request's one decision.
 */
export class DynamoRecordBook implements RecordBook {
  constructor(private readonly table: TableRef) {}

  async addEntry(entry: StoredEntry): Promise<'added' | 'exists' | 'no-target'> {
    const { tableName } = this.table;
    const put = {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.recordEntry(entry.volunteerId, entry.entryId),
          entity: ENTITY.recordEntry,
          ...definedFields(entry as unknown as Record<string, unknown>),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    const withdraw =
      entry.retracts === undefined
        ? []
        : [
            {
              Update: {
                TableName: tableName,
                Key: keys.recordEntry(entry.volunteerId, entry.retracts),
                // Only this volunteer's entry, and only once.
                ConditionExpression: 'entity = :entity AND attribute_not_exists(retractedBy)',
                UpdateExpression: 'SET retractedBy = :by',
                ExpressionAttributeValues: { ':entity': ENTITY.recordEntry, ':by': entry.entryId },
              },
            },
          ];
    try {
      await call(() =>
        this.table.client.send(new TransactWriteCommand({ TransactItems: [put, ...withdraw] })),
      );
      return 'added';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = reasonsOf(error);
      if (conditionFailed(reasons[0])) return 'exists';
      if (conditionFailed(reasons[1])) return 'no-target';
      throw error;
    }
  }

  async getEntry(volunteerId: string, entryId: string): Promise<StoredEntry | undefined> {
    const { Item } = await call(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.recordEntry(volunteerId, entryId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.recordEntry ? withoutKeys<StoredEntry>(Item) : undefined;
  }

  async entries(volunteerId: string): Promise<StoredEntry[]> {
    const { items } = await queryPages<Record<string, unknown>>(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.recordEntry(volunteerId, '').pk,
          ':prefix': RECORD_ENTRY_SORT_PREFIX,
        },
        ConsistentRead: true,
      },
      VOLUNTEER_PAGES_MAX,
    );
    return items
      .map((item) => withoutKeys<StoredEntry>(item))
      .sort((a, b) => a.date.localeCompare(b.date) || a.recordedAt.localeCompare(b.recordedAt));
  }

  async hours(volunteerId: string, year: string): Promise<{ yearQuarters: number; totalQuarters: number }> {
    const { items } = await queryPages<{ date?: string; quarters?: number }>(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.dailyHours(volunteerId, '').pk,
          ':prefix': DAILY_HOURS_SORT_PREFIX,
        },
        ProjectionExpression: '#date, quarters',
        ExpressionAttributeNames: { '#date': 'date' },
        ConsistentRead: true,
      },
      VOLUNTEER_PAGES_MAX,
    );
    let yearQuarters = 0;
    let totalQuarters = 0;
    for (const day of items) {
      const quarters = typeof day.quarters === 'number' ? day.quarters : 0;
      totalQuarters += quarters;
      if (day.date?.startsWith(`${year}-`)) yearQuarters += quarters;
    }
    return { yearQuarters, totalQuarters };
  }

  async addCorrection(correction: StoredCorrection): Promise<boolean> {
    try {
      await call(() =>
        this.table.client.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: {
              ...keys.correction(correction.correctionId),
              ...keys.correctionIndexes(correction.volunteerId, correction.filedAt, correction.correctionId),
              entity: ENTITY.correction,
              ...definedFields(correction as unknown as Record<string, unknown>),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async getCorrection(correctionId: string): Promise<StoredCorrection | undefined> {
    const { Item } = await call(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.correction(correctionId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.correction ? withoutKeys<StoredCorrection>(Item) : undefined;
  }

  async decideCorrection(
    correctionId: string,
    change: Pick<StoredCorrection, 'status' | 'decidedAt' | 'decidedBy' | 'decidedWith'> &
      Pick<StoredCorrection, 'resolution' | 'recordId' | 'refusal'>,
  ): Promise<boolean> {
    const fields = definedFields(change as unknown as Record<string, unknown>);
    const names = Object.keys(fields);
    try {
      await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.correction(correctionId),
            // canDecideCorrection: only an open request is decided, once.
            ConditionExpression: '#status = :open',
            UpdateExpression: `SET ${names.map((name) => `#${name} = :${name}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(names.map((name) => [`#${name}`, name])),
            ExpressionAttributeValues: {
              ':open': 'open',
              ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])),
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async corrections(status: CorrectionStatus, limit: number): Promise<StoredCorrection[]> {
    const { items } = await withStatusOnIndex<StoredCorrection>(this.table, {
      partition: keys.correctionQueuePartition,
      status,
      limit,
      pagesMax: VOLUNTEER_PAGES_MAX,
      newestFirst: false,
    });
    return items;
  }

  correctionsOf(volunteerId: string, limit: number): Promise<StoredCorrection[]> {
    return newestOnIndex<StoredCorrection>(
      this.table,
      'gsi2',
      keys.volunteerCorrectionsPartition(volunteerId),
      limit,
    );
  }
}
