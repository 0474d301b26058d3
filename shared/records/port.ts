import type { IdNumberVault } from '../people/port';
import type { OrgTree } from '../people/rules/org-tree';
import type { ProfileItem } from '../people/rules/registration';
import type { SigningKeys } from '../platform/signed-token';
import type { CertificateAction, CertificateStatus } from './rules/certificate';
import type { CorrectionStatus, CorrectionSubject, RecordEntryKind } from './rules/record-entries';

/** One approved service record of a volunteer, as their record and certificates list it. */
export interface ServiceLine extends CertificateLine {
  recordId: string;
}

/** One day's service on a certificate, as it stood at issuance. */
export interface CertificateLine {
  date: string;
  content: string;
  place?: string;
  organiser: string;
  hours: number;
}

/** A certificate as the store keeps it. Lines and facts are written once, at issuance. */
export interface CertificateState {
  certificateId: string;
  status: CertificateStatus;
  volunteerId: string;
  /** The volunteer's organisation when it was asked for (who may see it). */
  orgId: string;
  name: string;
  from: string;
  to: string;
  purpose?: string;
  requestedAt: string;
  requestedBy: string;
  /** The fingerprint of the request that made it (its Idempotency-Key's replay check). */
  createdWith: string;
  number?: string;
  issuedAt?: string;
  issuedBy?: string;
  issuer?: string;
  totalHours?: number;
  lines?: CertificateLine[];
  idNumberMasked?: string;
  /** The check link's code (an HMAC of the id), made at issuance. */
  verifyCode?: string;
  reason?: string;
  decidedAt?: string;
  decidedBy?: string;
  /** The fingerprint of the step that last moved it, so a retried step answers the same. */
  lastStepWith?: string;
  updatedAt: string;
}

/** What issuance fixes on the certificate. */
export type IssuedFacts = Required<
  Pick<CertificateState, 'issuedAt' | 'issuedBy' | 'issuer' | 'totalHours' | 'lines' | 'verifyCode'>
> &
  Pick<CertificateState, 'idNumberMasked' | 'lastStepWith'>;

export type IssueOutcome =
  | { kind: 'issued'; certificate: CertificateState }
  /** The certificate was not in the status issuance starts from: as it is now. */
  | { kind: 'state'; certificate: CertificateState | undefined };

export interface CertificatePage {
  certificates: CertificateState[];
  /** The key to go on from, or undefined at the end. */
  next: Record<string, unknown> | undefined;
}

export interface CertificateStore {
  get(certificateId: string): Promise<CertificateState | undefined>;
  /** Writes a new certificate (requested); false when its id exists already. */
  create(certificate: CertificateState): Promise<boolean>;
  /**
   * Numbers and fixes the certificate in one transaction with the year's sequence, so a number is
   * taken only by a certificate that exists, and each number once (no gaps, no duplicates). `fresh`:
   * a certificate the office issues at once (it must not exist yet); otherwise it must be requested.
   */
  issue(
    certificate: CertificateState,
    facts: IssuedFacts,
    numbering: { prefix: string; year: number },
    fresh: boolean,
  ): Promise<IssueOutcome>;
  /** Refuses or revokes (`canCertificate`): false when the status was not the one it starts from. */
  decide(
    certificateId: string,
    action: Exclude<CertificateAction, 'issue'>,
    change: { reason: string; at: string; by: string; stepWith: string },
  ): Promise<boolean>;
  /** The register, newest first; one status or all. */
  page(
    status: CertificateStatus | undefined,
    limit: number,
    after?: Record<string, unknown>,
  ): Promise<CertificatePage>;
  /** One volunteer's certificates, newest first. */
  ofVolunteer(volunteerId: string, limit: number): Promise<CertificateState[]>;
}

/** What a certificate is made from, read from the other areas. */
export interface CertificateSources {
  orgTree(): Promise<OrgTree>;
  volunteer(
    volunteerId: string,
  ): Promise<{ name: string; orgId: string; idNumberMasked?: string } | undefined>;
  /**
   * The volunteer's approved service between two days (by the day it was done), net of reversals,
   * oldest first; 'too-many' past `max` lines.
   */
  serviceLines(
    volunteerId: string,
    from: string,
    to: string,
    max: number,
  ): Promise<ServiceLine[] | 'too-many'>;
  /** Staff members' names by account id (none for an account that is not a staff account). */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** A training, honour or evaluation on a volunteer's record (rules/record-entries.ts). */
export interface StoredEntry {
  entryId: string;
  volunteerId: string;
  kind: RecordEntryKind;
  date: string;
  title: string;
  organiser?: string;
  hours?: number;
  grade?: string;
  note?: string;
  retracts?: string;
  retractedBy?: string;
  recordedAt: string;
  recordedBy: string;
  createdWith: string;
}

export interface StoredCorrection {
  correctionId: string;
  volunteerId: string;
  orgId: string;
  name: string;
  status: CorrectionStatus;
  about: CorrectionSubject;
  ref?: string;
  reason: string;
  filedAt: string;
  filedBy: string;
  createdWith: string;
  resolution?: string;
  recordId?: string;
  refusal?: string;
  decidedAt?: string;
  decidedBy?: string;
  decidedWith?: string;
}

export interface RecordBook {
  /**
   * Adds an entry; one that withdraws another marks that one in the same transaction (it must be
   * this volunteer's and not withdrawn yet). 'exists': the id is taken; 'no-target': nothing to withdraw.
   */
  addEntry(entry: StoredEntry): Promise<'added' | 'exists' | 'no-target'>;
  getEntry(volunteerId: string, entryId: string): Promise<StoredEntry | undefined>;
  /** Every entry of the volunteer's record (bounded), oldest first. */
  entries(volunteerId: string): Promise<StoredEntry[]>;
  /** Approved hours in quarter hours: the year's (by the day served) and all years'. */
  hours(volunteerId: string, year: string): Promise<{ yearQuarters: number; totalQuarters: number }>;
  addCorrection(correction: StoredCorrection): Promise<boolean>;
  getCorrection(correctionId: string): Promise<StoredCorrection | undefined>;
  /** Accepts or refuses an open request (`canDecideCorrection`); false when it was not open. */
  decideCorrection(
    correctionId: string,
    change: Pick<StoredCorrection, 'status' | 'decidedAt' | 'decidedBy' | 'decidedWith'> &
      Pick<StoredCorrection, 'resolution' | 'recordId' | 'refusal'>,
  ): Promise<boolean>;
  /** The office's queue, oldest first within a status. */
  corrections(status: CorrectionStatus, limit: number): Promise<StoredCorrection[]>;
  /** A volunteer's requests, newest first. */
  correctionsOf(volunteerId: string, limit: number): Promise<StoredCorrection[]>;
}

export interface RecordsDeps {
  book: RecordBook;
  certificates: CertificateStore;
  sources: CertificateSources;
  signing: () => Promise<SigningKeys>;
  /** The county's prefix on certificate numbers (CERTIFICATE_PREFIX). */
  certificatePrefix: string;
  now: () => Date;
}

/** One approved service record as the export reads it (the earning area's record item, in part). */
export interface ExportedRecord {
  id: string;
  orgId: string;
  activity: {
    name: string;
    date: string;
    place?: string;
    startTime?: string;
    endTime?: string;
    responsible?: string;
  };
  entries: readonly { volunteerId: string; hours: number; credited?: boolean }[];
  submittedAt: string;
  approvedAt?: string;
  /** Set once a reversal of the record has started; `reversedBy` once it finished. */
  reversal?: unknown;
  reversedBy?: string;
}

/**
 * What the exports for the national volunteer information system and the county's own files read
 * (store/export-sources.ts): the people area's profiles a page at a time from each organisation's
 * index partition (never a scan), each volunteer's day items, and the approved records.
 */
export interface ExportSources {
  orgTree(): Promise<OrgTree>;
  /** One page of the volunteers registered directly in an organisation, by id, after the id `after`. */
  volunteersIn(
    orgId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ profiles: ProfileItem[]; more: boolean }>;
  /** The profiles among up to 100 ids (ids without one are absent); 503 when DynamoDB held some back. */
  profiles(volunteerIds: readonly string[]): Promise<Map<string, ProfileItem>>;
  /** A volunteer's approved hours of all years, in quarter hours, summed from their day items. */
  totalQuarters(volunteerId: string): Promise<number>;
  /**
   * One page (up to 1 MB read) of the approved records submitted on or after `submittedFrom`,
   * oldest first, keeping those whose service day lies in [from, to]; `next` is where the following
   * page starts, undefined at the end.
   */
  approvedRecords(
    window: { submittedFrom: string; from: string; to: string },
    after: Record<string, unknown> | undefined,
  ): Promise<{ records: ExportedRecord[]; next: Record<string, unknown> | undefined }>;
}

export interface ExportDeps {
  sources: ExportSources;
  /** Opens the sealed ID numbers: the export is the office's, admin only and logged. */
  idNumbers: IdNumberVault;
  now: () => Date;
}
