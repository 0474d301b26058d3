import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import type { LedgerStore, TransactItem } from '../../ledger/store/ledger-store';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys, monthShard } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import type { IdempotencyScope, ReplayableResult } from '../../platform/idempotency';
import type { RecordEntry, RecordStatus, ServiceRecord } from '../contract/service-records';
import type { ServiceRecordStore } from '../port';
import { hoursToQuarters } from '../rules/points';
import {
  ALREADY_SPENT,
  type Decision,
  EntryRefused,
  OVER_DAILY_CAP,
  QUARTERS_PER_DAY_MAX,
  RECORD_TRANSITIONS,
  type RecordState,
  type ReversalInProgress,
  recordView,
  SUMMARY_FIELDS,
} from '../rules/service-record';

const SINGLE_CALL_ATTEMPTS = 8;

/**
 * Retries one read or conditional write after throttling, a server fault or a lost answer; a call
 * that keeps failing becomes 503 UNAVAILABLE, which the client may retry with the same key.
 */
export const retrying = <T>(call: () => Promise<T>): Promise<T> =>
  retryCall(call, { attempts: SINGLE_CALL_ATTEMPTS, exhausted: 'unavailable' });

const PROJECTION_NAMES = Object.fromEntries(SUMMARY_FIELDS.map((field, index) => [`#f${index}`, field]));

export interface RecordStoreDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  ledger: LedgerStore;
  now: () => Date;
}

/**
 * What the passbook says of an earning: the activity's name, and its place when it came from the
 * door; an entry entered afterwards (补录) says so first.
 */
export function passbookMemo(record: RecordState, entry: RecordEntry): string {
  const place = record.activity.place === undefined ? '' : ` · ${record.activity.place}`;
  return `${entry.late === true ? '补录 · ' : ''}${record.activity.name}${place}`;
}

/** What an entry's outcome repeats of it: who, how long, how much, and whether it was a 补录. */
const entryBase = (entry: RecordEntry): RecordEntry => ({
  volunteerId: entry.volunteerId,
  hours: entry.hours,
  points: entry.points,
  ...(entry.late === true ? { late: true } : {}),
});

/**
 * Service records in DynamoDB: the record item (keys.serviceRecord) with its status index, and the
 * volunteer's daily-hours items that hold the 24-hour cap. Every status change is one conditional
 * write whose condition is the rule of the same name in rules/service-record.ts.
 */
export class DynamoRecordStore implements ServiceRecordStore {
  constructor(private readonly deps: RecordStoreDeps) {}

  private get table(): string {
    return this.deps.tableName;
  }

  async get(recordId: string): Promise<RecordState | undefined> {
    const result = await retrying(() =>
      this.deps.client.send(
        new GetCommand({ TableName: this.table, Key: keys.serviceRecord(recordId), ConsistentRead: true }),
      ),
    );
    return result.Item as RecordState | undefined;
  }

  findReplay(scope: IdempotencyScope): Promise<ReplayableResult | undefined> {
    return retrying(() => this.deps.ledger.findReplay(scope));
  }

  submit(scope: IdempotencyScope, prepare: (at: string) => Promise<RecordState>): Promise<ReplayableResult> {
    return writeIdempotently(this.deps, {
      idempotency: scope,
      prepare: async (at) => {
        const record = await prepare(at);
        return {
          items: [this.putRecord(record)],
          response: { status: 201, body: recordView(record) },
        };
      },
    });
  }

  /** A new record with its indexes; the record's id is new, so the put must not find one. */
  private putRecord(record: RecordState): TransactItem {
    return {
      Put: {
        TableName: this.table,
        Item: {
          ...keys.serviceRecord(record.id),
          entity: ENTITY.serviceRecord,
          ...record,
          ...keys.serviceRecordIndexes(record.status, record.orgId, record.submittedAt, record.id),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
  }

  /** One status change `transition.from → to` (the rule's condition), with more attributes set. */
  private async moveStatus(
    recordId: string,
    transition: { from: RecordStatus; to: RecordStatus },
    set: Record<string, unknown>,
  ): Promise<RecordState | undefined> {
    const names = Object.keys(set);
    try {
      const updated = await retrying(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.serviceRecord(recordId),
            UpdateExpression: `SET #status = :to, gsi1pk = :index${names.map((name) => `, #${name} = :${name}`).join('')}`,
            ConditionExpression: '#status = :from',
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(names.map((name) => [`#${name}`, name])),
            },
            ExpressionAttributeValues: {
              ':to': transition.to,
              ':from': transition.from,
              ':index': keys.serviceRecordStatusPartition(transition.to),
              ...Object.fromEntries(names.map((name) => [`:${name}`, set[name]])),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return updated.Attributes as RecordState;
    } catch (error) {
      // Someone else decided first, or our own update landed and its answer was lost.
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  startApproval(recordId: string, approval: Decision): Promise<RecordState | undefined> {
    return this.moveStatus(recordId, RECORD_TRANSITIONS.startApproval, {
      approval,
      approvedBy: approval.by,
      approvedAt: approval.at,
      decidedBy: approval.by,
      decidedAt: approval.at,
    });
  }

  reject(
    recordId: string,
    rejection: { by: string; reason: string; at: string },
  ): Promise<RecordState | undefined> {
    return this.moveStatus(recordId, RECORD_TRANSITIONS.reject, {
      reason: rejection.reason,
      decidedBy: rejection.by,
      decidedAt: rejection.at,
    });
  }

  async startReversal(recordId: string, reversal: ReversalInProgress): Promise<boolean> {
    try {
      await retrying(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.serviceRecord(recordId),
            UpdateExpression: 'SET reversal = :reversal',
            // canStartReversal: approved, and no reversal started.
            ConditionExpression: '#status = :approved AND attribute_not_exists(reversal)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':reversal': reversal,
              ':approved': RECORD_TRANSITIONS.startReversal.from,
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

  async creditEntry(
    record: RecordState,
    entry: RecordEntry,
    idempotency: IdempotencyScope,
  ): Promise<RecordEntry> {
    const base = entryBase(entry);
    const date = record.activity.date;
    const capExceeded = (index: number) =>
      index === 0 ? new EntryRefused('CONFLICT', 'over-daily-cap', OVER_DAILY_CAP) : undefined;
    if (entry.points > 0) {
      const result = await this.deps.ledger.postMovement({
        draft: {
          kind: 'earn',
          volunteerId: entry.volunteerId,
          direction: 'credit',
          amount: entry.points,
          counterAccount: SYSTEM_ACCOUNT.issuance,
          ref: `record:${record.id}`,
          actor: record.approvedBy ?? 'unknown',
          memo: passbookMemo(record, entry),
          details: { hours: entry.hours, serviceDate: date, recordId: record.id },
        },
        idempotency,
        respond: (movement) => ({
          status: 200,
          body: { ...base, credited: true, movementId: movement.id } satisfies RecordEntry,
        }),
        extraItems: (movement) => [this.addDailyHours(entry.volunteerId, date, entry.hours, movement.at)],
        explainExtra: capExceeded,
      });
      return result.body as RecordEntry;
    }
    // Too few hours to earn a point at this rate: the hours still count towards the day.
    const result = await writeIdempotently(this.deps, {
      idempotency,
      prepare: async (at) => ({
        items: [this.addDailyHours(entry.volunteerId, date, entry.hours, at)],
        response: { status: 200, body: { ...base, credited: true } satisfies RecordEntry },
      }),
      explain: capExceeded,
    });
    return result.body as RecordEntry;
  }

  async refuseOverCap(
    record: RecordState,
    entry: RecordEntry,
    idempotency: IdempotencyScope,
  ): Promise<RecordEntry> {
    const base = entryBase(entry);
    const refused = await writeIdempotently(this.deps, {
      idempotency,
      prepare: async () => ({
        items: [this.dailyHoursFull(entry.volunteerId, record.activity.date, entry.hours)],
        response: {
          status: 200,
          body: { ...base, points: 0, credited: false, reason: OVER_DAILY_CAP } satisfies RecordEntry,
        },
      }),
      explain: (index) =>
        index === 0 ? new EntryRefused('CONFLICT', 'cap-freed', 'the day has room again') : undefined,
    });
    return refused.body as RecordEntry;
  }

  async debitEntry(
    original: RecordState,
    reversal: ReversalInProgress,
    entry: RecordEntry,
    idempotency: IdempotencyScope,
  ): Promise<RecordEntry> {
    const base = entryBase(entry);
    const date = original.activity.date;
    const hoursMissing = (index: number) =>
      index === 0 ? new EntryRefused('CONFLICT', 'hours-missing', 'the day’s hours are missing') : undefined;
    if (entry.points > 0 && entry.movementId !== undefined) {
      const result = await this.deps.ledger.postMovement({
        draft: {
          kind: 'adjust',
          volunteerId: entry.volunteerId,
          direction: 'debit',
          amount: entry.points,
          counterAccount: SYSTEM_ACCOUNT.issuance,
          ref: `reverses:${original.id}`,
          corrects: entry.movementId,
          actor: reversal.by,
          memo: reversal.reason,
          details: { hours: entry.hours, serviceDate: date, recordId: reversal.recordId },
        },
        idempotency,
        respond: (movement) => ({
          status: 200,
          body: { ...base, reversed: true, movementId: movement.id } satisfies RecordEntry,
        }),
        extraItems: (movement) => [this.removeDailyHours(entry.volunteerId, date, entry.hours, movement.at)],
        explainExtra: hoursMissing,
      });
      return result.body as RecordEntry;
    }
    const result = await writeIdempotently(this.deps, {
      idempotency,
      prepare: async (at) => ({
        items: [this.removeDailyHours(entry.volunteerId, date, entry.hours, at)],
        response: { status: 200, body: { ...base, reversed: true } satisfies RecordEntry },
      }),
      explain: hoursMissing,
    });
    return result.body as RecordEntry;
  }

  async refuseSpent(entry: RecordEntry, idempotency: IdempotencyScope): Promise<RecordEntry> {
    const base = entryBase(entry);
    const refused = await writeIdempotently(this.deps, {
      idempotency,
      prepare: async () => ({
        items: [
          {
            ConditionCheck: {
              TableName: this.table,
              Key: keys.volunteerAccount(entry.volunteerId),
              ConditionExpression: 'balance < :points',
              ExpressionAttributeValues: { ':points': entry.points },
            },
          },
        ],
        response: {
          status: 200,
          body: { ...base, reversed: false, reason: ALREADY_SPENT } satisfies RecordEntry,
        },
      }),
      explain: (index) =>
        index === 0
          ? new EntryRefused('CONFLICT', 'balance-restored', 'the balance suffices again')
          : undefined,
    });
    return refused.body as RecordEntry;
  }

  finishApproval(
    recordId: string,
    scope: IdempotencyScope,
    decide: (at: string) => Promise<{ answer: ServiceRecord } | { approved: RecordState }>,
  ): Promise<ReplayableResult> {
    return writeIdempotently(this.deps, {
      idempotency: scope,
      prepare: async (at) => {
        const decided = await decide(at);
        if ('answer' in decided) return { items: [], response: { status: 200, body: decided.answer } };
        const approved = decided.approved;
        return {
          items: [
            {
              Update: {
                TableName: this.table,
                Key: keys.serviceRecord(recordId),
                UpdateExpression:
                  'SET #status = :approved, gsi1pk = :index, entries = :entries, pointsCredited = :credited, settledAt = :at',
                // canFinishApproval: still approving.
                ConditionExpression: '#status = :approving',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':approved': RECORD_TRANSITIONS.finishApproval.to,
                  ':approving': RECORD_TRANSITIONS.finishApproval.from,
                  ':index': keys.serviceRecordStatusPartition(RECORD_TRANSITIONS.finishApproval.to),
                  ':entries': approved.entries,
                  ':credited': approved.pointsCredited,
                  ':at': at,
                },
              },
            },
          ],
          response: { status: 200, body: recordView(approved) },
        };
      },
      // A concurrent approval finished first: the next round reads the record and answers for it.
      explain: () => 'retry',
    });
  }

  finishReversal(
    recordId: string,
    scope: IdempotencyScope,
    decide: (at: string) => Promise<{ answer: ServiceRecord } | { reversal: RecordState }>,
  ): Promise<ReplayableResult> {
    return writeIdempotently(this.deps, {
      idempotency: scope,
      prepare: async (at) => {
        const decided = await decide(at);
        if ('answer' in decided) return { items: [], response: { status: 201, body: decided.answer } };
        const reversal = decided.reversal;
        return {
          items: [
            this.putRecord(reversal),
            {
              Update: {
                TableName: this.table,
                Key: keys.serviceRecord(recordId),
                UpdateExpression: 'SET reversedBy = :id, reversedAt = :at',
                // canFinishReversal: this reversal, not yet finished.
                ConditionExpression: 'reversal.recordId = :id AND attribute_not_exists(reversedBy)',
                ExpressionAttributeValues: { ':id': reversal.id, ':at': at },
              },
            },
          ],
          response: { status: 201, body: recordView(reversal) },
        };
      },
      explain: () => 'retry',
    });
  }

  async pageByStatus(
    status: RecordStatus,
    after: Pick<RecordState, 'id' | 'submittedAt'> | undefined,
    limit: number,
  ): Promise<{ records: RecordState[]; more: boolean }> {
    const startKey =
      after === undefined
        ? undefined
        : (() => {
            const index = keys.serviceRecordIndexes(status, '', after.submittedAt, after.id);
            return { ...keys.serviceRecord(after.id), gsi1pk: index.gsi1pk, gsi1sk: index.gsi1sk };
          })();
    const result = await retrying(() =>
      this.deps.client.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.serviceRecordStatusPartition(status) },
          ProjectionExpression: [...Object.keys(PROJECTION_NAMES), 'pk', 'sk', 'gsi1sk'].join(', '),
          ExpressionAttributeNames: PROJECTION_NAMES,
          Limit: limit,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      ),
    );
    return { records: (result.Items ?? []) as RecordState[], more: result.LastEvaluatedKey !== undefined };
  }

  /**
   * Adds an entry's hours to the volunteer's day, in quarter hours, only while the day stays within
   * 24 hours across all records (`dayHasRoom`). It also carries the month index attributes, so a
   * month's hours can be read without a scan.
   */
  private addDailyHours(volunteerId: string, date: string, hours: number, at: string): TransactItem {
    const quarters = hoursToQuarters(hours);
    const month = date.slice(0, 7);
    const index = keys.dailyHoursByMonth(month, monthShard(volunteerId), volunteerId, date);
    return {
      Update: {
        TableName: this.table,
        Key: keys.dailyHours(volunteerId, date),
        UpdateExpression:
          'SET entity = :entity, volunteerId = :volunteerId, #date = :date, #month = :month, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, updatedAt = :at ADD quarters :quarters',
        ConditionExpression: 'attribute_not_exists(quarters) OR quarters <= :room',
        ExpressionAttributeNames: { '#date': 'date', '#month': 'month' },
        ExpressionAttributeValues: {
          ':entity': ENTITY.dailyHours,
          ':volunteerId': volunteerId,
          ':date': date,
          ':month': month,
          ':gsi1pk': index.gsi1pk,
          ':gsi1sk': index.gsi1sk,
          ':at': at,
          ':quarters': quarters,
          ':room': QUARTERS_PER_DAY_MAX - quarters,
        },
      },
    };
  }

  /** Confirms, inside a transaction, that the day has no room for these hours (the refusal stands). */
  private dailyHoursFull(volunteerId: string, date: string, hours: number): TransactItem {
    return {
      ConditionCheck: {
        TableName: this.table,
        Key: keys.dailyHours(volunteerId, date),
        ConditionExpression: 'quarters > :room',
        ExpressionAttributeValues: { ':room': QUARTERS_PER_DAY_MAX - hoursToQuarters(hours) },
      },
    };
  }

  /** Gives a reversed entry's hours back to the day. */
  private removeDailyHours(volunteerId: string, date: string, hours: number, at: string): TransactItem {
    const quarters = hoursToQuarters(hours);
    return {
      Update: {
        TableName: this.table,
        Key: keys.dailyHours(volunteerId, date),
        UpdateExpression: 'SET updatedAt = :at ADD quarters :minus',
        ConditionExpression: 'quarters >= :quarters',
        ExpressionAttributeValues: { ':at': at, ':minus': -quarters, ':quarters': quarters },
      },
    };
  }
}
