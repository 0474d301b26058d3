import type { OrgTree } from '../people/rules/org-tree';
import type { IdempotencyScope, ReplayableResult } from '../platform/idempotency';
import type { SigningKeys } from '../platform/signed-token';
import type { RecordEntry, RecordStatus, ServiceRecord } from './contract/service-records';
import type { RuleVersion } from './rules/points';
import type { Decision, RecordState, ReversalInProgress } from './rules/service-record';

/**
 * What the earning use cases need from the world, and nothing else. The DynamoDB store
 * (store/record-store.ts) is the only implementation the product runs; it alone knows items,
 * keys and expressions. Each conditional write below enforces one rule of rules/service-record.ts.
 */
export interface ServiceRecordStore {
  /** The record, read strongly consistently. */
  get(recordId: string): Promise<RecordState | undefined>;
  /** The answer an earlier request with this Idempotency-Key got, if any. */
  findReplay(scope: IdempotencyScope): Promise<ReplayableResult | undefined>;
  /** Writes a new pending record, once per key: `prepare` checks the request and builds it. */
  submit(scope: IdempotencyScope, prepare: (at: string) => Promise<RecordState>): Promise<ReplayableResult>;
  /** pending → approving, only while `canStartApproval`; undefined when the record was no longer pending. */
  startApproval(recordId: string, approval: Decision): Promise<RecordState | undefined>;
  /** pending → rejected, only while `canReject`; undefined when the record was no longer pending. */
  reject(
    recordId: string,
    rejection: { by: string; reason: string; at: string },
  ): Promise<RecordState | undefined>;
  /** Notes the reversal on the original, only while `canStartReversal`; false when it could not. */
  startReversal(recordId: string, reversal: ReversalInProgress): Promise<boolean>;
  /**
   * Credits one entry once under `idempotency`: its movement and its day's hours. Refused with
   * EntryRefused('over-daily-cap') while the day is full.
   */
  creditEntry(record: RecordState, entry: RecordEntry, idempotency: IdempotencyScope): Promise<RecordEntry>;
  /** Records, once, that the entry's day is full; EntryRefused('cap-freed') once it has room again. */
  refuseOverCap(record: RecordState, entry: RecordEntry, idempotency: IdempotencyScope): Promise<RecordEntry>;
  /**
   * Takes one credited entry back once: a debit correcting its movement, and its day's hours.
   * Refused with INSUFFICIENT_POINTS while the volunteer's balance is too low.
   */
  debitEntry(
    original: RecordState,
    reversal: ReversalInProgress,
    entry: RecordEntry,
    idempotency: IdempotencyScope,
  ): Promise<RecordEntry>;
  /** Records, once, that the points were spent; EntryRefused('balance-restored') once they are there again. */
  refuseSpent(entry: RecordEntry, idempotency: IdempotencyScope): Promise<RecordEntry>;
  /**
   * approving → approved under the request's key, only while `canFinishApproval`. `decide` reads
   * the record and says what to answer, or which approved record to write.
   */
  finishApproval(
    recordId: string,
    scope: IdempotencyScope,
    decide: (at: string) => Promise<{ answer: ServiceRecord } | { approved: RecordState }>,
  ): Promise<ReplayableResult>;
  /**
   * Writes the reversing record and marks the original `reversedBy`, only while
   * `canFinishReversal`. `decide` says what to answer, or which reversing record to write.
   */
  finishReversal(
    recordId: string,
    scope: IdempotencyScope,
    decide: (at: string) => Promise<{ answer: ServiceRecord } | { reversal: RecordState }>,
  ): Promise<ReplayableResult>;
  /** One page of the records with a status, oldest first, after `after` (a record of that status). */
  pageByStatus(
    status: RecordStatus,
    after: Pick<RecordState, 'id' | 'submittedAt'> | undefined,
    limit: number,
  ): Promise<{ records: RecordState[]; more: boolean }>;
}

/** The people the earning use cases look up: volunteers' organisations and the tree. */
export interface PeopleLookup {
  /** The organisation of each volunteer that exists (missing ids are absent from the map). */
  orgsOf(volunteerIds: readonly string[]): Promise<Map<string, string | undefined>>;
  orgTree(): Promise<OrgTree>;
  /** Volunteers' names (missing ids are absent): shown masked beside the ids. */
  names(volunteerIds: readonly string[]): Promise<Map<string, string>>;
  /** Staff members' names by user id (missing ids are absent): who submitted a record. */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** Versioned point rules: versions are only ever added. */
export interface PointRuleStore {
  /** Every version of every rule. */
  versions(): Promise<RuleVersion[]>;
  /** A rule's current version, read strongly consistently. */
  current(ruleId: string): Promise<RuleVersion | undefined>;
  /**
   * Adds the next version, only while the rule is still at `version - 1` (or absent for 1);
   * false when another update got there first or the outcome is unknown (read again and decide).
   */
  addVersion(version: RuleVersion): Promise<boolean>;
}

/** The dependencies of the earning use cases. */
export interface EarningDeps {
  records: ServiceRecordStore;
  rules: PointRuleStore;
  people: PeopleLookup;
  signing: () => Promise<SigningKeys>;
  now: () => Date;
}
