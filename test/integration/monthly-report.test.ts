import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getMonthlyReport } from '../../functions/reports/get-monthly-report';
import { handler as getTrend } from '../../functions/reports/get-trend';
import { DynamoDrawStore } from '../../shared/draws/store/draw-store';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { approveServiceRecord } from '../../shared/earning/use-cases/approve-service-record';
import { submitServiceRecord } from '../../shared/earning/use-cases/submit-service-record';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys, monthShard } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { reportsDeps } from '../../shared/reports/store/report-store';
import { monthlyReport, monthsEnding } from '../../shared/reports/use-cases/monthly-report';
import { callers, invoke, invokeRaw } from '../support/http';
import { addProfile } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const ORGS = [
  { orgId: 'gaolan', name: '皋兰县', level: 'county' },
  { orgId: 'law-team', name: '法律服务分队', level: 'team', parentId: 'gaolan' },
  { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'wenshan', name: '文山村', level: 'village', parentId: 'shichuan' },
];

let table: TestTable;
let runtime: Runtime;

/** Posts a movement at a chosen instant, as the use cases would. */
async function move(
  at: string,
  volunteerId: string,
  kind: 'earn' | 'redeem' | 'void',
  amount: number,
  details: { hours?: number; storeId?: string },
) {
  const ledger = new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: () => new Date(at),
  });
  await ledger.postMovement({
    draft: {
      kind,
      volunteerId,
      direction: kind === 'redeem' ? 'debit' : 'credit',
      amount,
      counterAccount:
        kind === 'earn' ? SYSTEM_ACCOUNT.issuance : SYSTEM_ACCOUNT.store(details.storeId ?? 'none'),
      ref: `test:${at}`,
      actor: 'tester',
      details,
    },
    idempotency: { scope: 'test', key: `${volunteerId}-${at}`, fingerprint: 'f' },
    respond: () => ({ status: 201, body: {} }),
  });
}

/** A day's approved hours as the service-record approval writes them, with the month index keys. */
async function putHours(volunteerId: string, date: string, quarters: number): Promise<void> {
  const month = date.slice(0, 7);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.dailyHours(volunteerId, date),
        ...keys.dailyHoursByMonth(month, monthShard(volunteerId), volunteerId, date),
        entity: ENTITY.dailyHours,
        volunteerId,
        date,
        month,
        quarters,
        updatedAt: '2026-11-30T00:00:00.000Z',
      },
    }),
  );
}

beforeAll(async () => {
  table = await freshTable('report');
  for (const org of ORGS) {
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.org(org.orgId), ...org } }),
    );
  }
  runtime = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  await runtime.ledger.openAccount('tan', { orgId: 'wenshan' });
  await runtime.ledger.openAccount('lawyer', { orgId: 'law-team' });
  // 00:30 on 1 November in China is still 31 October in UTC: it belongs to November.
  await move('2026-10-31T16:30:00.000Z', 'tan', 'earn', 35, { hours: 3.5 });
  await move('2026-11-10T02:00:00.000Z', 'lawyer', 'earn', 20, { hours: 2 });
  await move('2026-11-12T02:00:00.000Z', 'tan', 'redeem', 12, { storeId: 'shichuan-store' });
  await move('2026-11-12T03:00:00.000Z', 'tan', 'void', 12, { storeId: 'shichuan-store' });
  await move('2026-11-13T02:00:00.000Z', 'tan', 'redeem', 8, { storeId: 'shichuan-store' });
  // 23:59 on 30 November in China; the next one is 1 December in China.
  await move('2026-11-30T15:59:00.000Z', 'lawyer', 'redeem', 5, { storeId: 'van-1' });
  await move('2026-11-30T16:01:00.000Z', 'lawyer', 'redeem', 5, { storeId: 'van-1' });
  // The hours behind those earns, by the day they were served; a day of October is October's.
  await putHours('tan', '2026-11-01', 14);
  await putHours('lawyer', '2026-11-10', 8);
  await putHours('tan', '2026-10-31', 12);
});

describe('monthly report', () => {
  it('counts a China month by organisation subtree and by store', async () => {
    const report = await monthlyReport(
      { ...reportsDeps(runtime), now: () => new Date('2026-11-28T00:00:00Z') },
      '2026-11',
    );

    expect(report).toMatchObject({
      month: '2026-11',
      hours: 5.5,
      pointsIssued: 55,
      pointsRedeemed: 13,
      final: false,
    });
    expect(report.movements).toBe(6);
    const byOrg = Object.fromEntries(
      report.byOrg.map((org) => [org.orgId, [org.hours, org.pointsIssued, org.pointsRedeemed]]),
    );
    expect(byOrg).toEqual({
      gaolan: [5.5, 55, 13],
      'law-team': [2, 20, 5],
      shichuan: [3.5, 35, 8],
      wenshan: [3.5, 35, 8],
    });
    expect(report.byStore).toEqual([
      { storeId: 'shichuan-store', pointsRedeemed: 8, redemptions: 2, voids: 1 },
      { storeId: 'van-1', pointsRedeemed: 5, redemptions: 1, voids: 0 },
    ]);
  });

  it('keeps the points of an ended month and answers them again unchanged; the hours are read anew', async () => {
    const later = { ...reportsDeps(runtime), now: () => new Date('2026-12-05T00:00:00Z') };
    const first = await monthlyReport(later, '2026-11');
    const kept = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.monthlyReport('2026-11') }),
    );
    const again = await monthlyReport({ ...later, now: () => new Date('2027-01-01T00:00:00Z') }, '2026-11');

    expect(first.final).toBe(true);
    expect(kept.Item?.month).toBe('2026-11');
    // The points are kept; the hours are read again, and say when.
    expect(again).toEqual({ ...first, hoursAsOf: '2027-01-01T00:00:00.000Z' });
    expect(first.hoursAsOf).toBe('2026-12-05T00:00:00.000Z');
  });

  it('counts hours in the month they were served: November service approved in December is November’s', async () => {
    // Prepare: 3 hours served on 20 November, submitted and approved on 3 December (China time)
    const december = new Date('2026-12-03T02:00:00.000Z');
    const approving: Runtime = {
      ...runtime,
      now: () => december,
      ledger: new LedgerStore({ client: table.client, tableName: table.tableName, now: () => december }),
    };
    await addProfile(approving, { id: 'late', orgId: 'wenshan' });
    const admin = { userId: 'admin-1', roles: new Set(['admin'] as const) };
    const submitted = await submitServiceRecord(
      earningDeps(approving),
      admin,
      { activity: { name: '护河巡查', date: '2026-11-20' }, entries: [{ volunteerId: 'late', hours: 3 }] },
      { key: 'late-record', fingerprint: 'late-record' },
    );
    const recordId = (submitted.body as { id: string }).id;
    const approved = await approveServiceRecord(earningDeps(approving), admin, recordId, {
      key: 'late-approve',
      fingerprint: 'late-approve',
    });
    const points = (approved.body as { pointsCredited: number }).pointsCredited;
    const at = (now: string) => ({ ...reportsDeps(runtime), now: () => new Date(now) });

    // Act: November is already kept (the test before); December is still running
    const november = await monthlyReport(at('2026-12-05T00:00:00Z'), '2026-11');
    const decemberReport = await monthlyReport(at('2026-12-05T00:00:00Z'), '2026-12');
    let drawQuarters = 0;
    await new DynamoDrawStore({ client: table.client, tableName: table.tableName }).listMonthHours(
      '2026-11',
      (_shard, _volunteerId, quarters) => {
        drawQuarters += quarters;
      },
    );

    // Assess: the hours are November's, as the draw counts them; the points are December's
    expect(points).toBeGreaterThan(0);
    expect([november.hours, november.pointsIssued, november.final]).toEqual([8.5, 55, true]);
    expect(november.hours * 4).toBe(drawQuarters);
    const hoursOf = (report: typeof november) =>
      Object.fromEntries(report.byOrg.map((org) => [org.orgId, org.hours]));
    expect(hoursOf(november)).toEqual({ gaolan: 8.5, 'law-team': 2, shichuan: 6.5, wenshan: 6.5 });
    expect([decemberReport.hours, decemberReport.pointsIssued]).toEqual([0, points]);
    expect(hoursOf(decemberReport)).toEqual({ gaolan: 0, 'law-team': 0, shichuan: 0, wenshan: 0 });
  });

  it('serves JSON to admins, CSV with a BOM on request, and refuses others', async () => {
    installRuntime({ ...runtime, now: () => new Date('2026-11-28T00:00:00Z') });
    try {
      const json = await invoke(getMonthlyReport, {
        routeKey: 'GET /v1/reports/monthly',
        query: { month: '2026-11' },
        caller: callers.admin,
      });
      const csv = await invokeRaw(getMonthlyReport, {
        routeKey: 'GET /v1/reports/monthly',
        query: { month: '2026-11', format: 'csv' },
        caller: callers.admin,
      });
      const coordinator = await invoke(getMonthlyReport, {
        routeKey: 'GET /v1/reports/monthly',
        query: { month: '2026-11' },
        caller: callers.coordinator('shichuan'),
      });
      const badMonth = await invoke(getMonthlyReport, {
        routeKey: 'GET /v1/reports/monthly',
        query: { month: '2026-13' },
        caller: callers.admin,
      });

      expect(json.status).toBe(200);
      expect(json.body.pointsIssued).toBe(55);
      expect(csv.headers?.['content-type']).toBe('text/csv; charset=utf-8');
      const text = String(csv.body);
      expect(text.startsWith('\uFEFF')).toBe(true);
      // Including the 3 hours served in November that were approved in December (the test before).
      expect(text).toContain('组织 org,shichuan,什川镇,镇,6.5,35,8');
      expect(text).toContain('超市 store,van-1,,,,,5,,,1');
      // The headings and the note say which clock each figure follows.
      expect(text).toContain('服务时长(按服务日期) hours (by service date)');
      expect(text).toContain('发放积分(按入账日期) points issued (by posting date)');
      expect(text).toMatch(
        /说明 note,,"服务时长按服务日期计入当月.*统计截至 2026-11-28 08:00；积分按入账日期计入当月/,
      );
      expect([coordinator.status, coordinator.body.code]).toEqual([403, 'FORBIDDEN']);
      expect([badMonth.status, badMonth.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    } finally {
      installRuntime(undefined);
    }
  });
});

describe('the trend over months', () => {
  it('puts the months side by side, oldest first, each as its own report says', async () => {
    installRuntime({ ...runtime, now: () => new Date('2026-11-28T00:00:00Z') });
    try {
      const answer = await invoke(getTrend, {
        routeKey: 'GET /v1/reports/trend',
        query: { to: '2026-11', months: '3' },
        caller: callers.admin,
      });
      expect(answer.status).toBe(200);
      const months = answer.body.months as { month: string; hours: number; pointsIssued: number }[];
      expect(months.map((month) => month.month)).toEqual(['2026-09', '2026-10', '2026-11']);
      const deps = { ...reportsDeps(runtime), now: () => new Date('2026-11-28T00:00:00Z') };
      for (const month of months) {
        const report = await monthlyReport(deps, month.month);
        expect([month.hours, month.pointsIssued], month.month).toEqual([report.hours, report.pointsIssued]);
      }
      // October's twelve quarter-hours served count in October.
      expect(months[1]?.hours).toBe(3);
    } finally {
      installRuntime(runtime);
    }
  });

  it('counts months across a new year', () => {
    expect(monthsEnding('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });
});
