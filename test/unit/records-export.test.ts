import Workbook from 'exceljs/lib/doc/workbook.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { OrgTree } from '../../shared/people/rules/org-tree';
import type { ProfileItem } from '../../shared/people/rules/registration';
import { genderFromCell, idTypeFromCell, listFromCell } from '../../shared/people/rules/volunteer-details';
import { IMPORT_FIELDS, mapColumns, rowFromFields } from '../../shared/people/rules/volunteer-import';
import { decodeText, detectDelimiter, parseCsv } from '../../shared/platform/csv';
import { logger } from '../../shared/platform/observability';
import type { Principal } from '../../shared/platform/principal';
import { cellText, isXlsx, readXlsxRecords } from '../../shared/platform/xlsx';
import { ServiceRecordExportQuery, VolunteerExportQuery } from '../../shared/records/contract/export';
import type { ExportDeps, ExportedRecord } from '../../shared/records/port';
import {
  EXPORT_PART_ROWS,
  EXPORT_ROWS_MAX,
  exportCsvBody,
  exportCsvBytes,
  exportCsvText,
  exportTable,
  SERVICE_EXPORT_COLUMNS,
  type ServiceExportRow,
  VOLUNTEER_EXPORT_COLUMNS,
  type VolunteerExportRow,
} from '../../shared/records/rules/export-columns';
import { exportWorkbook } from '../../shared/records/rules/export-workbook';
import {
  answerBytes,
  exportServiceRecords,
  exportVolunteers,
  linesOf,
} from '../../shared/records/use-cases/export';

/** 皋兰县, born 1960-05-12, a man (its check character by GB 11643-1999). */
const TAN_NUMBER = '620122196005120316';
const GENERATED_AT = '2026-03-02T01:00:00.000Z';

const TAN: VolunteerExportRow = {
  volunteerId: 'vtan0000000000001',
  name: '谭成华',
  phone: '13809310001',
  orgId: 'shangche',
  orgName: '上车村',
  externalId: 'GL-0001',
  gender: 'male',
  idType: 'resident-id',
  idNumber: TAN_NUMBER,
  skills: ['-木工', '电工'],
  serviceIntentions: ['敬老助残', '=环境保护'],
  totalQuarters: 4 * 120 + 2,
  createdAt: '2026-03-01T17:30:00.000Z',
};
/** Only what registration needs: no details, no hours, an org id the spreadsheet would run as a formula. */
const WEI: VolunteerExportRow = {
  volunteerId: 'vwei0000000000002',
  name: '魏仁科',
  phone: '13909310002',
  orgId: '-wenshan',
  orgName: '文山村',
  totalQuarters: 0,
  createdAt: '2026-01-10T02:00:00.000Z',
};

const SERVICE_LINE: ServiceExportRow = {
  recordId: 'rec-1',
  volunteerId: TAN.volunteerId,
  name: '谭成华',
  idType: 'resident-id',
  idNumber: TAN_NUMBER,
  externalId: 'GL-0001',
  date: '2026-02-27',
  content: '敬老院探访',
  place: '什川镇敬老院',
  startTime: '09:00',
  endTime: '11:30',
  hours: 2.5,
  organiser: '上车村',
  responsible: '李主任',
  recordedAt: '2026-02-27T16:05:00.000Z',
  approvedAt: '2026-03-01T01:00:00.000Z',
};

/** What the importer makes of one exported line, cell by cell, as import-volunteers reads the cells. */
function imported(header: readonly string[], fields: readonly string[]) {
  const mapping = mapColumns(header);
  expect(mapping.missing).toEqual([]);
  const row = rowFromFields(2, fields, mapping.columns);
  return {
    name: row.name,
    phone: row.phone,
    org: row.org,
    externalId: row.externalId,
    gender: genderFromCell(row.gender ?? ''),
    idType: idTypeFromCell(row.idType ?? ''),
    idNumber: row.idNumber,
    skills: listFromCell(row.skills ?? ''),
    serviceIntentions: listFromCell(row.serviceIntentions ?? ''),
  };
}

const asImported = (row: VolunteerExportRow) => ({
  name: row.name,
  phone: row.phone,
  org: row.orgId,
  externalId: row.externalId,
  gender: row.gender === undefined ? {} : { gender: row.gender },
  idType: row.idType === undefined ? {} : { idType: row.idType },
  idNumber: row.idNumber,
  skills: [...(row.skills ?? [])],
  serviceIntentions: [...(row.serviceIntentions ?? [])],
});

describe('the volunteer columns', () => {
  it('head the imported fields with the importer’s own names, and nothing else maps to a field', () => {
    // Prepare
    const header = VOLUNTEER_EXPORT_COLUMNS.map((column) => column.header);
    // Act
    const { columns, missing } = mapColumns(header);
    // Assess: every field of the importer, each from the column that says it carries it.
    expect(missing).toEqual([]);
    for (const field of IMPORT_FIELDS)
      expect(VOLUNTEER_EXPORT_COLUMNS[columns[field] ?? -1]?.imports, field).toBe(field);
    expect(Object.keys(columns)).toHaveLength(IMPORT_FIELDS.length);
    // The read-only columns come after the importer's.
    const firstReadOnly = VOLUNTEER_EXPORT_COLUMNS.findIndex((column) => column.imports === undefined);
    expect(
      VOLUNTEER_EXPORT_COLUMNS.slice(firstReadOnly).every((column) => column.imports === undefined),
    ).toBe(true);
  });

  it('writes each value as the importer reads it, and the read-only facts beside', () => {
    const [header, line] = exportTable(VOLUNTEER_EXPORT_COLUMNS, [TAN]);
    expect(Object.fromEntries((header ?? []).map((name, index) => [name, line?.[index]]))).toEqual({
      姓名: '谭成华',
      手机号: '13809310001',
      组织编号: 'shangche',
      志愿者编号: 'GL-0001',
      性别: '男',
      证件类型: '居民身份证',
      证件号码: TAN_NUMBER,
      技能特长: '-木工、电工',
      服务意向: '敬老助残、=环境保护',
      所属组织名称: '上车村',
      出生日期: '1960-05-12',
      '累计服务时长（小时）': 120.5,
      星级: '一星级志愿者',
      // 17:30 UTC is the next morning in China.
      注册日期: '2026-03-02',
      爱心积分编号: TAN.volunteerId,
    });
  });

  it('leaves what a volunteer has not given empty, and no star below 100 hours', () => {
    const [, line] = exportTable(VOLUNTEER_EXPORT_COLUMNS, [WEI]);
    expect(line).toEqual([
      '魏仁科',
      '13909310002',
      '-wenshan',
      '',
      '',
      '',
      '',
      '',
      '',
      '文山村',
      '',
      0,
      '',
      '2026-01-10',
      WEI.volunteerId,
    ]);
  });
});

describe('the service columns', () => {
  it('say what order No. 67 第七条 asks of a service, in China time', () => {
    const [header, line] = exportTable(SERVICE_EXPORT_COLUMNS, [SERVICE_LINE]);
    expect(Object.fromEntries((header ?? []).map((name, index) => [name, line?.[index]]))).toEqual({
      志愿者姓名: '谭成华',
      证件类型: '居民身份证',
      证件号码: TAN_NUMBER,
      志愿者编号: 'GL-0001',
      服务日期: '2026-02-27',
      服务内容: '敬老院探访',
      服务地点: '什川镇敬老院',
      开始时间: '09:00',
      结束时间: '11:30',
      '服务时长（小时）': 2.5,
      组织单位: '上车村',
      活动负责人: '李主任',
      记录时间: '2026-02-28 00:05',
      审核时间: '2026-03-01 09:00',
      记录编号: 'rec-1',
      爱心积分编号: TAN.volunteerId,
    });
  });

  it('keep only credited entries of records neither reversed nor being reversed', () => {
    const record: ExportedRecord = {
      id: 'rec-2',
      orgId: 'shangche',
      activity: { name: '河道清洁', date: '2026-02-01' },
      entries: [
        { volunteerId: 'a', hours: 3, credited: true },
        { volunteerId: 'b', hours: 24, credited: false },
        { volunteerId: 'c', hours: 1 },
      ],
      submittedAt: '2026-02-01T08:00:00.000Z',
    };
    expect(linesOf(record)).toEqual([{ volunteerId: 'a', hours: 3 }]);
    expect(linesOf({ ...record, reversedBy: 'rec-3' })).toEqual([]);
    expect(linesOf({ ...record, reversal: { recordId: 'rec-3' } })).toEqual([]);
  });
});

describe('the CSV', () => {
  it('puts an apostrophe before text a spreadsheet would run, and the importer takes it off again', () => {
    // Prepare
    const text = exportCsvText(exportTable(VOLUNTEER_EXPORT_COLUMNS, [TAN, WEI]));
    // Act
    const [header, ...lines] = parseCsv(text, { delimiter: detectDelimiter(text) });
    // Assess
    expect(text).toContain(",'-wenshan,");
    expect(text).toContain(",'-木工、电工,");
    expect(text).not.toMatch(/,=/);
    expect(lines.map((line) => imported(header?.fields ?? [], line.fields))).toEqual([
      asImported(TAN),
      asImported(WEI),
    ]);
  });

  it('is UTF-8 after a BOM, which the importer reads back', () => {
    const text = exportCsvText(exportTable(SERVICE_EXPORT_COLUMNS, [SERVICE_LINE]));
    const bytes = exportCsvBytes(text, 'utf-8');
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decodeText(bytes)).toEqual({ text, encoding: 'utf-8' });
    // The HTTP answer carries the same bytes as text.
    expect(exportCsvBody(text, 'utf-8')).toEqual({ text: `\uFEFF${text}` });
    expect(new TextEncoder().encode(`\uFEFF${text}`)).toEqual(bytes);
  });

  it('is GB18030 without a BOM when asked, decoding back to the same text', () => {
    const text = exportCsvText(exportTable(VOLUNTEER_EXPORT_COLUMNS, [TAN, WEI]));
    const bytes = exportCsvBytes(text, 'gb18030');
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    // 姓名 in GB18030 (GBK's two-byte codes), not UTF-8's three bytes each.
    expect([...bytes.slice(0, 4)]).toEqual([0xd0, 0xd5, 0xc3, 0xfb]);
    expect(decodeText(bytes)).toEqual({ text, encoding: 'gb18030' });
    expect(exportCsvBody(text, 'gb18030')).toEqual({ bytes });
  });
});

describe('the workbook', () => {
  it('has the header in its first row and every cell the importer reads, text kept as text', async () => {
    // Act
    const bytes = await exportWorkbook('志愿者', VOLUNTEER_EXPORT_COLUMNS, [TAN, WEI], GENERATED_AT);
    const records = await readXlsxRecords(bytes);
    // Assess
    expect(isXlsx(bytes)).toBe(true);
    expect(records.map((record) => record.line)).toEqual([1, 2, 3]);
    const [header, ...lines] = records;
    expect(header?.fields).toEqual(VOLUNTEER_EXPORT_COLUMNS.map((column) => column.header));
    expect(lines.map((line) => imported(header?.fields ?? [], line.fields))).toEqual([
      asImported(TAN),
      asImported(WEI),
    ]);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.name).toBe('志愿者');
    // Strings stay strings (an 18-digit number would lose digits as a number); hours are numbers.
    expect(sheet?.getCell('G2').value).toBe(TAN_NUMBER);
    expect(sheet?.getCell('B2').value).toBe('13809310001');
    expect(sheet?.getCell('C3').value).toBe('-wenshan');
    expect(sheet?.getCell('L2').value).toBe(120.5);
  });

  it('makes the same bytes from the same rows at the same time', async () => {
    const first = await exportWorkbook('服务记录', SERVICE_EXPORT_COLUMNS, [SERVICE_LINE], GENERATED_AT);
    const second = await exportWorkbook('服务记录', SERVICE_EXPORT_COLUMNS, [SERVICE_LINE], GENERATED_AT);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
  });
});

describe('reading an .xlsx cell as text', () => {
  it('reads numbers, dates, rich text, links and formulas as a CSV of the sheet would hold them', () => {
    expect(cellText(13809310001)).toBe('13809310001');
    expect(cellText(2.5)).toBe('2.5');
    expect(cellText(new Date('2026-03-01T00:00:00.000Z'))).toBe('2026-03-01');
    expect(cellText({ richText: [{ text: '谭' }, { text: '成华' }] })).toBe('谭成华');
    expect(cellText({ text: '上车村', hyperlink: 'https://example.org' })).toBe('上车村');
    expect(cellText({ formula: 'A1&B1', result: 'shangche' })).toBe('shangche');
    expect(cellText({ formula: 'A1' })).toBe('');
    expect(cellText({ error: '#N/A' })).toBe('');
    expect(cellText(null)).toBe('');
  });

  it('finds the header as the CSV importer does: the first row with something in it, blank rows skipped', async () => {
    // Prepare: an office's own sheet, a blank first row and a blank row between people.
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet('花名册');
    sheet.getCell('A2').value = '姓名';
    sheet.getCell('B2').value = '手机号';
    sheet.getCell('A3').value = '谭成华';
    sheet.getCell('B3').value = 13809310001;
    sheet.getCell('A4').value = ' ';
    sheet.getCell('A5').value = { richText: [{ text: '魏' }, { text: '仁科' }] };
    sheet.getCell('B5').value = '139 0931 0002';
    workbook.addWorksheet('说明').getCell('A1').value = '第二张表不读';
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    // Act
    const records = await readXlsxRecords(bytes);
    // Assess
    expect(records).toEqual([
      { line: 2, fields: ['姓名', '手机号'] },
      { line: 3, fields: ['谭成华', '13809310001'] },
      { line: 5, fields: ['魏仁科', '139 0931 0002'] },
    ]);
    await expect(readXlsxRecords(bytes, { recordsMax: 2 })).rejects.toThrow(/more than 2 records/);
  });

  it('refuses a file that is not a workbook, naming it', async () => {
    await expect(readXlsxRecords(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 1, 2, 3))).rejects.toThrow(/xlsx/);
  });
});

describe('the export queries', () => {
  it('default to a workbook in UTF-8', () => {
    expect(VolunteerExportQuery.parse({})).toEqual({ format: 'xlsx', encoding: 'utf-8' });
  });

  it('take a period of at most a year, in order', () => {
    const period = (from: string, to: string) => ServiceRecordExportQuery.safeParse({ from, to }).success;
    expect(period('2028-01-01', '2028-12-31')).toBe(true);
    expect(period('2026-01-01', '2027-01-01')).toBe(true);
    expect(period('2026-01-01', '2027-01-02')).toBe(false);
    expect(period('2026-03-02', '2026-03-01')).toBe(false);
    expect(period('2026-03-01', '2026-03-01')).toBe(true);
  });
});

/* The use cases over fake sources: the bound, the pages, the log. */

const ADMIN: Principal = { userId: 'admin-1', roles: new Set(['admin']) };
const TREE = new OrgTree([
  { orgId: 'gaolan', name: '皋兰县', level: 'county' },
  { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'shangche', name: '上车村', level: 'village', parentId: 'shichuan' },
]);

const profile = (index: number, orgId = 'shangche'): ProfileItem => ({
  volunteerId: `v${String(index).padStart(6, '0')}`,
  name: `志愿者${index}`,
  phone: `138${String(index).padStart(8, '0')}`,
  orgId,
  createdAt: '2026-01-01T00:00:00.000Z',
  createdBy: 'admin-1',
  registrationId: `r${index}`,
});

function fakeDeps(byOrg: Record<string, ProfileItem[]>, records: ExportedRecord[] = []) {
  const pages: string[] = [];
  const deps: ExportDeps = {
    sources: {
      orgTree: async () => TREE,
      async volunteersIn(orgId, after, limit) {
        pages.push(`${orgId}:${after ?? ''}`);
        const all = byOrg[orgId] ?? [];
        const start = after === undefined ? 0 : all.findIndex((item) => item.volunteerId === after) + 1;
        return { profiles: all.slice(start, start + limit), more: start + limit < all.length };
      },
      profiles: async (ids) =>
        new Map(
          Object.values(byOrg)
            .flat()
            .filter((item) => ids.includes(item.volunteerId))
            .map((item) => [item.volunteerId, item]),
        ),
      totalQuarters: async () => 8,
      approvedRecords: async () => ({ records, next: undefined }),
    },
    idNumbers: {
      lookupOf: () => Promise.reject(new Error('not in an export')),
      seal: () => Promise.reject(new Error('not in an export')),
      open: async () => TAN_NUMBER,
    },
    now: () => new Date(GENERATED_AT),
  };
  return { deps, pages };
}

afterEach(() => vi.restoreAllMocks());

describe('exporting the volunteers', () => {
  it('reads each organisation a page at a time, parents first, a part at a time, and logs counts without personal data', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    const village = Array.from({ length: 1_200 }, (_, index) => profile(index + 1));
    const erased = { ...profile(9_999), name: '（已注销）', phone: '', erasedAt: '2026-02-01T00:00:00.000Z' };
    const { deps, pages } = fakeDeps({
      shangche: [...village, erased],
      gaolan: [{ ...profile(0, 'gaolan'), idType: 'resident-id', idSealed: {} as ProfileItem['idSealed'] }],
    });
    // Act
    const first = await exportVolunteers(deps, ADMIN, { format: 'csv', encoding: 'gb18030' });
    const rest = await exportVolunteers(deps, ADMIN, {
      format: 'csv',
      encoding: 'gb18030',
      after: first.next,
    });
    // Assess
    expect(pages).toEqual([
      'gaolan:',
      'shichuan:',
      'shangche:',
      'shangche:v000500',
      'shangche:v001000',
      // The second part starts in 上车村 after the last volunteer of the first.
      'shangche:v000999',
    ]);
    expect([first.rows.length, rest.rows.length]).toEqual([EXPORT_PART_ROWS, 201]);
    expect(first.next).toBe('shangche/v000999');
    expect(rest.next).toBeUndefined();
    const all = [...first.rows, ...rest.rows].map((row) => row.volunteerId);
    expect(new Set(all).size).toBe(1_201);
    expect(all).not.toContain(erased.volunteerId);
    expect(first.rows[0]).toMatchObject({
      orgId: 'gaolan',
      idNumber: TAN_NUMBER,
      idType: 'resident-id',
      totalQuarters: 8,
    });
    expect(first.rows[1]?.idNumber).toBeUndefined();
    expect(first.fileName).toBe('aixin-volunteers-county-2026-03-02.csv');
    expect(rest.fileName).toBe('aixin-volunteers-county-2026-03-02-from-v001000.csv');
    expect(first.mediaType).toBe('text/csv; charset=GB18030');
    expect(
      'bytes' in first.body && new TextDecoder('gb18030').decode(first.body.bytes).split('\r\n'),
    ).toHaveLength(EXPORT_PART_ROWS + 2);
    expect(info.mock.calls[0]).toEqual([
      'volunteers exported',
      {
        by: 'admin-1',
        rows: EXPORT_PART_ROWS,
        format: 'csv',
        encoding: 'gb18030',
        bytes: answerBytes(first.body),
        orgId: 'county',
        part: 'first',
        last: false,
      },
    ]);
    expect(info.mock.calls[1]?.[1]).toMatchObject({ rows: 201, part: 'next', last: true });
    const logged = JSON.stringify(info.mock.calls);
    for (const row of [...first.rows, ...rest.rows].slice(0, 50)) {
      expect(logged).not.toContain(row.name);
      expect(logged).not.toContain(row.phone);
    }
    expect(logged).not.toContain(TAN_NUMBER);
  });

  it('opens the ID numbers of one part only, and every volunteer comes in exactly one part', async () => {
    // Prepare: 4,500 volunteers in two villages.
    const open = vi.fn(async () => TAN_NUMBER);
    const sealed = (item: ProfileItem): ProfileItem => ({
      ...item,
      idType: 'resident-id',
      idSealed: {} as ProfileItem['idSealed'],
    });
    const { deps } = fakeDeps({
      shangche: Array.from({ length: 2_500 }, (_, index) => sealed(profile(index))),
      shichuan: Array.from({ length: 2_000 }, (_, index) => sealed(profile(10_000 + index, 'shichuan'))),
    });
    deps.idNumbers.open = open;
    // Act
    const seen: string[] = [];
    let after: string | undefined;
    let parts = 0;
    do {
      const file = await exportVolunteers(deps, ADMIN, { format: 'csv', encoding: 'utf-8', after });
      seen.push(...file.rows.map((row) => row.volunteerId));
      expect(open.mock.calls.length).toBeLessThanOrEqual(EXPORT_PART_ROWS * (parts + 1));
      after = file.next;
      parts += 1;
    } while (after !== undefined && parts < 10);
    // Assess: 什川镇 (the parent) before 上车村, and no one twice or missing.
    expect(parts).toBe(5);
    expect(seen).toHaveLength(4_500);
    expect(new Set(seen).size).toBe(4_500);
    expect(seen[0]).toBe('v010000');
    expect(seen.at(-1)).toBe('v002499');
    expect(open).toHaveBeenCalledTimes(4_500);
  });

  it('refuses a position that is not one of this export', async () => {
    const { deps } = fakeDeps({});
    await expect(
      exportVolunteers(deps, ADMIN, { format: 'xlsx', encoding: 'utf-8', after: 'wenshan/v000001' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'query.after' }] });
  });

  it('refuses a file a function could not answer, saying what to ask for instead', async () => {
    // Prepare: 1,000 volunteers with 6 KB of skills each make a 6 MB CSV.
    const info = vi.spyOn(logger, 'info');
    const bulky = Array.from({ length: 1_000 }, (_, index) => ({
      ...profile(index),
      skills: ['技'.repeat(2_000)],
    }));
    const { deps } = fakeDeps({ shangche: bulky });
    // Act
    const refused = exportVolunteers(deps, ADMIN, { format: 'csv', encoding: 'utf-8' });
    // Assess
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'query.format' }],
    });
    await expect(refused).rejects.toThrow(/xlsx/);
    expect(info).not.toHaveBeenCalled();
    expect(answerBytes({ text: '谭' })).toBe(3);
    expect(answerBytes({ bytes: new Uint8Array(4) })).toBe(8);
  });

  it('refuses an organisation that does not exist, and any caller but an admin', async () => {
    const { deps } = fakeDeps({});
    await expect(
      exportVolunteers(deps, ADMIN, { format: 'xlsx', encoding: 'utf-8', orgId: 'nowhere' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const coordinator: Principal = { userId: 'c', roles: new Set(['coordinator']), orgId: 'gaolan' };
    await expect(
      exportVolunteers(deps, coordinator, { format: 'xlsx', encoding: 'utf-8' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('exporting the service of a period', () => {
  const many = (count: number, date = '2026-02-10'): ExportedRecord[] => [
    {
      id: 'rec-many',
      orgId: 'shangche',
      activity: { name: '河道清洁', date },
      entries: Array.from({ length: count }, (_, index) => ({
        volunteerId: `v${String(index).padStart(6, '0')}`,
        hours: 1,
        credited: true,
      })),
      submittedAt: `${date}T08:00:00.000Z`,
    },
  ];

  it('comes in parts of at most EXPORT_PART_ROWS lines, each line in one part', async () => {
    const { deps } = fakeDeps({}, many(2_500));
    const keys: string[] = [];
    let after: string | undefined;
    const sizes: number[] = [];
    do {
      const file = await exportServiceRecords(deps, ADMIN, {
        from: '2026-02-01',
        to: '2026-02-28',
        format: 'csv',
        encoding: 'utf-8',
        after,
      });
      sizes.push(file.rows.length);
      keys.push(...file.rows.map((row) => `${row.recordId}/${row.volunteerId}`));
      after = file.next;
    } while (after !== undefined && sizes.length < 10);
    expect(sizes).toEqual([EXPORT_PART_ROWS, EXPORT_PART_ROWS, 500]);
    expect(new Set(keys).size).toBe(2_500);
  });

  it(`refuses a period of more than ${EXPORT_ROWS_MAX} lines, asking for a shorter one`, async () => {
    const { deps } = fakeDeps({}, many(EXPORT_ROWS_MAX + 1));
    await expect(
      exportServiceRecords(deps, ADMIN, {
        from: '2026-02-01',
        to: '2026-02-28',
        format: 'xlsx',
        encoding: 'utf-8',
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ path: 'query.to' }] });
  });

  it('gives one line per credited volunteer, oldest service first, with names and numbers', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    const record = (id: string, date: string, volunteerId: string): ExportedRecord => ({
      id,
      orgId: 'shangche',
      activity: { name: '敬老院探访', date },
      entries: [{ volunteerId, hours: 2, credited: true }],
      submittedAt: `${date}T08:00:00.000Z`,
      approvedAt: `${date}T09:00:00.000Z`,
    });
    const tan = { ...profile(1), idType: 'resident-id' as const, idSealed: {} as ProfileItem['idSealed'] };
    const { deps } = fakeDeps({ shangche: [tan, profile(2)] }, [
      record('r2', '2026-02-20', 'v000002'),
      record('r1', '2026-02-10', 'v000001'),
      { ...record('r3', '2026-02-11', 'v000001'), reversedBy: 'r4' },
    ]);
    // Act
    const answer = await exportServiceRecords(deps, ADMIN, {
      from: '2026-02-01',
      to: '2026-02-28',
      format: 'xlsx',
      encoding: 'utf-8',
    });
    // Assess
    expect(answer.rows.map((row) => [row.recordId, row.name, row.idNumber, row.organiser])).toEqual([
      ['r1', '志愿者1', TAN_NUMBER, '上车村'],
      ['r2', '志愿者2', undefined, '上车村'],
    ]);
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).not.toContain('志愿者');
    expect(logged).not.toContain(TAN_NUMBER);
    expect(info.mock.calls[0]?.[1]).toEqual({
      by: 'admin-1',
      rows: 2,
      format: 'xlsx',
      encoding: undefined,
      bytes: expect.any(Number),
      from: '2026-02-01',
      to: '2026-02-28',
      part: 'first',
      last: true,
    });
    expect(answer.mediaType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
