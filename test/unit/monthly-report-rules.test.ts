import { describe, expect, it } from 'vitest';
import { OrgTree } from '../../shared/people/rules/org-tree';
import {
  buildMonthlyReport,
  buildPointsReport,
  monthlyReportCsv,
  withServedHours,
} from '../../shared/reports/rules/monthly-report';

const TREE = new OrgTree([
  { orgId: 'gaolan', name: '皋兰县', level: 'county' },
  { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  { orgId: 'shuifu', name: '水阜镇', level: 'town', parentId: 'gaolan' },
]);
const AS_OF = '2026-12-05T00:00:00.000Z';
const META = { final: true, generatedAt: '2026-12-01T00:00:00.000Z' };
const earn = (orgId: string, amount: number, hours: number) => ({
  kind: 'earn' as const,
  direction: 'credit' as const,
  amount,
  counterAccount: 'system:issuance',
  details: { hours, serviceDate: '2026-10-30' },
  orgId,
});

describe('the monthly report’s two clocks', () => {
  it('counts points by the movements of the month and hours by the hours served, never the earns’ hours', () => {
    // Act: an earn of October service posted in November; November service by a 什川 volunteer
    const report = buildMonthlyReport(
      '2026-11',
      [earn('shuifu', 30, 3)],
      [{ orgId: 'shichuan', quarters: 10 }],
      TREE,
      META,
    );

    // Assess
    expect([report.hours, report.pointsIssued]).toEqual([2.5, 30]);
    expect(report.byOrg.map((org) => [org.orgId, org.hours, org.pointsIssued])).toEqual([
      ['gaolan', 2.5, 30],
      ['shichuan', 2.5, 0],
      ['shuifu', 0, 30],
    ]);
  });

  it('replaces the hours of a kept report (even one that counted the earns’ hours), never adds to them', () => {
    // Prepare: a report kept with hours in it
    const kept = buildPointsReport('2026-11', [earn('shuifu', 30, 3)], TREE, META);
    const old = { ...kept, hours: 3, byOrg: kept.byOrg.map((org) => ({ ...org, hours: 3 })) };

    // Act
    const now = withServedHours(old, [{ orgId: 'shuifu', quarters: 4 }, { quarters: 2 }], TREE, AS_OF);

    // Assess: a volunteer without an organisation is counted, under 未归属
    expect([now.hours, now.hoursAsOf, now.pointsIssued]).toEqual([1.5, AS_OF, 30]);
    expect(Object.fromEntries(now.byOrg.map((org) => [org.orgId, org.hours]))).toEqual({
      gaolan: 1,
      shuifu: 1,
      unassigned: 0.5,
    });
    expect(monthlyReportCsv(now)).toContain('统计截至 2026-12-05 08:00');
  });
});
