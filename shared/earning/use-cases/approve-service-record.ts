import { mapBounded } from '../../platform/bounded';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { RECORD_DECISION_ROUNDS_MAX, RECORD_SETTLE_CONCURRENCY } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { RecordEntry } from '../contract/service-records';
import type { EarningDeps } from '../port';
import {
  alreadyDecided,
  approvalScope,
  canFinishApproval,
  canStartApproval,
  EntryRefused,
  entryFingerprint,
  type RecordState,
  recordView,
} from '../rules/service-record';
import { settleEntry } from './settle-entry';

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
  deps: Pick<EarningDeps, 'records' | 'now'>,
  principal: Principal,
  recordId: string,
  idempotency: { key: string; fingerprint: string },
): Promise<ReplayableResult> {
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const replay = await deps.records.findReplay(scope);
  if (replay !== undefined) return replay;

  const record = await startApproval(deps, principal, recordId, scope);
  const outcomes =
    record.status === 'approving'
      ? await mapBounded(record.entries, RECORD_SETTLE_CONCURRENCY, (entry) =>
          creditEntry(deps, record, entry),
        )
      : record.entries;
  return finishApproval(deps, recordId, outcomes, scope);
}

const ownDecision = (record: RecordState, scope: IdempotencyScope): boolean =>
  record.approval?.scope === scope.scope && record.approval.key === scope.key;

async function startApproval(
  deps: Pick<EarningDeps, 'records' | 'now'>,
  principal: Principal,
  recordId: string,
  scope: IdempotencyScope,
): Promise<RecordState> {
  // Each round either returns or sees the record change under it; a few rounds always settle.
  for (let round = 0; round < RECORD_DECISION_ROUNDS_MAX; round += 1) {
    const record = await deps.records.get(recordId);
    if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (record.status === 'approving') return record;
    if (record.status === 'approved' && ownDecision(record, scope)) return record;
    if (!canStartApproval(record)) throw alreadyDecided(record);
    const approving = await deps.records.startApproval(recordId, {
      by: principal.userId,
      at: deps.now().toISOString(),
      scope: scope.scope,
      key: scope.key,
    });
    // undefined: someone else decided first, or our own update landed and its answer was lost.
    if (approving !== undefined) return approving;
  }
  throw new AppError('UNAVAILABLE', 'The record keeps changing; try again with the same Idempotency-Key');
}

/** One entry's outcome, decided once: credited, or refused (the day is full) for a recorded reason. */
function creditEntry(
  deps: Pick<EarningDeps, 'records'>,
  record: RecordState,
  entry: RecordEntry,
): Promise<RecordEntry> {
  const idempotency: IdempotencyScope = {
    scope: approvalScope(record.id),
    key: entry.volunteerId,
    fingerprint: entryFingerprint('approve', record.id, entry),
  };
  return settleEntry({
    apply: () => deps.records.creditEntry(record, entry, idempotency),
    refused: (error) => error instanceof EntryRefused,
    // The day is full. Record the refusal, but only while the day is still full: if hours were
    // given back meanwhile (a reversal), the check fails and the credit is tried again.
    recordRefusal: () => deps.records.refuseOverCap(record, entry, idempotency),
    reasonGone: (error) => error instanceof EntryRefused,
  });
}

function finishApproval(
  deps: Pick<EarningDeps, 'records'>,
  recordId: string,
  outcomes: readonly RecordEntry[],
  scope: IdempotencyScope,
): Promise<ReplayableResult> {
  return deps.records.finishApproval(recordId, scope, async (at) => {
    const record = await deps.records.get(recordId);
    if (record === undefined) throw new AppError('NOT_FOUND', 'No such service record');
    if (record.status === 'approved' && ownDecision(record, scope)) return { answer: recordView(record) };
    if (!canFinishApproval(record)) throw alreadyDecided(record);
    const pointsCredited = outcomes.reduce((sum, entry) => sum + (entry.credited ? entry.points : 0), 0);
    return {
      approved: { ...record, status: 'approved', entries: [...outcomes], pointsCredited, settledAt: at },
    };
  });
}
