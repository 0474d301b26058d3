import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplayableResult } from '../../platform/dynamo/idempotency';
import { keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { RECORD_DECISION_ROUNDS_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { RejectRequest } from '../contract/service-records';
import { getRecordItem, type RecordItem, recordView, retrying, statusIndex } from './service-records';

/**
 * Rejects a pending record: one conditional update, no points. Rejecting is idempotent by nature:
 * the same admin rejecting the same record with the same reason gets the same answer again
 * (marked as a replay), so a retried request needs no key. Anything else on a decided record is
 * ALREADY_DECIDED.
 */
export async function rejectServiceRecord(
  runtime: Runtime,
  principal: Principal,
  recordId: string,
  request: RejectRequest,
): Promise<ReplayableResult> {
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const record = await getRecordItem(runtime, recordId);
    if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (
      record.status === 'rejected' &&
      record.decidedBy === principal.userId &&
      record.reason === request.reason
    ) {
      return { status: 200, body: recordView(record), replayed: true };
    }
    if (record.status !== 'pending') {
      throw new AppError('ALREADY_DECIDED', `This record is already ${record.status}`, {
        extra: { status: record.status },
      });
    }
    const at = runtime.now().toISOString();
    try {
      const updated = await retrying(() =>
        runtime.client.send(
          new UpdateCommand({
            TableName: runtime.tableName,
            Key: keys.serviceRecord(recordId),
            UpdateExpression:
              'SET #status = :rejected, gsi1pk = :index, reason = :reason, decidedBy = :by, decidedAt = :at',
            ConditionExpression: '#status = :pending',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':rejected': 'rejected',
              ':pending': 'pending',
              ':index': statusIndex('rejected'),
              ':reason': request.reason,
              ':by': principal.userId,
              ':at': at,
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return { status: 200, body: recordView(updated.Attributes as RecordItem), replayed: false };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again');
}
