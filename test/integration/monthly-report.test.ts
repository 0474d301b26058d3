import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as getMonthlyReport } from '../../functions/reports/get-monthly-report';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { reportsDeps } from '../../shared/reports/store/report-store';
import { monthlyReport } from '../../shared/reports/use-cases/monthly-report';
import { callers, invoke, invokeRaw } from '../support/http';
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

  it('keeps the report of an ended month and answers it again unchanged', async () => {
    const later = { ...reportsDeps(runtime), now: () => new Date('2026-12-05T00:00:00Z') };
    const first = await monthlyReport(later, '2026-11');
    const kept = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.monthlyReport('2026-11') }),
    );
    const again = await monthlyReport({ ...later, now: () => new Date('2027-01-01T00:00:00Z') }, '2026-11');

    expect(first.final).toBe(true);
    expect(kept.Item?.month).toBe('2026-11');
    expect(again).toEqual(first);
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
      expect(text).toContain('组织 org,shichuan,什川镇,镇,3.5,35,8');
      expect(text).toContain('超市 store,van-1,,,,,5,,,1');
      expect([coordinator.status, coordinator.body.code]).toEqual([403, 'FORBIDDEN']);
      expect([badMonth.status, badMonth.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    } finally {
      installRuntime(undefined);
    }
  });
});
