import { AppError } from '../../platform/errors';
import type { ReplayableResult } from '../../platform/idempotency';
import { RECORD_DECISION_ROUNDS_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { RejectRequest } from '../contract/service-records';
import type { EarningDeps } from '../port';
import { alreadyDecided, canReject, recordView } from '../rules/service-record';

/**
 * Rejects a pending record: one conditional update, no points. Rejecting is idempotent by nature:
 * the same admin rejecting the same record with the same reason gets the same answer again
 * (marked as a replay), so a retried request needs no key. Anything else on a decided record is
 * ALREADY_DECIDED.
 */
export async function rejectServiceRecord(
  deps: Pick<EarningDeps, 'records' | 'now'>,
  principal: Principal,
  recordId: string,
  request: RejectRequest,
): Promise<ReplayableResult> {
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const record = await deps.records.get(recordId);
    if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (
      record.status === 'rejected' &&
      record.decidedBy === principal.userId &&
      record.reason === request.reason
    ) {
      return { status: 200, body: recordView(record), replayed: true };
    }
    if (!canReject(record)) throw alreadyDecided(record);
    const rejected = await deps.records.reject(recordId, {
      by: principal.userId,
      reason: request.reason,
      at: deps.now().toISOString(),
    });
    // undefined: the record changed under us (decided meanwhile); read it again.
    if (rejected !== undefined) return { status: 200, body: recordView(rejected), replayed: false };
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again');
}
