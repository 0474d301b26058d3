import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import { mapBounded } from '../../platform/bounded';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/dynamo/idempotency';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { RECORD_DECISION_ROUNDS_MAX, RECORD_SETTLE_CONCURRENCY } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { RecordEntry } from '../contract/service-records';
import {
  addDailyHours,
  approvalScope,
  dailyHoursFull,
  EntryRefused,
  entryFingerprint,
  getRecordItem,
  OVER_DAILY_CAP,
  type RecordItem,
  recordView,
  retrying,
  settleEntry,
  statusIndex,
  writeDeps,
} from './service-records';

/**
 * Approval credits each entry's points exactly once, in three durable steps:
 *
 * 1. The record goes pending → approving (a conditional update recording who approved, when, and
 *    with which key). From here the decision is taken; a reject can no longer happen.
 * 2. Each entry is settled in its own transaction, keyed by (record, volunteer): either the credit
 *    (the movement, the volunteer's balance and the day's hours under the 24-hour cap), or, when
 *    the day is full, a durable refusal. Whichever commits first is the entry's outcome for ever,
 *    so a crash, a retry or a concurrent approval can neither credit twice nor disagree.
 * 3. The record goes approving → approved with every entry's outcome, in the same transaction as
 *    this request's idempotency marker.
 *
 * A repeat with the same key replays the answer. Any approve call that finds the record approving
 * (a crashed or concurrent approval) resumes it; one that finds it decided is refused.
 */
export async function approveServiceRecord(
  runtime: Runtime,
  principal: Principal,
  recordId: string,
  idempotency: { key: string; fingerprint: string },
): Promise<ReplayableResult> {
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const replay = await retrying(() => runtime.ledger.findReplay(scope));
  if (replay !== undefined) return replay;

  const record = await startApproval(runtime, principal, recordId, scope);
  const outcomes =
    record.status === 'approving'
      ? await mapBounded(record.entries, RECORD_SETTLE_CONCURRENCY, (entry) =>
          creditEntry(runtime, record, entry),
        )
      : record.entries;
  return finishApproval(runtime, recordId, outcomes, scope);
}

const ownDecision = (record: RecordItem, scope: IdempotencyScope): boolean =>
  record.approval?.scope === scope.scope && record.approval.key === scope.key;

const alreadyDecided = (record: RecordItem) =>
  new AppError('ALREADY_DECIDED', `This record is already ${record.status}`, {
    extra: { status: record.status },
  });

async function startApproval(
  runtime: Runtime,
  principal: Principal,
  recordId: string,
  scope: IdempotencyScope,
): Promise<RecordItem> {
  // Each round either returns or sees the record change under it; a few rounds always settle.
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const record = await getRecordItem(runtime, recordId);
    if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (record.status === 'approving') return record;
    if (record.status === 'approved' && ownDecision(record, scope)) return record;
    if (record.status !== 'pending') throw alreadyDecided(record);
    const at = runtime.now().toISOString();
    try {
      const updated = await retrying(() =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.serviceRecord(recordId),
            UpdateExpression:
              'SET #status = :approving, gsi1pk = :index, approval = :approval, approvedBy = :by, approvedAt = :at, decidedBy = :by, decidedAt = :at',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':approving': 'approving',
              ':pending': 'pending',
              ':index': statusIndex('approving'),
              ':approval': { by: principal.userId, at, scope: scope.scope, key: scope.key },
              ':by': principal.userId,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return updated.Attributes as RecordItem;
    } catch (error) {
      // Someone else decided first, or our own update landed and its answer was lost: read again.
      if (error instanceof ConditionalCheckFailedException) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again with the same Idempotency-Key');
}

/** One entry's outcome, decided once: credited, or refused for a reason that is recorded. */
function creditEntry(runtime: Runtime, record: RecordItem, entry: RecordEntry): Promise<RecordEntry> {
  const base = { volunteerId: entry.volunteerId, hours: entry.hours, points: entry.points };
  const idempotency: IdempotencyScope = {
    scope: approvalScope(record.id),
    key: entry.volunteerId,
    fingerprint: entryFingerprint('approve', record.id, entry),
  };
  const date = record.activity.date;
  const capExceeded = (index: number) =>
    index === 0 ? new EntryRefused('CONFLICT', 'over-daily-cap', OVER_DAILY_CAP) : undefined;
  return settleEntry({
    apply: async () => {
      if (entry.points > 0) {
        const result = await runtime.ledger.postMovement({
          draft: {
            kind: 'earn',
            volunteerId: entry.volunteerId,
            direction: 'credit',
            amount: entry.points,
            counterAccount: SYSTEM_ACCOUNT.issuance,
            ref: `record:${record.id}`,
            actor: record.approvedBy ?? 'unknown',
            memo: record.activity.name,
            details: { hours: entry.hours, recordId: record.id },
          },
          idempotency,
          respond: (movement) => ({
            status: 200,
            body: { ...base, credited: true, movementId: movement.id } satisfies RecordEntry,
          }),
          extraItems: (movement) => [
            addDailyHours(runtime, entry.volunteerId, date, entry.hours, movement.at),
          ],
          explainExtra: capExceeded,
        });
        return result.body as RecordEntry;
      }
      // Too few hours to earn a point at this rate: the hours still count towards the day.
      const result = await writeIdempotently(writeDeps(runtime), {
        idempotency,
        prepare: async (at) => ({
          items: [addDailyHours(runtime, entry.volunteerId, date, entry.hours, at)],
          response: { status: 200, body: { ...base, credited: true } satisfies RecordEntry },
        }),
        explain: capExceeded,
      });
      return result.body as RecordEntry;
    },
    refused: (error) => error instanceof EntryRefused,
    // The day is full. Record the refusal, but only while the day is still full: if hours were
    // given back meanwhile (a reversal), the check fails and the credit is tried again.
    recordRefusal: async () => {
      const refused = await writeIdempotently(writeDeps(runtime), {
        idempotency,
        prepare: async () => ({
          items: [dailyHoursFull(runtime, entry.volunteerId, date, entry.hours)],
          response: {
            status: 200,
            body: { ...base, points: 0, credited: false, reason: OVER_DAILY_CAP } satisfies RecordEntry,
          },
        }),
        explain: (index) =>
          index === 0 ? new EntryRefused('CONFLICT', 'cap-freed', 'the day has room again') : undefined,
      });
      return refused.body as RecordEntry;
    },
    reasonGone: (error) => error instanceof EntryRefused,
  });
}

async function finishApproval(
  runtime: Runtime,
  recordId: string,
  outcomes: readonly RecordEntry[],
  scope: IdempotencyScope,
): Promise<ReplayableResult> {
  return writeIdempotently(writeDeps(runtime), {
    idempotency: scope,
    prepare: async (at) => {
      const record = await getRecordItem(runtime, recordId);
      if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
      if (record.status === 'approved' && ownDecision(record, scope)) {
        return { items: [], response: { status: 200, body: recordView(record) } };
      }
      if (record.status !== 'approving') throw alreadyDecided(record);
      const pointsCredited = outcomes.reduce((sum, entry) => sum + (entry.credited ? entry.points : 0), 0);
      const approved: RecordItem = {
        ...record,
        status: 'approved',
        entries: [...outcomes],
        pointsCredited,
        settledAt: at,
      };
      return {
        items: [
          {
            Update: {
              TableName: runtime.tableName,
              Key: keys.serviceRecord(recordId),
              UpdateExpression:
                'SET #status = :approved, gsi1pk = :index, entries = :entries, pointsCredited = :credited, settledAt = :at',
              ConditionExpression: '#status = :approving',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':approved': 'approved',
                ':approving': 'approving',
                ':index': statusIndex('approved'),
                ':entries': outcomes,
                ':credited': pointsCredited,
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
