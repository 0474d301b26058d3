import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import { mapBounded } from '../../platform/bounded';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/dynamo/idempotency';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { AppError, isAppError } from '../../platform/errors';
import { RECORD_DECISION_ROUNDS_MAX, RECORD_SETTLE_CONCURRENCY } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { RecordEntry, ReverseRequest } from '../contract/service-records';
import {
  EntryRefused,
  entryFingerprint,
  getRecordItem,
  type RecordItem,
  type ReversalInProgress,
  recordView,
  removeDailyHours,
  retrying,
  reversalScope,
  settleEntry,
  totalHours,
  writeDeps,
} from './service-records';

export const ALREADY_SPENT = 'the volunteer has already spent these points';

/**
 * Corrects an approved record without editing it: a new record, status `reversal`, takes back
 * each credited entry with an `adjust` debit that points at the movement it corrects, and gives
 * the day's hours back. A volunteer who has already spent the points keeps them: that entry is
 * reported as not reversed (the balance never goes below zero), and the office settles it by hand.
 *
 * The same three durable steps as approval: the original is marked as being reversed (with the id
 * its reversal will have), each entry is settled once under its own key (debited, or refused while
 * the balance is too low), then the reversing record is written and the original marked
 * `reversedBy`, with this request's idempotency marker, in one transaction.
 */
export async function reverseServiceRecord(
  runtime: Runtime,
  principal: Principal,
  recordId: string,
  request: ReverseRequest,
  idempotency: { key: string; fingerprint: string },
): Promise<ReplayableResult> {
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const replay = await retrying(() => runtime.ledger.findReplay(scope));
  if (replay !== undefined) return replay;

  const { original, reversal } = await startReversal(runtime, principal, recordId, request, scope);
  const credited = original.entries.filter((entry) => entry.credited === true);
  const outcomes =
    original.reversedBy === undefined
      ? await mapBounded(credited, RECORD_SETTLE_CONCURRENCY, (entry) =>
          debitEntry(runtime, original, reversal, entry),
        )
      : [];
  return finishReversal(runtime, recordId, outcomes, scope);
}

const ownReversal = (record: RecordItem, scope: IdempotencyScope): boolean =>
  record.reversal?.scope === scope.scope && record.reversal.key === scope.key;

function refuseToReverse(record: RecordItem): AppError {
  if (record.reversedBy !== undefined) {
    return new AppError('ALREADY_DECIDED', 'This record was already reversed', {
      extra: { reversedBy: record.reversedBy },
    });
  }
  if (record.status === 'rejected') {
    return new AppError('ALREADY_DECIDED', 'This record was rejected; there is nothing to reverse');
  }
  if (record.status === 'reversal') return new AppError('CONFLICT', 'A reversal cannot itself be reversed');
  return new AppError('CONFLICT', `Only an approved record can be reversed; this one is ${record.status}`, {
    extra: { status: record.status },
  });
}

async function startReversal(
  runtime: Runtime,
  principal: Principal,
  recordId: string,
  request: ReverseRequest,
  scope: IdempotencyScope,
): Promise<{ original: RecordItem; reversal: ReversalInProgress }> {
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const original = await getRecordItem(runtime, recordId);
    if (original === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (original.status !== 'approved') throw refuseToReverse(original);
    if (original.reversal !== undefined) {
      // In progress (resume it) or done by this very request (answer it); else it is decided.
      if (original.reversedBy === undefined || ownReversal(original, scope)) {
        return { original, reversal: original.reversal };
      }
      throw refuseToReverse(original);
    }
    const reversal: ReversalInProgress = {
      recordId: randomUUID(),
      by: principal.userId,
      at: runtime.now().toISOString(),
      reason: request.reason,
      scope: scope.scope,
      key: scope.key,
    };
    try {
      await retrying(() =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.serviceRecord(recordId),
            UpdateExpression: 'SET reversal = :reversal',
            ConditionExpression: '#status = :approved AND attribute_not_exists(reversal)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':reversal': reversal, ':approved': 'approved' },
          }),
        ),
      );
      return { original: { ...original, reversal }, reversal };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again with the same Idempotency-Key');
}

function debitEntry(
  runtime: Runtime,
  original: RecordItem,
  reversal: ReversalInProgress,
  entry: RecordEntry,
): Promise<RecordEntry> {
  const base = { volunteerId: entry.volunteerId, hours: entry.hours, points: entry.points };
  const idempotency: IdempotencyScope = {
    scope: reversalScope(original.id),
    key: entry.volunteerId,
    fingerprint: entryFingerprint('reverse', original.id, entry),
  };
  const date = original.activity.date;
  const hoursMissing = (index: number) =>
    index === 0 ? new EntryRefused('CONFLICT', 'hours-missing', 'the day’s hours are missing') : undefined;
  return settleEntry({
    apply: async () => {
      if (entry.points > 0 && entry.movementId !== undefined) {
        const result = await runtime.ledger.postMovement({
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
            details: { hours: entry.hours, recordId: reversal.recordId },
          },
          idempotency,
          respond: (movement) => ({
            status: 200,
            body: { ...base, reversed: true, movementId: movement.id } satisfies RecordEntry,
          }),
          extraItems: (movement) => [
            removeDailyHours(runtime, entry.volunteerId, date, entry.hours, movement.at),
          ],
          explainExtra: hoursMissing,
        });
        return result.body as RecordEntry;
      }
      const result = await writeIdempotently(writeDeps(runtime), {
        idempotency,
        prepare: async (at) => ({
          items: [removeDailyHours(runtime, entry.volunteerId, date, entry.hours, at)],
          response: { status: 200, body: { ...base, reversed: true } satisfies RecordEntry },
        }),
        explain: hoursMissing,
      });
      return result.body as RecordEntry;
    },
    refused: (error) => isAppError(error) && error.code === 'INSUFFICIENT_POINTS',
    // Spent already. Record that, but only while the balance is still too low.
    recordRefusal: async () => {
      const refused = await writeIdempotently(writeDeps(runtime), {
        idempotency,
        prepare: async () => ({
          items: [
            {
              ConditionCheck: {
                TableName: runtime.tableName,
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
    },
    reasonGone: (error) => error instanceof EntryRefused && error.why === 'balance-restored',
  });
}

async function finishReversal(
  runtime: Runtime,
  recordId: string,
  outcomes: readonly RecordEntry[],
  scope: IdempotencyScope,
): Promise<ReplayableResult> {
  return writeIdempotently(writeDeps(runtime), {
    idempotency: scope,
    prepare: async (at) => {
      const original = await getRecordItem(runtime, recordId);
      if (original === undefined) throw new AppError('NOT_FOUND', 'No such service record');
      const reversal = original.reversal;
      if (reversal === undefined) throw refuseToReverse(original);
      if (original.reversedBy !== undefined) {
        if (!ownReversal(original, scope)) throw refuseToReverse(original);
        const done = await getRecordItem(runtime, original.reversedBy);
        if (done === undefined) throw new AppError('NOT_FOUND', 'The reversal is missing');
        return { items: [], response: { status: 201, body: recordView(done) } };
      }
      const record: RecordItem = {
        ...keys.serviceRecord(reversal.recordId),
        entity: ENTITY.serviceRecord,
        id: reversal.recordId,
        status: 'reversal',
        activity: original.activity,
        orgId: original.orgId,
        entries: [...outcomes],
        entryCount: outcomes.length,
        rule: original.rule,
        hours: totalHours(outcomes.filter((entry) => entry.reversed === true)),
        points: outcomes.reduce((sum, entry) => sum + (entry.reversed === true ? entry.points : 0), 0),
        submittedBy: reversal.by,
        submittedAt: reversal.at,
        decidedBy: reversal.by,
        decidedAt: at,
        reason: reversal.reason,
        reverses: original.id,
      };
      return {
        items: [
          {
            Put: {
              TableName: runtime.tableName,
              Item: {
                ...record,
                ...keys.serviceRecordIndexes('reversal', record.orgId, record.submittedAt, record.id),
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: runtime.tableName,
              Key: keys.serviceRecord(recordId),
              UpdateExpression: 'SET reversedBy = :id, reversedAt = :at',
              ConditionExpression: 'reversal.recordId = :id AND attribute_not_exists(reversedBy)',
              ExpressionAttributeValues: { ':id': reversal.recordId, ':at': at },
            },
          },
        ],
        response: { status: 201, body: recordView(record) },
      };
    },
    explain: () => 'retry',
  });
}
