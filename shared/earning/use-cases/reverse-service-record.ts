import { randomUUID } from 'node:crypto';
import { mapBounded } from '../../platform/bounded';
import { AppError, isAppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { RECORD_DECISION_ROUNDS_MAX, RECORD_SETTLE_CONCURRENCY } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { RecordEntry, ReverseRequest } from '../contract/service-records';
import type { EarningDeps } from '../port';
import {
  canFinishReversal,
  canStartReversal,
  EntryRefused,
  entryFingerprint,
  type RecordState,
  type ReversalInProgress,
  recordView,
  refuseToReverse,
  reversalScope,
  totalHours,
} from '../rules/service-record';
import { settleEntry } from './settle-entry';

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
  deps: Pick<EarningDeps, 'records' | 'now'>,
  principal: Principal,
  recordId: string,
  request: ReverseRequest,
  idempotency: { key: string; fingerprint: string },
): Promise<ReplayableResult> {
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const replay = await deps.records.findReplay(scope);
  if (replay !== undefined) return replay;

  const { original, reversal } = await startReversal(deps, principal, recordId, request, scope);
  const credited = original.entries.filter((entry) => entry.credited === true);
  const outcomes =
    original.reversedBy === undefined
      ? await mapBounded(credited, RECORD_SETTLE_CONCURRENCY, (entry) =>
          debitEntry(deps, original, reversal, entry),
        )
      : [];
  return finishReversal(deps, recordId, outcomes, scope);
}

const ownReversal = (record: RecordState, scope: IdempotencyScope): boolean =>
  record.reversal?.scope === scope.scope && record.reversal.key === scope.key;

async function startReversal(
  deps: Pick<EarningDeps, 'records' | 'now'>,
  principal: Principal,
  recordId: string,
  request: ReverseRequest,
  scope: IdempotencyScope,
): Promise<{ original: RecordState; reversal: ReversalInProgress }> {
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const original = await deps.records.get(recordId);
    if (original === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (original.status !== 'approved') throw refuseToReverse(original);
    if (original.reversal !== undefined) {
      // In progress (resume it) or done by this very request (answer it); else it is decided.
      if (original.reversedBy === undefined || ownReversal(original, scope)) {
        return { original, reversal: original.reversal };
      }
      throw refuseToReverse(original);
    }
    if (!canStartReversal(original)) throw refuseToReverse(original);
    const reversal: ReversalInProgress = {
      recordId: randomUUID(),
      by: principal.userId,
      at: deps.now().toISOString(),
      reason: request.reason,
      scope: scope.scope,
      key: scope.key,
    };
    if (await deps.records.startReversal(recordId, reversal)) {
      return { original: { ...original, reversal }, reversal };
    }
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again with the same Idempotency-Key');
}

/** One credited entry taken back once: debited, or refused (already spent) for a recorded reason. */
function debitEntry(
  deps: Pick<EarningDeps, 'records'>,
  original: RecordState,
  reversal: ReversalInProgress,
  entry: RecordEntry,
): Promise<RecordEntry> {
  const idempotency: IdempotencyScope = {
    scope: reversalScope(original.id),
    key: entry.volunteerId,
    fingerprint: entryFingerprint('reverse', original.id, entry),
  };
  return settleEntry({
    apply: () => deps.records.debitEntry(original, reversal, entry, idempotency),
    refused: (error) => isAppError(error) && error.code === 'INSUFFICIENT_POINTS',
    // Spent already. Record that, but only while the balance is still too low.
    recordRefusal: () => deps.records.refuseSpent(entry, idempotency),
    reasonGone: (error) => error instanceof EntryRefused && error.why === 'balance-restored',
  });
}

function finishReversal(
  deps: Pick<EarningDeps, 'records'>,
  recordId: string,
  outcomes: readonly RecordEntry[],
  scope: IdempotencyScope,
): Promise<ReplayableResult> {
  return deps.records.finishReversal(recordId, scope, async (at) => {
    const original = await deps.records.get(recordId);
    if (original === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    const reversal = original.reversal;
    if (reversal === undefined) throw refuseToReverse(original);
    if (original.reversedBy !== undefined) {
      if (!ownReversal(original, scope)) throw refuseToReverse(original);
      const done = await deps.records.get(original.reversedBy);
      if (done === undefined) throw new AppError('NOT_FOUND', 'The reversal is missing');
      return { answer: recordView(done) };
    }
    if (!canFinishReversal(original, reversal.recordId)) throw refuseToReverse(original);
    const reversed = outcomes.filter((entry) => entry.reversed === true);
    return {
      reversal: {
        id: reversal.recordId,
        status: 'reversal',
        activity: original.activity,
        orgId: original.orgId,
        entries: [...outcomes],
        entryCount: outcomes.length,
        rule: original.rule,
        hours: totalHours(reversed),
        points: reversed.reduce((sum, entry) => sum + entry.points, 0),
        submittedBy: reversal.by,
        submittedAt: reversal.at,
        decidedBy: reversal.by,
        decidedAt: at,
        reason: reversal.reason,
        reverses: original.id,
      },
    };
  });
}
