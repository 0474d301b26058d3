import { forEachBounded } from '../../platform/bounded';
import { AppError } from '../../platform/errors';
import { IMPORT_CONCURRENCY, REGISTRATIONS_PER_TRANSACTION_MAX } from '../../platform/limits';
import { hasRole, type Principal } from '../../platform/principal';
import { RegisterVolunteerRequest } from '../contract/volunteers';
import type { PeopleDeps } from '../port';
import { isSameRegistration } from '../rules/registration';
import { genderFromCell, idTypeFromCell, listFromCell } from '../rules/volunteer-details';
import { volunteerIdFor } from '../rules/volunteer-identity';
import {
  type DetailCells,
  detailCellsOf,
  IMPORT_REASONS,
  type ImportRow,
  orgsByName,
  resolveOrg,
} from '../rules/volunteer-import';
import { coordinatorCovers } from './volunteer-access';
import {
  type BatchRegistrationOutcome,
  type RegistrationInput,
  type RegistrationOptions,
  readProfiles,
  registrationInputOf,
  todayOf,
  volunteerIdSalt,
  writeRegistrations,
} from './volunteers';

/** Rows whose profiles are read in one BatchGetItem before writing, and such reads at once. */
const PRECHECK_CHUNK = 100;
const PRECHECK_CONCURRENCY = 4;
const BUSY = new AppError('UNAVAILABLE', 'Busy; run the import again');

export interface RejectedRow {
  row: number;
  reason: string;
}

export interface ImportReport {
  imported: number;
  alreadyThere: number;
  rejected: RejectedRow[];
}

export interface ImportOptions extends RegistrationOptions {
  /** Transactions in flight at once. */
  concurrency?: number;
  /** Registrations per transaction (at most REGISTRATIONS_PER_TRANSACTION_MAX). */
  rowsPerTransaction?: number;
  /** Called after each row is settled, with the rows settled so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/** Stops an import at the first failure that is not the row's fault (the database went away). */
export class ImportInterrupted extends Error {
  constructor(
    readonly report: ImportReport,
    readonly notAttempted: number,
    cause: unknown,
  ) {
    super(`The import stopped: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'ImportInterrupted';
  }
}

interface ReadyRow {
  row: number;
  input: RegistrationInput;
  volunteerId: string;
  /** The lookup hash of the row's ID number, if it gives one. */
  idLookup?: string | undefined;
  /** The earlier row naming the same person (the same name and phone, or ID number) or the same externalId. */
  earlierRow?: number | undefined;
}

/**
 * The detail cells as the API's fields: 男/女 as male/female, 居民身份证 as resident-id, lists split
 * at 、 , ; / | and line breaks. A cell that cannot be read is the row's reason.
 */
function detailFieldsOf(cells: DetailCells): Record<string, unknown> | { reason: string } {
  const gender = genderFromCell(cells.gender ?? '');
  if ('reason' in gender) return { reason: gender.reason };
  const idType = idTypeFromCell(cells.idType ?? '');
  if ('reason' in idType) return { reason: idType.reason };
  return {
    ...gender,
    ...idType,
    ...(cells.idNumber === undefined ? {} : { idNumber: cells.idNumber }),
    ...(cells.skills === undefined ? {} : { skills: listFromCell(cells.skills) }),
    ...(cells.serviceIntentions === undefined
      ? {}
      : { serviceIntentions: listFromCell(cells.serviceIntentions) }),
  };
}

/** Zod's messages are the bilingual reasons; one per field, in field order. */
function reasonOf(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    if (seen.has(field)) continue;
    seen.add(field);
    messages.push(issue.message);
  }
  return messages.join('; ');
}

/** Runs the bounded work, answering its first failure instead of throwing it. */
async function failureOf(run: () => Promise<void>): Promise<{ error: unknown } | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    return { error };
  }
}

/**
 * Registers many volunteers through the same write as POST /v1/volunteers, so the same guarantees
 * hold: a row is written whole or not at all (its items share one transaction, with up to 24 other
 * rows), a person already there is recognised by their id, and running the same rows again imports
 * nothing twice. Rows are checked with the API's schema first; a row that names the same person as
 * an earlier row waits for that row, so the outcome does not depend on which the database saw first.
 */
export async function importVolunteers(
  deps: PeopleDeps,
  principal: Principal,
  rows: readonly ImportRow[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, alreadyThere: 0, rejected: [] };
  const total = rows.length;
  let done = 0;
  const settle = () => {
    done += 1;
    options.onProgress?.(done, total);
  };
  const reject = (row: number, reason: string) => {
    report.rejected.push({ row, reason });
    settle();
  };

  const tree = await deps.orgs.tree();
  const byName = orgsByName(tree);
  const salt = await volunteerIdSalt(deps);
  const today = todayOf(deps);
  const first: ReadyRow[] = [];
  const later: ReadyRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const org = resolveOrg(row.org, tree, byName);
    if ('reason' in org) {
      reject(row.row, org.reason);
      continue;
    }
    if (!hasRole(principal, 'admin') && !coordinatorCovers(principal, tree, org.orgId)) {
      reject(row.row, IMPORT_REASONS.notAllowed);
      continue;
    }
    const details = detailFieldsOf(detailCellsOf(row));
    if ('reason' in details) {
      reject(row.row, String(details.reason));
      continue;
    }
    const parsed = RegisterVolunteerRequest.safeParse({
      name: row.name,
      phone: row.phone,
      orgId: org.orgId,
      ...(row.externalId === undefined || row.externalId.trim() === '' ? {} : { externalId: row.externalId }),
      ...details,
    });
    if (!parsed.success) {
      reject(row.row, reasonOf(parsed.error.issues));
      continue;
    }
    const input = registrationInputOf(parsed.data, today);
    if ('reason' in input) {
      reject(row.row, input.reason);
      continue;
    }
    const volunteerId = volunteerIdFor(input, salt);
    const idLookup =
      input.document === undefined ? undefined : await deps.idNumbers.lookupOf(input.document.normalized);
    // When given, the ID number is who the person is: two rows with one number are one person.
    const identities = [
      `id:${volunteerId}`,
      ...(input.externalId === undefined ? [] : [`external:${input.externalId}`]),
      ...(idLookup === undefined ? [] : [`idno:${idLookup}`]),
    ];
    const earlierRow = identities.map((identity) => seen.get(identity)).find((found) => found !== undefined);
    for (const identity of identities) if (!seen.has(identity)) seen.set(identity, row.row);
    const ready = { row: row.row, input, volunteerId, ...(idLookup === undefined ? {} : { idLookup }) };
    if (earlierRow === undefined) first.push(ready);
    else later.push({ ...ready, earlierRow });
  }

  // Rows already imported (a second run, or one after a crash) are recognised by reading their
  // profiles a hundred at a time, far cheaper than a transaction each; the rest are written.
  const toWrite: ReadyRow[] = [];
  const chunks = Array.from({ length: Math.ceil(first.length / PRECHECK_CHUNK) }, (_, index) =>
    first.slice(index * PRECHECK_CHUNK, (index + 1) * PRECHECK_CHUNK),
  );
  const precheckFailed = await failureOf(() =>
    forEachBounded(chunks, PRECHECK_CONCURRENCY, async (chunk) => {
      const profiles = await readProfiles(
        deps,
        chunk.map((ready) => ready.volunteerId),
        options,
      );
      for (const ready of chunk) {
        const profile = profiles.get(ready.volunteerId);
        if (
          profile !== undefined &&
          isSameRegistration(profile, { ...ready.input, idLookup: ready.idLookup })
        ) {
          report.alreadyThere += 1;
          settle();
        } else toWrite.push(ready);
      }
    }),
  );
  if (precheckFailed !== undefined) throw new ImportInterrupted(report, total - done, precheckFailed.error);
  toWrite.sort((a, b) => a.row - b.row);

  /** Counts one written row; answers the error that must stop the run, if it is one. */
  const record = (ready: ReadyRow, outcome: BatchRegistrationOutcome): AppError | undefined => {
    const conflictNote =
      ready.earlierRow === undefined ? '' : `; ${IMPORT_REASONS.sameAsEarlierRow(ready.earlierRow)}`;
    if (outcome.kind === 'created') {
      report.imported += 1;
      settle();
    } else if (outcome.kind === 'alreadyRegistered') {
      report.alreadyThere += 1;
      settle();
    } else if (outcome.kind === 'samePersonElsewhere') {
      const reason =
        outcome.differs === 'idNumber'
          ? IMPORT_REASONS.samePersonOtherIdNumber(outcome.existingId)
          : IMPORT_REASONS.samePersonOtherExternalId(outcome.existingId);
      reject(ready.row, reason + conflictNote);
    } else if (outcome.kind === 'idNumberTaken') {
      reject(ready.row, IMPORT_REASONS.idNumberTaken(outcome.existingId) + conflictNote);
    } else if (outcome.kind === 'externalIdTaken') {
      reject(ready.row, IMPORT_REASONS.externalIdTaken + conflictNote);
    } else if (outcome.error.status < 500) {
      // The row's own problem is reported with it; anything else (the database away) stops the run.
      reject(ready.row, outcome.error.message + conflictNote);
    } else {
      return outcome.error;
    }
    return undefined;
  };
  const write = async (group: readonly ReadyRow[]) => {
    const inputs = group.map((ready) => ready.input);
    const outcomes = await writeRegistrations(deps, principal, inputs, options);
    const stops = group.map((ready, index) =>
      record(ready, outcomes[index] ?? { kind: 'failed', error: BUSY }),
    );
    const stop = stops.find((error) => error !== undefined);
    if (stop !== undefined) throw stop;
  };

  const perTransaction = options.rowsPerTransaction ?? REGISTRATIONS_PER_TRANSACTION_MAX;
  const groups = Array.from({ length: Math.ceil(toWrite.length / perTransaction) }, (_, index) =>
    toWrite.slice(index * perTransaction, (index + 1) * perTransaction),
  );
  const failed =
    (await failureOf(() => forEachBounded(groups, options.concurrency ?? IMPORT_CONCURRENCY, write))) ??
    // Rows naming a person of an earlier row go one at a time, in file order, after their first.
    (await failureOf(() =>
      forEachBounded(
        later.map((ready) => [ready]),
        1,
        write,
      ),
    ));
  report.rejected.sort((a, b) => a.row - b.row);
  if (failed !== undefined) {
    const notAttempted = total - done;
    throw new ImportInterrupted(report, notAttempted, failed.error);
  }
  return report;
}

/**
 * POST /v1/volunteers/import: one chunk of a spreadsheet the web page parsed. Sending the same
 * chunk again is safe (rows already there are counted, not duplicated), and that is also the
 * answer when a request fails half-way, so a failure is passed on as it is.
 */
export async function importVolunteerChunk(
  deps: PeopleDeps,
  principal: Principal,
  rows: readonly ({
    name: string;
    phone: string;
    org: string;
    externalId?: string | undefined;
    line?: number | undefined;
  } & DetailCells)[],
): Promise<ImportReport> {
  const importRows = rows.map((row, index) => ({
    row: row.line ?? index + 1,
    name: row.name,
    phone: row.phone,
    org: row.org,
    ...(row.externalId === undefined ? {} : { externalId: row.externalId }),
    ...detailCellsOf(row),
  }));
  try {
    return await importVolunteers(deps, principal, importRows);
  } catch (error) {
    throw error instanceof ImportInterrupted ? error.cause : error;
  }
}
