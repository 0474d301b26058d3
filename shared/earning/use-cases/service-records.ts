import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import type { IdempotentWriteDeps } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys, monthShard } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError, type ErrorCode } from '../../platform/errors';
import type { Runtime } from '../../platform/runtime';
import type { RecordEntry, RecordStatus, ServiceRecord } from '../contract/service-records';
import { HOURS_PER_DAY_MAX, hoursToQuarters, QUARTERS_PER_HOUR } from '../rules/points';

/**
 * What the service-record use cases share: the stored item and its public view, bounded retries
 * for single reads and writes, a bounded worker pool for settling entries, and the daily-hours
 * items that enforce the 24-hour cap inside each entry's transaction.
 */

/** The approval (or reversal) in progress: who started it, when, and with which key. */
export interface Decision {
  by: string;
  at: string;
  scope: string;
  key: string;
}

export interface ReversalInProgress extends Decision {
  /** The id the reversing record will have; fixed when the reversal starts, so resumes agree. */
  recordId: string;
  reason: string;
}

export interface RecordItem extends ServiceRecord {
  pk: string;
  sk: string;
  entity: string;
  entryCount: number;
  approval?: Decision;
  reversal?: ReversalInProgress;
  settledAt?: string;
}

const VIEW_FIELDS = [
  'id',
  'status',
  'activity',
  'orgId',
  'entries',
  'rule',
  'hours',
  'points',
  'submittedBy',
  'submittedAt',
  'approvedBy',
  'approvedAt',
  'pointsCredited',
  'decidedBy',
  'decidedAt',
  'reason',
  'reverses',
  'reversedBy',
  'reversedAt',
] as const satisfies readonly (keyof ServiceRecord)[];

/** The fields a list shows: everything but the entries, which can be 500 lines long. */
export const SUMMARY_FIELDS = [...VIEW_FIELDS.filter((field) => field !== 'entries'), 'entryCount'] as const;

/** The record as the API shows it: the stored item without keys and bookkeeping. */
export function recordView(item: Partial<RecordItem>): ServiceRecord {
  const view: Record<string, unknown> = {};
  for (const field of VIEW_FIELDS) if (item[field] !== undefined) view[field] = item[field];
  return view as ServiceRecord;
}

export function summaryView(item: Partial<RecordItem>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (item[field] !== undefined) view[field] = item[field];
  return view;
}

/** Idempotency scopes of a record's entries: one marker per volunteer per approval or reversal. */
export const approvalScope = (recordId: string): string => `record:${recordId}`;
export const reversalScope = (recordId: string): string => `reverse:${recordId}`;

/** The status index partition of a record: the queue it shows in. */
export const statusIndex = (status: RecordStatus): string => keys.serviceRecordStatusPartition(status);

export const entryFingerprint = (purpose: string, recordId: string, entry: RecordEntry): string =>
  createHash('sha256')
    .update(`${purpose}\n${recordId}\n${entry.volunteerId}\n${entry.hours}\n${entry.points}`)
    .digest('hex');

const SINGLE_CALL_ATTEMPTS = 8;

/**
 * Retries one read or conditional write after throttling, a server fault or a lost answer; a call
 * that keeps failing becomes 503 UNAVAILABLE, which the client may retry with the same key.
 */
export const retrying = <T>(call: () => Promise<T>): Promise<T> =>
  retryCall(call, { attempts: SINGLE_CALL_ATTEMPTS, exhausted: 'unavailable' });

export async function getRecordItem(runtime: Runtime, recordId: string): Promise<RecordItem | undefined> {
  const result = await retrying(() =>
    runtime.client.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.serviceRecord(recordId),
        ConsistentRead: true,
      }),
    ),
  );
  return result.Item as RecordItem | undefined;
}

export const writeDeps = (runtime: Runtime): IdempotentWriteDeps => ({
  client: runtime.client,
  tableName: runtime.tableName,
  now: runtime.now,
});

/** An entry's transaction was refused for a reason the record reports instead of failing on. */
/** Rounds of apply-or-record-refusal for one entry before the request is answered as busy. */
const SETTLE_ROUNDS_MAX = 6;

/**
 * Settles one entry of a record: `apply` (its movement and its day's hours), or, when that is
 * refused for the entry's own reason (`refused`), `recordRefusal`, whose write holds only while the
 * reason still does. When the reason has gone meanwhile (`reasonGone`), `apply` is tried again.
 */
export async function settleEntry(steps: {
  apply: () => Promise<RecordEntry>;
  refused: (error: unknown) => boolean;
  recordRefusal: () => Promise<RecordEntry>;
  reasonGone: (error: unknown) => boolean;
}): Promise<RecordEntry> {
  for (let round = 0; round < SETTLE_ROUNDS_MAX; round += 1) {
    try {
      return await steps.apply();
    } catch (error) {
      if (!steps.refused(error)) throw error;
    }
    try {
      return await steps.recordRefusal();
    } catch (error) {
      if (!steps.reasonGone(error)) throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
}

export class EntryRefused extends AppError {
  constructor(
    code: ErrorCode,
    readonly why: 'over-daily-cap' | 'cap-freed' | 'balance-restored' | 'hours-missing',
    detail: string,
  ) {
    super(code, detail);
  }
}

const QUARTERS_PER_DAY_MAX = HOURS_PER_DAY_MAX * QUARTERS_PER_HOUR;

export const OVER_DAILY_CAP = 'over 24 hours that day';

/**
 * Adds an entry's hours to the volunteer's day, in quarter hours, only while the day stays within
 * 24 hours across all records. It also carries the month index attributes, so a month's hours
 * can be read without a scan.
 */
export function addDailyHours(
  runtime: Runtime,
  volunteerId: string,
  date: string,
  hours: number,
  at: string,
): TransactItem {
  const quarters = hoursToQuarters(hours);
  const month = date.slice(0, 7);
  return {
    Update: {
      TableName: runtime.tableName,
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
        ...prefixed(keys.dailyHoursByMonth(month, monthShard(volunteerId), volunteerId, date)),
        ':at': at,
        ':quarters': quarters,
        ':room': QUARTERS_PER_DAY_MAX - quarters,
      },
    },
  };
}

/** Confirms, inside a transaction, that the day has no room for these hours (the refusal stands). */
export function dailyHoursFull(
  runtime: Runtime,
  volunteerId: string,
  date: string,
  hours: number,
): TransactItem {
  const quarters = hoursToQuarters(hours);
  return {
    ConditionCheck: {
      TableName: runtime.tableName,
      Key: keys.dailyHours(volunteerId, date),
      ConditionExpression: 'quarters > :room',
      ExpressionAttributeValues: { ':room': QUARTERS_PER_DAY_MAX - quarters },
    },
  };
}

/** Gives a reversed entry's hours back to the day. */
export function removeDailyHours(
  runtime: Runtime,
  volunteerId: string,
  date: string,
  hours: number,
  at: string,
): TransactItem {
  const quarters = hoursToQuarters(hours);
  return {
    Update: {
      TableName: runtime.tableName,
      Key: keys.dailyHours(volunteerId, date),
      UpdateExpression: 'SET updatedAt = :at ADD quarters :minus',
      ConditionExpression: 'quarters >= :quarters',
      ExpressionAttributeValues: { ':at': at, ':minus': -quarters, ':quarters': quarters },
    },
  };
}

function prefixed(index: { gsi1pk: string; gsi1sk: string }) {
  return { ':gsi1pk': index.gsi1pk, ':gsi1sk': index.gsi1sk };
}

/** Sums hours through quarters, so 0.25 + 0.5 + … never drifts. */
export const totalHours = (entries: readonly { hours: number }[]): number =>
  entries.reduce((sum, entry) => sum + hoursToQuarters(entry.hours), 0) / QUARTERS_PER_HOUR;
