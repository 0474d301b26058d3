import type { ProfileItem } from '../../people/rules/registration';
import { mapBounded } from '../../platform/bounded';
import { AppError } from '../../platform/errors';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type { ServiceRecordExportQuery, VolunteerExportQuery } from '../contract/export';
import type { ExportDeps, ExportedRecord } from '../port';
import {
  csvMediaType,
  dayBefore,
  EXPORT_ANSWER_BYTES_MAX,
  EXPORT_PART_ROWS,
  EXPORT_ROWS_MAX,
  type ExportColumn,
  type ExportEncoding,
  type ExportFormat,
  exportCsvBody,
  exportCsvText,
  exportTable,
  SERVICE_EXPORT_COLUMNS,
  type ServiceExportRow,
  serviceExportName,
  VOLUNTEER_EXPORT_COLUMNS,
  type VolunteerExportRow,
  volunteerExportName,
} from '../rules/export-columns';

/**
 * The office's exports (民政部令第67号): the volunteers of the county (or of one organisation and
 * below) with the whole ID number and phone, and the approved service of a period, one line per
 * volunteer per record. Admin only (the route says so, and this checks again); each export is
 * logged with who, how many rows and which format, never a name, phone or number.
 *
 * Every ID number has a data key of its own, so each one in a file is one X25519 opening in
 * the function (about 0.3 ms of CPU; a KMS Decrypt with `-c customerKeys=true`); with the
 * volunteer's day items, a volunteer costs a query too. A file therefore holds at most
 * EXPORT_PART_ROWS rows, in a fixed order, and names where the next one starts (`next`, given back
 * as `after`): a county of 17,000 is 17 files, each answered inside the function's 10 seconds.
 */

/** Profiles per read of an organisation's index partition (a profile is well under 1 KB). */
export const VOLUNTEER_PAGE_SIZE = 500;
/** Volunteers whose ID number is opened and hours summed at once (DynamoDB and, with KMS, Decrypt calls in flight). */
export const EXPORT_CONCURRENCY = 16;
/** Organisations whose index partitions are read at once (most hold one page or less). */
const ORG_READ_CONCURRENCY = 8;
/** Profiles read in one batch, and such batches at once. */
const PROFILE_BATCH = 100;
const PROFILE_BATCH_CONCURRENCY = 4;
/**
 * Pages of approved records read at most (1 MB each): the records submitted since the period
 * began, of which those served in the period are kept. Every part of a period reads them again.
 */
export const RECORD_PAGES_MAX = 10;

/** The file an export answers, what it holds, and where the next part starts (none: the last). */
export interface ExportFile<Row> {
  fileName: string;
  mediaType: string;
  body: { text: string } | { bytes: Uint8Array };
  rows: Row[];
  next?: string | undefined;
}

/** Bytes of the body in a Lambda answer: text as UTF-8, bytes base64-encoded (4 for every 3). */
export const answerBytes = (body: ExportFile<unknown>['body']): number =>
  'text' in body ? Buffer.byteLength(body.text, 'utf8') : Math.ceil(body.bytes.length / 3) * 4;

const refused = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, message }] });

function assertOffice(principal: Principal): void {
  if (!hasRole(principal, 'admin'))
    throw new AppError('FORBIDDEN', 'The export is the county office’s (admins)');
}

/** The whole number of a profile that has one; the vault says which volunteer it is bound to. */
async function idNumberOf(deps: ExportDeps, profile: ProfileItem): Promise<string | undefined> {
  if (profile.idSealed === undefined || profile.idType === undefined) return undefined;
  return deps.idNumbers.open(profile.idSealed, profile.volunteerId);
}

/**
 * The rows as the file asked for: a workbook (exceljs, loaded only then), or a CSV in UTF-8 with a
 * BOM or GB18030. A file the function could not answer (a Lambda answer is at most 6 MB) is refused.
 */
async function render<Row>(
  sheetName: string,
  columns: readonly ExportColumn<Row>[],
  rows: Row[],
  asked: { format: ExportFormat; encoding: ExportEncoding },
  names: { fileName: string; generatedAt: string },
): Promise<Pick<ExportFile<Row>, 'fileName' | 'mediaType' | 'body'>> {
  if (asked.format === 'csv') {
    const body = exportCsvBody(exportCsvText(exportTable(columns, rows)), asked.encoding);
    return { fileName: `${names.fileName}.csv`, mediaType: csvMediaType(asked.encoding), body };
  }
  const { exportWorkbook, XLSX_MEDIA_TYPE } = await import('../rules/export-workbook');
  const bytes = await exportWorkbook(sheetName, columns, rows, names.generatedAt);
  const file = { fileName: `${names.fileName}.xlsx`, mediaType: XLSX_MEDIA_TYPE, body: { bytes } };
  return file;
}

function assertAnswerable(body: ExportFile<unknown>['body'], format: ExportFormat): void {
  if (answerBytes(body) <= EXPORT_ANSWER_BYTES_MAX) return;
  throw refused(
    'query.format',
    format === 'csv'
      ? '文件太大，请改用 xlsx 格式 (the file is too large: ask for xlsx)'
      : '文件太大，无法导出 (the file is too large to answer)',
  );
}

/** `orgId/volunteerId`: where a volunteers' part ends, and the next begins. */
const volunteerCursor = (profile: Pick<ProfileItem, 'orgId' | 'volunteerId'>): string =>
  `${profile.orgId}/${profile.volunteerId}`;

/**
 * GET /v1/volunteers/export: the volunteers registered in the county (or in `orgId` and below),
 * organisation by organisation (the tree's order, parents first, by id) and by volunteer id within
 * one, read a page at a time from each organisation's own index partition (never a scan), at most
 * EXPORT_PART_ROWS in one file. `after` (the `next` of the file before) goes on after that
 * volunteer: a volunteer registered meanwhile before it is in the next export, not a later part.
 * Erased volunteers (注销) are on no organisation's list and so in no export.
 */
export async function exportVolunteers(
  deps: ExportDeps,
  principal: Principal,
  query: VolunteerExportQuery,
): Promise<ExportFile<VolunteerExportRow>> {
  assertOffice(principal);
  const tree = await deps.sources.orgTree();
  if (query.orgId !== undefined && tree.get(query.orgId) === undefined)
    throw refused('query.orgId', '没有这个组织 (no such organisation)');
  const pathOf = (orgId: string) => tree.pathOf(orgId).join('/');
  const orgs = (query.orgId === undefined ? tree.all() : tree.subtree(query.orgId))
    .map((org) => org.orgId)
    .sort((a, b) => pathOf(a).localeCompare(pathOf(b)));
  let start = 0;
  let afterId: string | undefined;
  if (query.after !== undefined) {
    const [orgId = '', volunteerId = ''] = query.after.split('/');
    start = orgs.indexOf(orgId);
    if (start < 0)
      throw refused('query.after', '续传位置不对，请从头导出 (after names no organisation of this export)');
    afterId = volunteerId;
  }

  // One more than a file holds, to know whether another part follows.
  const wanted = EXPORT_PART_ROWS + 1;
  const pagesMax = Math.ceil(wanted / VOLUNTEER_PAGE_SIZE) + 1;
  const profiles: ProfileItem[] = [];
  for (let from = start; from < orgs.length && profiles.length < wanted; from += ORG_READ_CONCURRENCY) {
    const needed = wanted - profiles.length;
    const window = orgs.slice(from, from + ORG_READ_CONCURRENCY);
    const read = await mapBounded(window, ORG_READ_CONCURRENCY, async (orgId, index) => {
      const found: ProfileItem[] = [];
      let after = from + index === start ? afterId : undefined;
      let more = true;
      for (let page = 0; more && found.length < needed && page < pagesMax; page += 1) {
        const answer = await deps.sources.volunteersIn(orgId, after, VOLUNTEER_PAGE_SIZE);
        for (const profile of answer.profiles) if (profile.erasedAt === undefined) found.push(profile);
        after = answer.profiles.at(-1)?.volunteerId;
        more = answer.more && after !== undefined;
      }
      return found;
    });
    profiles.push(...read.flat());
  }
  const part = profiles.slice(0, EXPORT_PART_ROWS);
  const last = part.at(-1);
  const next = profiles.length > EXPORT_PART_ROWS && last !== undefined ? volunteerCursor(last) : undefined;

  const rows = await mapBounded(part, EXPORT_CONCURRENCY, async (profile) => {
    const [idNumber, totalQuarters] = await Promise.all([
      idNumberOf(deps, profile),
      deps.sources.totalQuarters(profile.volunteerId),
    ]);
    return {
      volunteerId: profile.volunteerId,
      name: profile.name,
      phone: profile.phone,
      orgId: profile.orgId,
      orgName: tree.get(profile.orgId)?.name ?? '',
      externalId: profile.externalId,
      gender: profile.gender,
      idType: idNumber === undefined ? undefined : profile.idType,
      idNumber,
      skills: profile.skills,
      serviceIntentions: profile.serviceIntentions,
      totalQuarters,
      createdAt: profile.createdAt,
    } satisfies VolunteerExportRow;
  });
  const generatedAt = deps.now().toISOString();
  const file = await render('志愿者', VOLUNTEER_EXPORT_COLUMNS, rows, query, {
    fileName: volunteerExportName(generatedAt, query.orgId, rows[0]?.volunteerId, query.after !== undefined),
    generatedAt,
  });
  assertAnswerable(file.body, query.format);
  logger.info('volunteers exported', {
    by: principal.userId,
    rows: rows.length,
    format: query.format,
    encoding: query.format === 'csv' ? query.encoding : undefined,
    bytes: answerBytes(file.body),
    orgId: query.orgId ?? 'county',
    part: query.after === undefined ? 'first' : 'next',
    last: next === undefined,
  });
  return { ...file, rows, next };
}

/** The lines a record gives: one per volunteer it credited; none for a record reversed or being reversed. */
export function linesOf(record: ExportedRecord): { volunteerId: string; hours: number }[] {
  if (record.reversedBy !== undefined || record.reversal !== undefined) return [];
  return record.entries
    .filter((entry) => entry.credited === true)
    .map((entry) => ({ volunteerId: entry.volunteerId, hours: entry.hours }));
}

/** A service line's place in the file's order: the day served, the record, the volunteer. */
const lineCursor = (line: { date: string; recordId: string; volunteerId: string }): string =>
  `${line.date}/${line.recordId}/${line.volunteerId}`;

/**
 * GET /v1/service-records/export: the approved service of a period (by the day it was done), one
 * line per volunteer per record, oldest day first, EXPORT_PART_ROWS lines a file (`after` goes on
 * from a file's `next`); a period of more than EXPORT_ROWS_MAX lines is refused. Lines are what
 * the volunteers' records and certificates count: entries credited (hours over the 24-hour day
 * earned none and are left out), and nothing of a record reversed or whose reversal has started.
 */
export async function exportServiceRecords(
  deps: ExportDeps,
  principal: Principal,
  query: ServiceRecordExportQuery,
): Promise<ExportFile<ServiceExportRow>> {
  assertOffice(principal);
  const tree = await deps.sources.orgTree();
  // A record is submitted on or after its service day (never for a day to come), and a China day
  // begins the evening before in UTC: from the day before the period on, nothing is missed.
  const window = { submittedFrom: dayBefore(query.from), from: query.from, to: query.to };
  const lines: { record: ExportedRecord; volunteerId: string; hours: number; key: string }[] = [];
  let after: Record<string, unknown> | undefined;
  let complete = false;
  for (let page = 0; page < RECORD_PAGES_MAX; page += 1) {
    const read = await deps.sources.approvedRecords(window, after);
    for (const record of read.records)
      for (const line of linesOf(record))
        lines.push({
          record,
          ...line,
          key: lineCursor({ date: record.activity.date, recordId: record.id, volunteerId: line.volunteerId }),
        });
    if (lines.length > EXPORT_ROWS_MAX)
      throw refused(
        'query.to',
        `这段时间的服务记录超过 ${EXPORT_ROWS_MAX} 行，请缩短时间段 (more than ${EXPORT_ROWS_MAX} lines: export a shorter period)`,
      );
    after = read.next;
    if (after === undefined) {
      complete = true;
      break;
    }
  }
  if (!complete)
    throw refused(
      'query.from',
      '这段时间以后登记的服务记录太多，无法一次读完，请选较近的时间段 (too many records were submitted since: choose a later period)',
    );
  // Keys are fixed-width dates and ids without '/': their order as text is the order of the line.
  lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const first = query.after === undefined ? 0 : lines.findIndex((line) => line.key > (query.after ?? ''));
  const part = first < 0 ? [] : lines.slice(first, first + EXPORT_PART_ROWS);
  const lastLine = part.at(-1);
  const next =
    first >= 0 && first + EXPORT_PART_ROWS < lines.length && lastLine !== undefined
      ? lastLine.key
      : undefined;

  const volunteerIds = [...new Set(part.map((line) => line.volunteerId))];
  const batches: string[][] = [];
  for (let index = 0; index < volunteerIds.length; index += PROFILE_BATCH)
    batches.push(volunteerIds.slice(index, index + PROFILE_BATCH));
  const profiles = new Map<string, ProfileItem>();
  for (const found of await mapBounded(batches, PROFILE_BATCH_CONCURRENCY, (ids) =>
    deps.sources.profiles(ids),
  ))
    for (const [id, profile] of found) profiles.set(id, profile);
  const idNumbers = new Map<string, string>();
  await mapBounded([...profiles.values()], EXPORT_CONCURRENCY, async (profile) => {
    const idNumber = await idNumberOf(deps, profile);
    if (idNumber !== undefined) idNumbers.set(profile.volunteerId, idNumber);
  });

  const rows: ServiceExportRow[] = part.map(({ record, volunteerId, hours }) => {
    const profile = profiles.get(volunteerId);
    const idNumber = idNumbers.get(volunteerId);
    return {
      recordId: record.id,
      volunteerId,
      name: profile?.name ?? '',
      idType: idNumber === undefined ? undefined : profile?.idType,
      idNumber,
      externalId: profile?.externalId,
      date: record.activity.date,
      content: record.activity.name,
      place: record.activity.place,
      startTime: record.activity.startTime,
      endTime: record.activity.endTime,
      hours,
      organiser: tree.get(record.orgId)?.name ?? record.orgId,
      responsible: record.activity.responsible,
      recordedAt: record.submittedAt,
      approvedAt: record.approvedAt,
    };
  });
  const file = await render('服务记录', SERVICE_EXPORT_COLUMNS, rows, query, {
    fileName: serviceExportName(query.from, query.to, first > 0 ? first + 1 : undefined),
    generatedAt: deps.now().toISOString(),
  });
  assertAnswerable(file.body, query.format);
  logger.info('service records exported', {
    by: principal.userId,
    rows: rows.length,
    format: query.format,
    encoding: query.format === 'csv' ? query.encoding : undefined,
    bytes: answerBytes(file.body),
    from: query.from,
    to: query.to,
    part: query.after === undefined ? 'first' : 'next',
    last: next === undefined,
  });
  return { ...file, rows, next };
}
