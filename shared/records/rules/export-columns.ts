import { QUARTERS_PER_HOUR } from '../../earning/rules/points';
import { GENDER_LABELS, type Gender } from '../../people/rules/volunteer-details';
import { COLUMN_ALIASES, guardFormula, type ImportField } from '../../people/rules/volunteer-import';
import { chinaDate, chinaTime } from '../../platform/china-time';
import { formatCsv } from '../../platform/csv';
import { encodeGb18030 } from '../../platform/gb18030';
import { birthDateOf, ID_DOCUMENT_LABELS, type IdDocumentType } from './id-number';
import { STAR_LABELS, starLevel } from './star-level';

/**
 * The exports of volunteers and their service (民政部令第67号): the columns, in Chinese, each with
 * the item of the order it carries, and the file bytes (CSV in UTF-8 with a BOM or in GB18030; the
 * workbook is rules/export-workbook.ts). The volunteers' first columns are headed with the
 * importer's own names (COLUMN_ALIASES, the first of each field), in the form the importer reads
 * back (男/女, 居民身份证, lists joined with 、), so an exported file imports unchanged.
 */

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/** How a CSV is encoded: UTF-8 with a BOM (Excel 2016 and later, WPS), or GB18030 (older Excel, county systems). */
export const EXPORT_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/**
 * Rows one file holds at most (volunteers, or service lines): each volunteer in it costs the
 * opening of their ID number (an X25519 sealed box, about 0.3 ms of CPU as measured locally; a
 * KMS Decrypt with `-c customerKeys=true`) and, in the volunteers' file, a query of their day items
 * (about 0.7 ms of CPU in the SDK), so a part stays inside the function's 10 seconds. A larger
 * export comes as parts, each naming where the next begins (`next` / `after`).
 */
export const EXPORT_PART_ROWS = 1_000;
/**
 * Service lines one period may hold (all its parts): each part reads the whole period's records
 * again, so a period past this is refused and the office exports a shorter one.
 */
export const EXPORT_ROWS_MAX = 20_000;
/**
 * Bytes of an export's body at most, as the function answers it (text as UTF-8, a workbook or a
 * GB18030 CSV base64-encoded): AWS Lambda answers a synchronous invocation with at most 6 MB
 * (the Invoke API reference), and the answer also carries its headers and JSON escapes.
 */
export const EXPORT_ANSWER_BYTES_MAX = 5_000_000;
/** A service export covers at most a year (and a day, for a leap year). */
export const SERVICE_EXPORT_PERIOD_DAYS_MAX = 366;

/** A volunteer as the export writes them: the profile with the ID number opened and the hours summed. */
export interface VolunteerExportRow {
  volunteerId: string;
  name: string;
  phone: string;
  orgId: string;
  orgName: string;
  externalId?: string | undefined;
  gender?: Gender | undefined;
  idType?: IdDocumentType | undefined;
  /** The whole number: the export is the office's (admin only, logged). */
  idNumber?: string | undefined;
  skills?: readonly string[] | undefined;
  serviceIntentions?: readonly string[] | undefined;
  totalQuarters: number;
  createdAt: string;
}

/** One volunteer's part in one approved service record. */
export interface ServiceExportRow {
  recordId: string;
  volunteerId: string;
  name: string;
  idType?: IdDocumentType | undefined;
  idNumber?: string | undefined;
  externalId?: string | undefined;
  date: string;
  content: string;
  place?: string | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  hours: number;
  organiser: string;
  responsible?: string | undefined;
  recordedAt: string;
  approvedAt?: string | undefined;
}

export interface ExportColumn<Row> {
  header: string;
  value: (row: Row) => string | number;
  /** The field the importer reads this column as; absent: the importer ignores it. */
  imports?: ImportField;
  /** Where order No. 67 asks for it (第五条 basic information, 第七条 the service), or why it is there. */
  source: string;
  /** Digits that must stay text in a workbook (a phone, an ID number), never become a number. */
  text?: boolean;
  width?: number;
}

/** The importer's own name for a field: the first of its header names. */
const importHeader = (field: ImportField): string => COLUMN_ALIASES[field][0] as string;

/** Items of a list cell, as the importer splits them again (listFromCell). */
const LIST_SEPARATOR = '、';

const hoursOf = (quarters: number): number => quarters / QUARTERS_PER_HOUR;
const chinaClock = (at: string | undefined): string =>
  at === undefined || at === '' ? '' : `${chinaDate(at)} ${chinaTime(at)}`;

/** The birth date a 居民身份证 number carries (第五条 出生日期); none for other documents. */
function birthDate(row: VolunteerExportRow): string {
  if (row.idType !== 'resident-id' || row.idNumber === undefined) return '';
  return birthDateOf(row.idNumber) ?? '';
}

function starOf(quarters: number): string {
  const level = starLevel(hoursOf(quarters));
  return level === 0 ? '' : STAR_LABELS[level];
}

export const VOLUNTEER_EXPORT_COLUMNS: readonly ExportColumn<VolunteerExportRow>[] = [
  {
    header: importHeader('name'),
    imports: 'name',
    source: '第五条 姓名',
    value: (row) => row.name,
    width: 12,
  },
  {
    header: importHeader('phone'),
    imports: 'phone',
    source: '第五条 联系方式',
    value: (row) => row.phone,
    text: true,
    width: 14,
  },
  {
    header: importHeader('org'),
    imports: 'org',
    source: 'the organisation that registered them, as the importer reads it (an org id)',
    value: (row) => row.orgId,
    width: 14,
  },
  {
    header: importHeader('externalId'),
    imports: 'externalId',
    source: "the volunteer's number in another system (the national system's, when the county keeps it)",
    value: (row) => row.externalId ?? '',
    text: true,
    width: 16,
  },
  {
    header: importHeader('gender'),
    imports: 'gender',
    source: '第五条 性别',
    value: (row) => (row.gender === undefined ? '' : GENDER_LABELS[row.gender]),
    width: 6,
  },
  {
    header: importHeader('idType'),
    imports: 'idType',
    source: '第五条 身份证件号码 (its kind)',
    value: (row) => (row.idType === undefined ? '' : ID_DOCUMENT_LABELS[row.idType]),
    width: 12,
  },
  {
    header: importHeader('idNumber'),
    imports: 'idNumber',
    source: '第五条 身份证件号码',
    value: (row) => row.idNumber ?? '',
    text: true,
    width: 22,
  },
  {
    header: importHeader('skills'),
    imports: 'skills',
    source: '第五条 专业技能',
    value: (row) => (row.skills ?? []).join(LIST_SEPARATOR),
    width: 20,
  },
  {
    header: importHeader('serviceIntentions'),
    imports: 'serviceIntentions',
    source: '第五条 服务类别',
    value: (row) => (row.serviceIntentions ?? []).join(LIST_SEPARATOR),
    width: 20,
  },
  // Read-only columns after the importer's: it reads none of these headers.
  {
    header: '所属组织名称',
    source: 'the name of the organisation in 组织编号',
    value: (row) => row.orgName,
    width: 14,
  },
  {
    header: '出生日期',
    source: '第五条 出生日期 (from a 居民身份证 number; not kept apart from it)',
    value: birthDate,
    width: 12,
  },
  {
    header: '累计服务时长（小时）',
    source: '第七条 服务时间, summed: approved hours of all years (the volunteer’s day items)',
    value: (row) => hoursOf(row.totalQuarters),
    width: 12,
  },
  {
    header: '星级',
    source: '第十条 星级评价, by the thresholds of rules/star-level.ts',
    value: (row) => starOf(row.totalQuarters),
    width: 14,
  },
  {
    header: '注册日期',
    source: 'when they were registered here (China date)',
    value: (row) => chinaDate(row.createdAt),
    width: 12,
  },
  {
    header: '爱心积分编号',
    source: "the product's own id of the volunteer (the service export names it too)",
    value: (row) => row.volunteerId,
    width: 20,
  },
];

export const SERVICE_EXPORT_COLUMNS: readonly ExportColumn<ServiceExportRow>[] = [
  { header: '志愿者姓名', source: '第五条 姓名', value: (row) => row.name, width: 12 },
  {
    header: '证件类型',
    source: '第五条 身份证件号码 (its kind)',
    value: (row) => (row.idType === undefined ? '' : ID_DOCUMENT_LABELS[row.idType]),
    width: 12,
  },
  {
    header: '证件号码',
    source: '第五条 身份证件号码',
    value: (row) => row.idNumber ?? '',
    text: true,
    width: 22,
  },
  {
    header: '志愿者编号',
    source: "the volunteer's number in another system",
    value: (row) => row.externalId ?? '',
    text: true,
    width: 16,
  },
  { header: '服务日期', source: '第七条 日期', value: (row) => row.date, width: 12 },
  {
    header: '服务内容',
    source: '第七条 名称、服务内容 (the activity’s name)',
    value: (row) => row.content,
    width: 24,
  },
  { header: '服务地点', source: '第七条 地点', value: (row) => row.place ?? '', width: 20 },
  {
    header: '开始时间',
    source: '第七条 服务时间 (start, China time)',
    value: (row) => row.startTime ?? '',
    width: 8,
  },
  {
    header: '结束时间',
    source: '第七条 服务时间 (end, China time)',
    value: (row) => row.endTime ?? '',
    width: 8,
  },
  {
    header: '服务时长（小时）',
    source: '第七条 服务时间「以小时为计量单位」',
    value: (row) => row.hours,
    width: 10,
  },
  {
    header: '组织单位',
    source: '第七条 活动组织单位 (the organisation the record belongs to)',
    value: (row) => row.organiser,
    width: 14,
  },
  { header: '活动负责人', source: '第七条 活动负责人', value: (row) => row.responsible ?? '', width: 10 },
  {
    header: '记录时间',
    source: '第十一条: when it was recorded (China time)',
    value: (row) => chinaClock(row.recordedAt),
    width: 17,
  },
  {
    header: '审核时间',
    source: 'when the office approved it (China time)',
    value: (row) => chinaClock(row.approvedAt),
    width: 17,
  },
  { header: '记录编号', source: "the record's id", value: (row) => row.recordId, width: 22 },
  {
    header: '爱心积分编号',
    source: "the product's own id of the volunteer",
    value: (row) => row.volunteerId,
    width: 20,
  },
];

/** The header line and one line of cells per row, as the columns say. */
export function exportTable<Row>(
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
): (string | number)[][] {
  return [
    columns.map((column) => column.header),
    ...rows.map((row) => columns.map((column) => column.value(row))),
  ];
}

/**
 * The table as CSV text (CRLF, quoted only where needed, no BOM). A text cell starting with
 * = + - @ is written after an apostrophe, so that a spreadsheet shows it instead of running it as a
 * formula; the importer reads such a cell back without the apostrophe (`unguardFormula`).
 */
export function exportCsvText(table: readonly (readonly (string | number)[])[]): string {
  return formatCsv(
    table.map((line) => line.map((cell) => (typeof cell === 'number' ? String(cell) : guardFormula(cell)))),
  );
}

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** The CSV's bytes: UTF-8 after a BOM (so Excel reads it as UTF-8), or GB18030 (no BOM: it has none in use). */
export function exportCsvBytes(text: string, encoding: ExportEncoding): Uint8Array {
  if (encoding === 'gb18030') return encodeGb18030(text);
  const body = new TextEncoder().encode(text);
  const bytes = new Uint8Array(UTF8_BOM.length + body.length);
  bytes.set(UTF8_BOM, 0);
  bytes.set(body, UTF8_BOM.length);
  return bytes;
}

/**
 * The CSV as an HTTP answer's body: UTF-8 as text after a BOM character (a Lambda answer carries
 * text as it is, bytes base64-encoded, a third larger), GB18030 as bytes.
 */
export function exportCsvBody(
  text: string,
  encoding: ExportEncoding,
): { text: string } | { bytes: Uint8Array } {
  return encoding === 'gb18030' ? { bytes: encodeGb18030(text) } : { text: `\uFEFF${text}` };
}

/** The media type a CSV in this encoding is answered with. */
export const csvMediaType = (encoding: ExportEncoding): string =>
  `text/csv; charset=${encoding === 'gb18030' ? 'GB18030' : 'utf-8'}`;

/** File names (ASCII, for every browser's Content-Disposition): what, as of when, and which part. */
export function volunteerExportName(
  generatedAt: string,
  orgId?: string,
  firstVolunteerId?: string,
  continued = false,
): string {
  const name = `aixin-volunteers-${orgId === undefined ? 'county' : orgId}-${chinaDate(generatedAt)}`;
  return continued && firstVolunteerId !== undefined ? `${name}-from-${firstVolunteerId}` : name;
}
export const serviceExportName = (from: string, to: string, firstLine?: number): string =>
  `aixin-service-records-${from}-${to}${firstLine === undefined ? '' : `-from-line-${firstLine}`}`;

/** The day before a China date (YYYY-MM-DD). */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
