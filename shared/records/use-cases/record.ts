import { createHash } from 'node:crypto';
import { assertMayAskAbout, coordinatorCovers } from '../../people/use-cases/volunteer-access';
import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type {
  Correction,
  CorrectionDecision,
  CorrectionListQuery,
  CorrectionRequest,
  RecordEntryRequest,
  RecordEntryView,
  VolunteerRecord,
} from '../contract/record';
import type { RecordsDeps, StoredCorrection, StoredEntry } from '../port';
import {
  canDecideCorrection,
  OPEN_CORRECTIONS_MAX,
  RECORD_ENTRIES_PER_YEAR_MAX,
} from '../rules/record-entries';
import { nextStar, STAR_LABELS, starLevel } from '../rules/star-level';

type Idempotency = { key: string; fingerprint: string };

const validation = (path: string, message: string, detail: string) =>
  new AppError('VALIDATION_FAILED', detail, { fields: [{ path, message }] });

const idFor = (prefix: string, userId: string, key: string): string =>
  `${prefix}${createHash('sha256').update(`${prefix}\n${userId}\n${key}`).digest('base64url').slice(0, 15)}`;

/** Lines of service one year's record lists at most (a day a line, so a year fits). */
const SERVICE_LINES_PER_YEAR_MAX = 1000;
/** Correction requests a record shows (newest first). */
const CORRECTIONS_SHOWN_MAX = 20;

const isOffice = (principal: Principal) => hasRole(principal, 'admin') || hasRole(principal, 'coordinator');

/**
 * The volunteer themself, an admin, or a coordinator over them; a volunteer asking about another
 * is refused (403) before anything is read, a coordinator outside their tree finds nothing (404).
 */
async function volunteerInReach(deps: RecordsDeps, principal: Principal, volunteerId: string) {
  assertMayAskAbout(principal, volunteerId);
  const volunteer = await deps.sources.volunteer(volunteerId);
  if (volunteer === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  if (hasRole(principal, 'admin')) return volunteer;
  if (principal.volunteerId === volunteerId && hasRole(principal, 'volunteer')) return volunteer;
  if (coordinatorCovers(principal, await deps.sources.orgTree(), volunteer.orgId)) return volunteer;
  throw new AppError('NOT_FOUND', 'No such volunteer');
}

function entryView(entry: StoredEntry, staff: ReadonlyMap<string, string>): RecordEntryView {
  const name = staff.get(entry.recordedBy);
  return {
    entryId: entry.entryId,
    kind: entry.kind,
    date: entry.date,
    title: entry.title,
    ...(entry.organiser === undefined ? {} : { organiser: entry.organiser }),
    ...(entry.hours === undefined ? {} : { hours: entry.hours }),
    ...(entry.grade === undefined ? {} : { grade: entry.grade }),
    ...(entry.note === undefined ? {} : { note: entry.note }),
    ...(entry.retracts === undefined ? {} : { retracts: entry.retracts }),
    ...(entry.retractedBy === undefined ? {} : { retractedBy: entry.retractedBy }),
    recordedAt: entry.recordedAt,
    ...(name === undefined ? {} : { recordedByName: maskName(name) }),
  };
}

function correctionView(correction: StoredCorrection, principal: Principal): Correction {
  const own = principal.volunteerId === correction.volunteerId;
  return {
    correctionId: correction.correctionId,
    volunteerId: correction.volunteerId,
    name: own ? correction.name : maskName(correction.name),
    status: correction.status,
    about: correction.about,
    ...(correction.ref === undefined ? {} : { ref: correction.ref }),
    reason: correction.reason,
    filedAt: correction.filedAt,
    ...(correction.resolution === undefined ? {} : { resolution: correction.resolution }),
    ...(correction.recordId === undefined ? {} : { recordId: correction.recordId }),
    ...(correction.refusal === undefined ? {} : { refusal: correction.refusal }),
    ...(correction.decidedAt === undefined ? {} : { decidedAt: correction.decidedAt }),
  };
}

/**
 * 志愿服务记录: one year of a volunteer's record as order No. 67 asks it be kept and shown to them
 * (第五条, 第十八条): their service, training, honours and evaluations, the year's and all years'
 * hours, the star level those reach, and their correction requests with the office's answers.
 */
export async function readRecord(
  deps: RecordsDeps,
  principal: Principal,
  volunteerId: string,
  year: string | undefined,
): Promise<VolunteerRecord> {
  const volunteer = await volunteerInReach(deps, principal, volunteerId);
  const shownYear = year ?? chinaDate(deps.now()).slice(0, 4);
  const [hours, lines, entries, corrections] = await Promise.all([
    deps.book.hours(volunteerId, shownYear),
    deps.sources.serviceLines(
      volunteerId,
      `${shownYear}-01-01`,
      `${shownYear}-12-31`,
      SERVICE_LINES_PER_YEAR_MAX,
    ),
    deps.book.entries(volunteerId),
    deps.book.correctionsOf(volunteerId, CORRECTIONS_SHOWN_MAX),
  ]);
  if (lines === 'too-many') throw new AppError('UNAVAILABLE', 'The record is too long to show at once');
  const ofYear = entries.filter((entry) => entry.date.startsWith(`${shownYear}-`));
  const staff = await deps.sources.staffNames([...new Set(ofYear.map((entry) => entry.recordedBy))]);
  const ofKind = (kind: StoredEntry['kind']) =>
    ofYear
      .filter((entry) => entry.kind === kind)
      .slice(-RECORD_ENTRIES_PER_YEAR_MAX)
      .map((entry) => entryView(entry, staff));
  const total = hours.totalQuarters / 4;
  const level = starLevel(total);
  const next = nextStar(total);
  const own = principal.volunteerId === volunteerId;
  return {
    volunteerId,
    name: own || hasRole(principal, 'admin') ? volunteer.name : maskName(volunteer.name),
    year: shownYear,
    hours: { year: hours.yearQuarters / 4, total },
    star: {
      level,
      ...(level === 0 ? {} : { label: STAR_LABELS[level] }),
      ...(next === undefined
        ? {}
        : { next: { level: next.level, label: STAR_LABELS[next.level], hoursToGo: next.hoursToGo } }),
    },
    service: lines,
    training: ofKind('training'),
    honours: ofKind('honour'),
    evaluations: ofKind('evaluation'),
    corrections: corrections.map((correction) => correctionView(correction, principal)),
  };
}

/**
 * The office records a training, an honour or an evaluation on a volunteer's record; honours (the
 * county's selections) are the county office's (admin). A wrong entry is withdrawn by a new one
 * naming it; nothing is edited. The same Idempotency-Key answers the same entry.
 */
export async function addRecordEntry(
  deps: RecordsDeps,
  principal: Principal,
  volunteerId: string,
  request: RecordEntryRequest,
  idempotency: Idempotency,
): Promise<RecordEntryView> {
  if (!isOffice(principal)) throw new AppError('FORBIDDEN', 'Only the office records entries');
  await volunteerInReach(deps, principal, volunteerId);
  if (request.kind === 'honour' && !hasRole(principal, 'admin'))
    throw new AppError('FORBIDDEN', '表彰由县志愿服务中心记录 (honours are recorded by the county office)');
  const entryId = idFor('e', principal.userId, idempotency.key);
  const existing = await deps.book.getEntry(volunteerId, entryId);
  if (existing !== undefined) {
    if (existing.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another entry');
    return entryView(existing, await deps.sources.staffNames([existing.recordedBy]));
  }
  const now = deps.now();
  if (request.date > chinaDate(now))
    throw validation('body.date', 'in the future', '日期不能晚于今天 (date must not be after today)');
  const entry: StoredEntry = {
    entryId,
    volunteerId,
    kind: request.kind,
    date: request.date,
    title: request.title,
    ...(request.organiser === undefined ? {} : { organiser: request.organiser }),
    ...(request.hours === undefined ? {} : { hours: request.hours }),
    ...(request.grade === undefined ? {} : { grade: request.grade }),
    ...(request.note === undefined ? {} : { note: request.note }),
    ...(request.retracts === undefined ? {} : { retracts: request.retracts }),
    recordedAt: now.toISOString(),
    recordedBy: principal.userId,
    createdWith: idempotency.fingerprint,
  };
  const outcome = await deps.book.addEntry(entry);
  if (outcome === 'no-target')
    throw validation(
      'body.retracts',
      'no such entry, or withdrawn already',
      '这条记录不存在或已经撤回 (no such entry on this record, or it is withdrawn already)',
    );
  if (outcome === 'exists') {
    const made = await deps.book.getEntry(volunteerId, entryId);
    if (made?.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another entry');
    return entryView(made, await deps.sources.staffNames([made.recordedBy]));
  }
  return entryView(entry, await deps.sources.staffNames([entry.recordedBy]));
}

/**
 * 更正申请: the volunteer (or the office for them) asks for something on the record to be corrected,
 * with a reason. A request about a service record or an entry must name one on this record.
 */
export async function fileCorrection(
  deps: RecordsDeps,
  principal: Principal,
  volunteerId: string,
  request: CorrectionRequest,
  idempotency: Idempotency,
): Promise<Correction> {
  const volunteer = await volunteerInReach(deps, principal, volunteerId);
  const correctionId = idFor('r', principal.userId, idempotency.key);
  const existing = await deps.book.getCorrection(correctionId);
  if (existing !== undefined) {
    if (existing.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request');
    return correctionView(existing, principal);
  }
  if (request.ref !== undefined) await assertOnRecord(deps, volunteerId, request);
  const open = (await deps.book.correctionsOf(volunteerId, 50)).filter((one) => one.status === 'open');
  if (open.length >= OPEN_CORRECTIONS_MAX)
    throw new AppError(
      'CORRECTION_STATE',
      `已有 ${open.length} 份更正申请在等待处理，处理后再申请 (${open.length} requests are waiting)`,
    );
  const correction: StoredCorrection = {
    correctionId,
    volunteerId,
    orgId: volunteer.orgId,
    name: volunteer.name,
    status: 'open',
    about: request.about,
    ...(request.ref === undefined ? {} : { ref: request.ref }),
    reason: request.reason,
    filedAt: deps.now().toISOString(),
    filedBy: principal.userId,
    createdWith: idempotency.fingerprint,
  };
  if (!(await deps.book.addCorrection(correction))) {
    const made = await deps.book.getCorrection(correctionId);
    if (made?.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request');
    return correctionView(made, principal);
  }
  return correctionView(correction, principal);
}

/** The record or entry a request names must be this volunteer's (an approved record, or an entry). */
async function assertOnRecord(
  deps: RecordsDeps,
  volunteerId: string,
  request: CorrectionRequest,
): Promise<void> {
  const ref = request.ref as string;
  const found =
    request.about === 'service'
      ? await (async () => {
          const lines = await deps.sources.serviceLines(volunteerId, '2000-01-01', '2099-12-31', 100_000);
          return lines !== 'too-many' && lines.some((line) => line.recordId === ref);
        })()
      : (await deps.book.getEntry(volunteerId, ref))?.kind === request.about;
  if (!found)
    throw validation(
      'body.ref',
      'not on this record',
      '记录里没有这一条，请从记录里选择 (not on this volunteer’s record)',
    );
}

/** The office's queue of correction requests (admins: all; coordinators: their tree's), oldest first. */
export async function listCorrections(
  deps: RecordsDeps,
  principal: Principal,
  query: CorrectionListQuery,
): Promise<{ corrections: Correction[] }> {
  if (!isOffice(principal)) throw new AppError('FORBIDDEN', 'The queue is the office’s');
  const found = await deps.book.corrections(query.status, query.limit * 4);
  const tree = hasRole(principal, 'admin') ? undefined : await deps.sources.orgTree();
  const visible = found.filter(
    (correction) => tree === undefined || coordinatorCovers(principal, tree, correction.orgId),
  );
  return {
    corrections: visible.slice(0, query.limit).map((correction) => correctionView(correction, principal)),
  };
}

/**
 * The office answers a request: accepted, saying what it did (a corrective record, a reversal, a
 * withdrawn entry), or refused with a reason. Once; a retried decision answers the same.
 */
export async function decideCorrection(
  deps: RecordsDeps,
  principal: Principal,
  correctionId: string,
  decision: CorrectionDecision,
  idempotency: Idempotency,
): Promise<Correction> {
  const current = await deps.book.getCorrection(correctionId);
  if (current === undefined) throw new AppError('NOT_FOUND', 'No such correction request');
  if (!isOffice(principal)) throw new AppError('FORBIDDEN', 'Only the office decides');
  if (
    !hasRole(principal, 'admin') &&
    !coordinatorCovers(principal, await deps.sources.orgTree(), current.orgId)
  )
    throw new AppError('NOT_FOUND', 'No such correction request');
  const decidedWith = `${idempotency.key}\n${idempotency.fingerprint}`;
  if (current.decidedWith === decidedWith) return correctionView(current, principal);
  if (!canDecideCorrection(current.status)) throw decidedAlready(current);
  const change = {
    status: decision.accept ? ('accepted' as const) : ('refused' as const),
    decidedAt: deps.now().toISOString(),
    decidedBy: principal.userId,
    decidedWith,
    ...(decision.accept
      ? {
          resolution: decision.resolution,
          ...(decision.recordId === undefined ? {} : { recordId: decision.recordId }),
        }
      : { refusal: decision.reason }),
  };
  const moved = await deps.book.decideCorrection(correctionId, change);
  const after = await deps.book.getCorrection(correctionId);
  if (after === undefined) throw new AppError('NOT_FOUND', 'No such correction request');
  if (!moved && after.decidedWith !== decidedWith) throw decidedAlready(after);
  return correctionView(after, principal);
}

function decidedAlready(correction: StoredCorrection): AppError {
  return new AppError(
    'CORRECTION_STATE',
    `这份更正申请已经${correction.status === 'accepted' ? '受理' : '处理'}，不能再改 (it is ${correction.status} already)`,
    { extra: { status: correction.status } },
  );
}
