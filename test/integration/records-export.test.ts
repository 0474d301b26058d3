import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as approveRecord } from '../../functions/earning/approve-service-record';
import { handler as postRecord } from '../../functions/earning/post-service-record';
import { handler as reverseRecord } from '../../functions/earning/reverse-service-record';
import { handler as postVolunteer } from '../../functions/people/post-volunteer';
import { handler as exportServiceRecords } from '../../functions/records/export-service-records';
import { handler as exportVolunteers } from '../../functions/records/export-volunteers';
import { mapColumns, rowFromFields, unguardFormula } from '../../shared/people/rules/volunteer-import';
import { idNumberVaultOf } from '../../shared/people/store/id-number-deps';
import { peopleDepsOver } from '../../shared/people/store/people-deps';
import { importVolunteers } from '../../shared/people/use-cases/import-volunteers';
import { chinaDate } from '../../shared/platform/china-time';
import { type Config, parseConfig } from '../../shared/platform/config';
import { type CsvRecord, decodeText, detectDelimiter, parseCsv } from '../../shared/platform/csv';
import { logger } from '../../shared/platform/observability';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { readXlsxRecords } from '../../shared/platform/xlsx';
import { type Caller, callers, type InvokeOptions, invoke, invokeRaw } from '../support/http';
import { runImportCli } from '../support/import-cli';
import { checkAgainstOpenApi } from '../support/openapi-responses';
import { putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * The exports for the national volunteer information system (民政部令第67号) on DynamoDB Local,
 * through the handlers: the volunteers' file goes back through the importer unchanged (into a fresh
 * table: the same people; into the same table: nothing changes), the service file holds the approved
 * lines of the period and nothing reversed, only admins get either, and the log says how many rows
 * in which format, never who.
 */
const workDir = mkdtempSync(join(tmpdir(), 'aixin-export-'));
const KEY_FILE = join(workDir, 'pii-key');

const VOLUNTEERS = 'GET /v1/volunteers/export';
const SERVICE = 'GET /v1/service-records/export';

/** 皋兰县, born 1960-05-12, a man (its check character by GB 11643-1999). */
const TAN_NUMBER = '620122196005120316';
const PASSPORT = 'E12345678';
const PEOPLE = [
  {
    name: '谭成华',
    phone: '13809310001',
    orgId: 'shangche',
    externalId: 'GL-0001',
    idNumber: TAN_NUMBER,
    skills: ['电工', '木工'],
    serviceIntentions: ['敬老助残'],
  },
  {
    name: '王秀英',
    phone: '13909310003',
    orgId: 'wenshan',
    gender: 'female',
    idType: 'passport',
    idNumber: PASSPORT,
    // A spreadsheet would run a cell starting with - or = as a formula: the CSV guards it.
    skills: ['-舞蹈'],
    serviceIntentions: ['=文艺演出', '助学'],
  },
  { name: '魏仁科', phone: '13909310002', orgId: 'wenshan' },
] as const;
/** What must never reach a log line. */
const SECRETS = [...PEOPLE.flatMap((person) => [person.name, person.phone]), TAN_NUMBER, PASSPORT];

let source: TestTable;
let target: TestTable;
const runtimes = new Map<TestTable, Runtime>();
const configOf = (table: TestTable): Config =>
  parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    AIXIN_PII_KEY_FILE: KEY_FILE,
  });
/** The handlers work on `table` from now on. */
function use(table: TestTable): Runtime {
  let runtime = runtimes.get(table);
  if (runtime === undefined) {
    runtime = buildRuntime(configOf(table), { client: table.client });
    runtimes.set(table, runtime);
  }
  installRuntime(runtime);
  return runtime;
}

let keyCounter = 0;
const key = () => ({ 'idempotency-key': `export-${++keyCounter}` });
const ids = new Map<string, string>();
const serviceDay = (daysAgo: number) => chinaDate(new Date(Date.now() - daysAgo * 86_400_000));

interface ExportedFile {
  status: number;
  headers: Record<string, string>;
  bytes: Buffer;
}

/** The handler's file as a browser would save it, checked against the OpenAPI document. */
async function download(
  handler: Parameters<typeof invokeRaw>[0],
  options: Omit<InvokeOptions, 'caller'>,
): Promise<ExportedFile> {
  const result = await invokeRaw(handler, { ...options, caller: callers.admin });
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
  );
  const body = typeof result.body === 'string' ? result.body : '';
  checkAgainstOpenApi(options.routeKey, result.statusCode ?? 0, headers, result.isBase64Encoded ? '' : body);
  expect(result.statusCode, body.slice(0, 300)).toBe(200);
  return {
    status: result.statusCode ?? 0,
    headers,
    bytes: Buffer.from(body, result.isBase64Encoded === true ? 'base64' : 'utf8'),
  };
}

async function records(file: ExportedFile): Promise<CsvRecord[]> {
  if (file.headers['content-type']?.startsWith('text/csv')) {
    const { text } = decodeText(file.bytes);
    return parseCsv(text, { delimiter: detectDelimiter(text) });
  }
  return readXlsxRecords(file.bytes);
}

/** The exported volunteers as objects keyed by column, by name; cells read as the importer reads them. */
async function volunteersIn(file: ExportedFile): Promise<Map<string, Record<string, string>>> {
  const [header, ...lines] = await records(file);
  const byName = new Map<string, Record<string, string>>();
  for (const line of lines) {
    const row = Object.fromEntries(
      (header?.fields ?? []).map((name, index) => [name, unguardFormula(line.fields[index] ?? '')]),
    );
    byName.set(String(row.姓名), row);
  }
  return byName;
}

async function allItems(table: TestTable): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items.sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`));
}

/** `npm run import -- <file>` into `table`, as the office would run it. */
const importCli = (file: string, table: TestTable) =>
  runImportCli(table, [file], { AIXIN_PII_KEY_FILE: KEY_FILE });

async function submitAndApprove(date: string, entries: { volunteerId: string; hours: number }[]) {
  const submitted = await invoke(postRecord, {
    routeKey: 'POST /v1/service-records',
    body: { activity: { name: '敬老院探访', date, place: '什川镇敬老院', responsible: '李主任' }, entries },
    caller: callers.admin,
    headers: key(),
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const id = String(submitted.body.id);
  const approved = await invoke(approveRecord, {
    routeKey: 'POST /v1/service-records/{id}/approve',
    params: { id },
    caller: callers.admin,
    headers: key(),
  });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return id;
}

beforeAll(async () => {
  source = await freshTable('export');
  target = await freshTable('export-into');
  use(source);
  await putOrgs(SMALL_TREE);
  for (const person of PEOPLE) {
    const answer = await invoke(postVolunteer, {
      routeKey: 'POST /v1/volunteers',
      body: person,
      caller: callers.admin,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    ids.set(person.name, String(answer.body.id));
  }
  const tan = ids.get('谭成华') ?? '';
  const wei = ids.get('魏仁科') ?? '';
  await submitAndApprove(serviceDay(3), [
    { volunteerId: tan, hours: 2.5 },
    { volunteerId: wei, hours: 3 },
  ]);
  const reversed = await submitAndApprove(serviceDay(2), [{ volunteerId: tan, hours: 1 }]);
  const reversal = await invoke(reverseRecord, {
    routeKey: 'POST /v1/service-records/{id}/reverse',
    params: { id: reversed },
    body: { reason: '活动取消，记录有误' },
    caller: callers.admin,
    headers: key(),
  });
  expect(reversal.status, JSON.stringify(reversal.body)).toBe(201);
  // Waiting for approval: not in the export.
  const pending = await invoke(postRecord, {
    routeKey: 'POST /v1/service-records',
    body: { activity: { name: '河道清洁', date: serviceDay(1) }, entries: [{ volunteerId: wei, hours: 4 }] },
    caller: callers.admin,
    headers: key(),
  });
  expect(pending.status).toBe(201);
  use(target);
  await putOrgs(SMALL_TREE);
  use(source);
}, 60_000);

afterEach(() => {
  vi.restoreAllMocks();
  use(source);
});

afterAll(() => {
  installRuntime(undefined);
  rmSync(workDir, { recursive: true, force: true });
});

describe('the volunteers’ file', () => {
  it('holds every volunteer with the whole ID number and phone, and logs who asked and how many, never who is in it', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    // Act
    const file = await download(exportVolunteers, { routeKey: VOLUNTEERS, query: { format: 'xlsx' } });
    // Assess
    expect(file.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(file.headers['content-disposition']).toMatch(
      /^attachment; filename="aixin-volunteers-county-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    );
    const byName = await volunteersIn(file);
    expect([...byName.keys()].sort()).toEqual(['王秀英', '谭成华', '魏仁科']);
    expect(byName.get('谭成华')).toMatchObject({
      手机号: '13809310001',
      组织编号: 'shangche',
      志愿者编号: 'GL-0001',
      性别: '男',
      证件类型: '居民身份证',
      证件号码: TAN_NUMBER,
      技能特长: '电工、木工',
      服务意向: '敬老助残',
      所属组织名称: '上车村',
      出生日期: '1960-05-12',
      // 2.5 hours approved, the reversed hour taken back from the day items.
      '累计服务时长（小时）': '2.5',
      爱心积分编号: ids.get('谭成华'),
    });
    expect(byName.get('王秀英')).toMatchObject({
      性别: '女',
      证件类型: '护照',
      证件号码: PASSPORT,
      出生日期: '',
    });
    expect(byName.get('魏仁科')).toMatchObject({ 证件号码: '', 性别: '', '累计服务时长（小时）': '3' });
    expect(info.mock.calls.map(([message]) => message)).toContain('volunteers exported');
    expect(info.mock.calls.find(([message]) => message === 'volunteers exported')?.[1]).toEqual({
      by: callers.admin.sub,
      rows: 3,
      format: 'xlsx',
      bytes: Math.ceil(file.bytes.length / 3) * 4,
      orgId: 'county',
      part: 'first',
      last: true,
    });
    // One part: no next one to ask for.
    expect(file.headers['x-export-rows']).toBe('3');
    expect(file.headers).not.toHaveProperty('x-export-next');
    const logged = JSON.stringify(info.mock.calls);
    for (const secret of SECRETS) expect(logged).not.toContain(secret);
  });

  it('holds one organisation and what lies below it when asked', async () => {
    const file = await download(exportVolunteers, {
      routeKey: VOLUNTEERS,
      query: { format: 'csv', orgId: 'shidong' },
    });
    expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect([...file.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...(await volunteersIn(file)).keys()].sort()).toEqual(['王秀英', '魏仁科']);
  });

  it('goes on after a given volunteer, organisation by organisation, as a later part does', async () => {
    const file = await download(exportVolunteers, {
      routeKey: VOLUNTEERS,
      query: { format: 'csv', after: `shangche/${ids.get('谭成华')}` },
    });
    const firstOfWenshan = [ids.get('王秀英') ?? '', ids.get('魏仁科') ?? ''].sort()[0];
    expect(file.headers['content-disposition']).toContain(`-from-${firstOfWenshan}.csv`);
    expect([...(await volunteersIn(file)).keys()].sort()).toEqual(['王秀英', '魏仁科']);
  });

  it('imports from the command line into a fresh table as the same volunteers', async () => {
    // Prepare
    const exported = await download(exportVolunteers, { routeKey: VOLUNTEERS, query: { format: 'xlsx' } });
    const file = join(workDir, 'volunteers.xlsx');
    writeFileSync(file, exported.bytes);
    // Act
    const run = await importCli(file, target);
    use(target);
    const again = await download(exportVolunteers, {
      routeKey: VOLUNTEERS,
      query: { format: 'csv', encoding: 'gb18030' },
    });
    // Assess
    expect(run.stdout).toContain('  新导入 imported:       3');
    expect(run.code).toBe(0);
    const before = await volunteersIn(exported);
    const after = await volunteersIn(again);
    const imported = [
      '姓名',
      '手机号',
      '组织编号',
      '志愿者编号',
      '性别',
      '证件类型',
      '证件号码',
      '技能特长',
      '服务意向',
      '所属组织名称',
      '出生日期',
    ];
    const pick = (row: Record<string, string> | undefined) =>
      Object.fromEntries(imported.map((column) => [column, row?.[column]]));
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const name of before.keys()) expect(pick(after.get(name)), name).toEqual(pick(before.get(name)));
    // The fresh table has its own salt, so its own ids, and no service yet.
    expect(after.get('谭成华')?.爱心积分编号).not.toBe(before.get('谭成华')?.爱心积分编号);
    expect(after.get('谭成华')?.['累计服务时长（小时）']).toBe('0');
  });

  it('imported back into the same table changes nothing: every row is already registered', async () => {
    // Prepare: the GB18030 CSV this time, with its guarded cells (-舞蹈, =文艺演出).
    const exported = await download(exportVolunteers, {
      routeKey: VOLUNTEERS,
      query: { format: 'csv', encoding: 'gb18030' },
    });
    expect(decodeText(exported.bytes).encoding).toBe('gb18030');
    expect(decodeText(exported.bytes).text).toContain("'-舞蹈");
    const [header, ...lines] = await records(exported);
    const mapping = mapColumns(header?.fields ?? []);
    const rows = lines.map((line) => rowFromFields(line.line, line.fields, mapping.columns));
    const runtime = use(source);
    const itemsBefore = await allItems(source);
    // Act
    const report = await importVolunteers(
      peopleDepsOver(runtime, undefined, idNumberVaultOf(configOf(source))),
      { userId: 'import-cli', roles: new Set(['admin']) },
      rows,
    );
    // Assess
    expect(report).toEqual({ imported: 0, alreadyThere: 3, rejected: [] });
    expect(await allItems(source)).toEqual(itemsBefore);
  });

  it('is the office’s: coordinators and volunteers are refused, an unknown organisation is a 400', async () => {
    const ask = (caller: Caller, query: Record<string, string> = {}) =>
      invoke(exportVolunteers, { routeKey: VOLUNTEERS, query, caller });
    expect((await ask(callers.coordinator('gaolan'))).status).toBe(403);
    expect((await ask(callers.volunteer(ids.get('谭成华') ?? ''))).status).toBe(403);
    const unknown = await ask(callers.admin, { orgId: 'nowhere' });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('the service file', () => {
  it('holds one line per volunteer per approved record of the period, none reversed or waiting', async () => {
    // Prepare
    const info = vi.spyOn(logger, 'info');
    const from = serviceDay(10);
    const to = serviceDay(0);
    // Act
    const file = await download(exportServiceRecords, {
      routeKey: SERVICE,
      query: { from, to, format: 'csv' },
    });
    // Assess
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="aixin-service-records-${from}-${to}.csv"`,
    );
    const [header, ...lines] = await records(file);
    const rows = lines.map((line) =>
      Object.fromEntries((header?.fields ?? []).map((name, index) => [name, line.fields[index] ?? ''])),
    );
    expect(
      rows.map((row) => [
        row.志愿者姓名,
        row.证件号码,
        row.服务日期,
        row['服务时长（小时）'],
        row.服务地点,
        row.组织单位,
      ]),
    ).toEqual(
      [
        ['谭成华', TAN_NUMBER, serviceDay(3), '2.5', '什川镇敬老院', '皋兰县'],
        ['魏仁科', '', serviceDay(3), '3', '什川镇敬老院', '皋兰县'],
      ].sort((a, b) => (ids.get(String(a[0])) ?? '').localeCompare(ids.get(String(b[0])) ?? '')),
    );
    expect(rows[0]).toMatchObject({ 服务内容: '敬老院探访', 活动负责人: '李主任' });
    const logged = JSON.stringify(info.mock.calls);
    for (const secret of SECRETS) expect(logged).not.toContain(secret);
    expect(info.mock.calls.find(([message]) => message === 'service records exported')?.[1]).toMatchObject({
      rows: 2,
      format: 'csv',
      encoding: 'utf-8',
    });
  });

  it('is empty (the header only) for a period without approved service, and the office’s only', async () => {
    const file = await download(exportServiceRecords, {
      routeKey: SERVICE,
      query: { from: '2025-01-01', to: '2025-01-31', format: 'xlsx' },
    });
    expect((await records(file)).map((record) => record.line)).toEqual([1]);
    const refused = await invoke(exportServiceRecords, {
      routeKey: SERVICE,
      query: { from: '2025-01-01', to: '2025-01-31' },
      caller: callers.coordinator('gaolan'),
    });
    expect(refused.status).toBe(403);
  });
});
