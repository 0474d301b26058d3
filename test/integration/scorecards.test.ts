import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as exportScorecards } from '../../functions/orders/export-scorecards';
import type { Scorecards } from '../../shared/orders/contract/scorecards';
import { SHEET_NAMES, XLSX_MEDIA_TYPE } from '../../shared/orders/rules/scorecard-workbook';
import {
  median,
  RANKING_COLUMNS,
  SCORECARD_COLUMNS,
  type ScorecardRow,
  scoreOf,
  UNASSIGNED_ROW,
} from '../../shared/orders/rules/scorecards';
import { chinaDate, chinaMonth } from '../../shared/platform/china-time';
import { CALLERS, type County, RESIDENT, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { callers, invoke, invokeRaw } from '../support/http';
import { freshTable, type TestTable } from './support';

/**
 * 六单 scorecards over HTTP: orders taken through the flow by the office, the teams and the
 * residents, then the scorecard of their month per team and per town, its CSV, and its XLSX opened
 * with exceljs holding the same rows as the JSON.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
const shichuanTeam = stackToken(CALLERS.coordinatorInScope);
const shidongTeam = stackToken(CALLERS.coordinatorOutOfScope);
let keySerial = 0;
const month = chinaMonth(new Date());
const today = chinaDate(new Date());
/** Every order the test makes or the county seeded, by name. */
const numbers: Record<string, string> = {};

const step = async (token: string, number: string, body: Record<string, unknown>) => {
  const answer = await stack.call('POST', `/v1/orders/${number}/steps`, {
    token,
    json: body,
    headers: { 'idempotency-key': `scorecards-${++keySerial}` },
  });
  if (answer.status !== 200) throw new Error(`${String(body.action)}: ${answer.status} ${answer.text}`);
  return answer.json();
};

const get = async (path: string) => {
  const answer = await stack.call('GET', path, { token: admin });
  if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
  return answer.json();
};

beforeAll(async () => {
  table = await freshTable('scorecards');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    ORDERS_PER_PHONE_PER_DAY: '0',
    ORDERS_PER_CLIENT_PER_HOUR: '0',
  });
  county = await seedCounty(stack);
  // The county's own order: dispatched to 什川镇 and accepted.
  numbers.seeded = county.order.number;

  // Rated well by the resident, closed with 2 hours for 谭成华, the record approved (points).
  const rated = await county.freshDoneOrder();
  numbers.rated = rated.number;
  const rating = await stack.call('POST', '/v1/order-tracking/rating', {
    json: { ...rated, attitude: 5, result: 5, timeliness: 4 },
  });
  expect(rating.json().status).toBe('rated');
  const closed = await step(admin, rated.number, {
    action: 'close',
    assessment: '服务完成',
    entries: [{ volunteerId: county.tan, hours: 2 }],
  });
  const [recordId] = closed.recordIds as string[];
  const approved = await stack.call('POST', `/v1/service-records/${recordId}/approve`, {
    token: admin,
    headers: { 'idempotency-key': `scorecards-${++keySerial}` },
  });
  expect(approved.status).toBe(200);

  // A paper rating with a complaint holds it for review; the office closes it without hours.
  const complained = await county.freshDoneOrder();
  numbers.complained = complained.number;
  const held = await step(shichuanTeam, complained.number, {
    action: 'rate',
    attitude: 2,
    result: 3,
    timeliness: 3,
    complaint: true,
  });
  expect(held.status).toBe('held');
  await step(admin, complained.number, { action: 'close', assessment: '已核实并整改', entries: [] });

  // Given back by 什川镇, sent on to 石洞镇, accepted there.
  const returned = await county.freshOrder();
  numbers.returned = returned.number;
  await step(admin, returned.number, { action: 'dispatch', teamOrgId: 'shichuan', dueDate: today });
  await step(shichuanTeam, returned.number, { action: 'return', reason: '人手不够' });
  await step(admin, returned.number, { action: 'dispatch', teamOrgId: 'shidong', dueDate: today });
  await step(shidongTeam, returned.number, { action: 'accept' });

  // Cancelled by the resident before anyone took it.
  const cancelled = await county.freshOrder();
  numbers.cancelled = cancelled.number;
  const withdrawn = await stack.call('POST', '/v1/order-tracking/cancel', {
    json: { ...cancelled, reason: '问题已经解决了' },
  });
  expect(withdrawn.status).toBe(200);

  // A need in 文山村 (石洞镇), not dispatched yet.
  const waiting = await stack.call('POST', '/v1/orders', {
    json: { ...RESIDENT, villageOrgId: 'wenshan', need: '想请人帮忙修一下院门' },
    headers: { 'idempotency-key': `scorecards-${++keySerial}` },
  });
  expect(waiting.status).toBe(201);
  numbers.waiting = String(waiting.json().number);
}, 120_000);

afterAll(async () => {
  await stack.close();
});

const rowOf = (card: Scorecards, orgId: string) => card.rows.find((row) => row.orgId === orgId);

/** Hours between two steps of an order, from its timeline as the API shows it. */
async function hoursBetween(number: string, from: string, to: string): Promise<number> {
  const order = await get(`/v1/orders/${number}`);
  const timeline = order.timeline as { at: string; action: string }[];
  const at = (action: string) =>
    Date.parse(timeline.filter((event) => event.action === action).at(-1)?.at ?? '');
  return (at(to) - at(from)) / 3_600_000;
}

describe('the scorecard of the month, per team', () => {
  it('counts each team’s orders as they went through the flow', async () => {
    const card = (await get(`/v1/scorecards?period=month&value=${month}&by=team`)) as unknown as Scorecards;
    expect([card.period, card.value, card.by, card.months]).toEqual(['month', month, 'team', [month]]);
    expect(card.rows.map((row) => row.orgId)).toEqual(['shichuan', 'shidong', UNASSIGNED_ROW]);
    expect(rowOf(card, 'shichuan')).toMatchObject({
      name: '什川镇',
      received: 3,
      accepted: 3,
      returnedOrders: 0,
      closed: 2,
      overdue: 0,
      completionRate: 0.6667,
      // (5 + 5 + 4) / 3 and (2 + 3 + 3) / 3, averaged.
      averageRating: 3.67,
      ratings: 2,
      complaints: 1,
      volunteerHours: 2,
    });
    // The team that has the order now carries its returns.
    expect(rowOf(card, 'shidong')).toMatchObject({ received: 1, accepted: 1, returnedOrders: 1, returns: 1 });
    expect(rowOf(card, UNASSIGNED_ROW)).toMatchObject({ received: 2, withdrawn: 1, accepted: 0 });
    expect(card.total).toMatchObject({ received: 6, accepted: 4, closed: 2, complaints: 1 });
  });

  it('takes the medians from the orders’ own timelines', async () => {
    const card = (await get(`/v1/scorecards?period=month&value=${month}`)) as unknown as Scorecards;
    const toAccept = await Promise.all(
      [numbers.seeded, numbers.rated, numbers.complained].map((number) =>
        hoursBetween(number ?? '', 'dispatch', 'accept'),
      ),
    );
    const toFinish = await Promise.all(
      [numbers.rated, numbers.complained].map((number) => hoursBetween(number ?? '', 'accept', 'finish')),
    );
    const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
    expect(rowOf(card, 'shichuan')?.medianHoursToAccept).toBe(oneDecimal(median(toAccept)));
    expect(rowOf(card, 'shichuan')?.medianHoursToFinish).toBe(oneDecimal(median(toFinish)));
  });

  it('takes points issued from the monthly report, and ranks by the documented score', async () => {
    const card = (await get(`/v1/scorecards?period=month&value=${month}`)) as unknown as Scorecards;
    const report = await get(`/v1/reports/monthly?month=${month}`);
    const byOrg = report.byOrg as { orgId: string; pointsIssued: number }[];
    const shichuan = byOrg.find((org) => org.orgId === 'shichuan')?.pointsIssued ?? 0;
    expect(shichuan).toBeGreaterThan(0);
    expect(rowOf(card, 'shichuan')?.pointsIssued).toBe(shichuan);
    expect(card.total.pointsIssued).toBe(report.pointsIssued);
    // Only 什川镇 has the 3 orders a rank needs: 40 × 2/3 + 30 × (3.67 − 1) / 4 + 30 × 1 − 20 × 1/3.
    const row = rowOf(card, 'shichuan') as ScorecardRow;
    expect(card.ranking).toEqual([
      { rank: 1, orgId: 'shichuan', name: '什川镇', score: scoreOf(row), excellent: false },
    ]);
    expect(scoreOf(row)).toBe(70);
  });

  it('a quarter and a year holding the month give the same rows', async () => {
    const quarter = `${month.slice(0, 4)}-Q${Math.ceil(Number(month.slice(5)) / 3)}`;
    const [byMonth, byQuarter, byYear] = (await Promise.all([
      get(`/v1/scorecards?period=month&value=${month}`),
      get(`/v1/scorecards?period=quarter&value=${quarter}`),
      get(`/v1/scorecards?period=year&value=${month.slice(0, 4)}`),
    ])) as unknown as Scorecards[];
    expect(byQuarter?.months).toContain(month);
    expect(byYear?.months.length).toBeLessThanOrEqual(12);
    expect(byQuarter?.rows).toEqual(byMonth?.rows);
    expect(byYear?.rows).toEqual(byMonth?.rows);
  });
});

describe('per town, and what is refused', () => {
  it('groups the orders by the town where the need is', async () => {
    const card = (await get(`/v1/scorecards?period=month&value=${month}&by=town`)) as unknown as Scorecards;
    expect(card.rows.map((row) => [row.orgId, row.received])).toEqual([
      ['shichuan', 5],
      ['shidong', 1],
    ]);
  });

  it('refuses a value of another period’s form (400) and anyone but the office (403)', async () => {
    const mismatch = await stack.call('GET', `/v1/scorecards?period=quarter&value=${month}`, {
      token: admin,
    });
    expect([mismatch.status, mismatch.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const coordinator = await stack.call('GET', `/v1/scorecards?period=month&value=${month}`, {
      token: shichuanTeam,
    });
    expect([coordinator.status, coordinator.json().code]).toEqual([403, 'FORBIDDEN']);
  });
});

describe('the files for Excel', () => {
  it('CSV: UTF-8 with a BOM, the rows of the JSON', async () => {
    const answer = await stack.call('GET', `/v1/scorecards/export?period=month&value=${month}&format=csv`, {
      token: admin,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(answer.headers['content-disposition']).toBe(
      `attachment; filename="aixin-scorecards-team-${month}.csv"`,
    );
    expect(answer.text.startsWith('\uFEFF编号 id,名称 name')).toBe(true);
    expect(answer.text).toContain('\r\nshichuan,什川镇,3,3,0,0,0,2,');
  });

  it('XLSX over HTTP: a zip, named for Excel, base64 through the gateway', async () => {
    const answer = await stack.call('GET', `/v1/scorecards/export?period=month&value=${month}&format=xlsx`, {
      token: admin,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe(XLSX_MEDIA_TYPE);
    expect(answer.text.startsWith('PK')).toBe(true);
    expect(Number(answer.headers['content-length'])).toBeGreaterThan(4000);
  });

  it('XLSX opens with exceljs and holds the same rows and ranking as the JSON', async () => {
    const query = { period: 'month', value: month, by: 'team' };
    const json = await invoke(exportScorecards, {
      routeKey: 'GET /v1/scorecards/export',
      query: { ...query, format: 'xlsx' },
      caller: callers.coordinator('shichuan'),
    });
    expect(json.status).toBe(403);
    const raw = await invokeRaw(exportScorecards, {
      routeKey: 'GET /v1/scorecards/export',
      query: { ...query, format: 'xlsx' },
      caller: callers.admin,
    });
    expect([raw.statusCode, raw.isBase64Encoded]).toEqual([200, true]);
    const card = (await get(`/v1/scorecards?period=month&value=${month}&by=team`)) as unknown as Scorecards;

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(String(raw.body), 'base64') as unknown as ArrayBuffer);
    const cells = (sheet: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(sheet)?.eachRow({ includeEmpty: false }, (row) => {
        rows.push(Array.from({ length: row.cellCount }, (_, index) => row.getCell(index + 1).value ?? null));
      });
      return rows;
    };
    const padded = (values: unknown[], length: number) => [
      ...values,
      ...Array.from({ length: length - values.length }, () => null),
    ];
    const table = cells(SHEET_NAMES.table).map((row) => padded(row, SCORECARD_COLUMNS.length));
    expect(table[0]).toEqual(SCORECARD_COLUMNS.map((column) => column.header));
    expect(table.slice(1)).toEqual(
      [...card.rows, card.total].map((row) => SCORECARD_COLUMNS.map((column) => column.value(row))),
    );
    const ranking = cells(SHEET_NAMES.ranking).map((row) => padded(row, RANKING_COLUMNS.length));
    expect(ranking.slice(1)).toEqual(
      card.ranking.map((row) => RANKING_COLUMNS.map((column) => column.value(row))),
    );
  });
});
