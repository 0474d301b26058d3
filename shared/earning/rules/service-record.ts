import { createHash } from 'node:crypto';
import { AppError, type ErrorCode } from '../../platform/errors';
import type { RecordEntry, RecordStatus, ServiceRecord } from '../contract/service-records';
import { HOURS_PER_DAY_MAX, hoursToQuarters, QUARTERS_PER_HOUR } from './points';

/**
 * A service record's life, as pure rules. The store's condition expressions enforce the same
 * rules atomically (shared/earning/store/record-store.ts); test/integration/record-rules.test.ts
 * drives both with the same records, so the two cannot drift apart (D1).
 *
 *   pending ──approve──▶ approving ──settle──▶ approved ──reverse──▶ approved + reversedBy
 *      │                                                             (and a new `reversal` record)
 *      └──reject──▶ rejected
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

/** A record as the area keeps it: the public record plus the bookkeeping of its decisions. */
export interface RecordState extends ServiceRecord {
  entryCount: number;
  approval?: Decision;
  reversal?: ReversalInProgress;
  settledAt?: string;
}

/** What a transition needs to know about a record. */
export type RecordFacts = Pick<RecordState, 'status' | 'reversal' | 'reversedBy'>;

/** Each write that moves a record: the status it needs, and the status it leaves. */
export const RECORD_TRANSITIONS = {
  startApproval: { from: 'pending', to: 'approving' },
  finishApproval: { from: 'approving', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
  startReversal: { from: 'approved', to: 'approved' },
} as const satisfies Record<string, { from: RecordStatus; to: RecordStatus }>;

export type RecordTransition = keyof typeof RECORD_TRANSITIONS;

/** Only a pending record can be approved or rejected. */
export const canStartApproval = (record: RecordFacts): boolean =>
  record.status === RECORD_TRANSITIONS.startApproval.from;

export const canReject = (record: RecordFacts): boolean => record.status === RECORD_TRANSITIONS.reject.from;

/** An approval in progress is finished once, with every entry's outcome. */
export const canFinishApproval = (record: RecordFacts): boolean =>
  record.status === RECORD_TRANSITIONS.finishApproval.from;

/** Only an approved record that no reversal has started on can be reversed. */
export const canStartReversal = (record: RecordFacts): boolean =>
  record.status === RECORD_TRANSITIONS.startReversal.from && record.reversal === undefined;

/** A started reversal is finished once, by the reversing record it named. */
export const canFinishReversal = (record: RecordFacts, reversalId: string): boolean =>
  record.reversal?.recordId === reversalId && record.reversedBy === undefined;

/** Whether a transition may happen to a record: the rule the store's condition also enforces. */
export function mayTransition(transition: RecordTransition, record: RecordFacts): boolean {
  switch (transition) {
    case 'startApproval':
      return canStartApproval(record);
    case 'finishApproval':
      return canFinishApproval(record);
    case 'reject':
      return canReject(record);
    case 'startReversal':
      return canStartReversal(record);
  }
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

/** The record as the API shows it: without keys and bookkeeping. */
export function recordView(item: Partial<RecordState>): ServiceRecord {
  const view: Record<string, unknown> = {};
  for (const field of VIEW_FIELDS) if (item[field] !== undefined) view[field] = item[field];
  return view as ServiceRecord;
}

export function summaryView(item: Partial<RecordState>): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const field of SUMMARY_FIELDS) if (item[field] !== undefined) view[field] = item[field];
  return view;
}

/** Idempotency scopes of a record's entries: one marker per volunteer per approval or reversal. */
export const approvalScope = (recordId: string): string => `record:${recordId}`;
export const reversalScope = (recordId: string): string => `reverse:${recordId}`;

export const entryFingerprint = (purpose: string, recordId: string, entry: RecordEntry): string =>
  createHash('sha256')
    .update(`${purpose}\n${recordId}\n${entry.volunteerId}\n${entry.hours}\n${entry.points}`)
    .digest('hex');

/** Sums hours through quarters, so 0.25 + 0.5 + … never drifts. */
export const totalHours = (entries: readonly { hours: number }[]): number =>
  entries.reduce((sum, entry) => sum + hoursToQuarters(entry.hours), 0) / QUARTERS_PER_HOUR;

/** The most quarter hours one volunteer may be credited for on one day, over all records. */
export const QUARTERS_PER_DAY_MAX = HOURS_PER_DAY_MAX * QUARTERS_PER_HOUR;

/** Whether a day that already holds `quarters` has room for `hours` more (the daily-hours condition). */
export const dayHasRoom = (quarters: number | undefined, hours: number): boolean =>
  (quarters ?? 0) <= QUARTERS_PER_DAY_MAX - hoursToQuarters(hours);

export const OVER_DAILY_CAP = 'over 24 hours that day';
export const ALREADY_SPENT = 'the volunteer has already spent these points';

/** An entry's transaction was refused for a reason the record reports instead of failing on. */
export class EntryRefused extends AppError {
  constructor(
    code: ErrorCode,
    readonly why: 'over-daily-cap' | 'cap-freed' | 'balance-restored' | 'hours-missing',
    detail: string,
  ) {
    super(code, detail);
  }
}

export const alreadyDecided = (record: RecordFacts): AppError =>
  new AppError('ALREADY_DECIDED', `This record is already ${record.status}`, {
    extra: { status: record.status },
  });

/** Why a record cannot be reversed, in the words the API answers with. */
export function refuseToReverse(record: RecordFacts): AppError {
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
