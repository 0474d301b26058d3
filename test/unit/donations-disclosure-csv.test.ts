import { describe, expect, it } from 'vitest';
import { disclosureCsv } from '../../shared/donations/rules/disclosure-csv';

describe('公示 as CSV', () => {
  it('starts with a BOM, writes yuan from fen, marks a void 作废, and never lets a name be a formula', () => {
    // Act
    const csv = disclosureCsv({
      month: '2026-11',
      towns: [{ orgId: 'shichuan', name: '什川镇', hours: 12.5, pointsIssued: 300, pointsRedeemed: 120 }],
      total: { hours: 12.5, pointsIssued: 300, pointsRedeemed: 120 },
      stores: [
        {
          storeId: 'S1',
          name: '什川镇爱心超市',
          redemptions: 3,
          voids: 1,
          pointsRedeemed: 120,
          stockOnHand: 40,
          goods: [
            { name: '肥皂', qty: 4 },
            { name: '毛巾', qty: 1 },
          ],
        },
      ],
      donations: [
        {
          receiptNumber: 'GL-JZ-2026-000007',
          status: 'voided',
          kind: 'donation',
          donor: '=HYPERLINK("x")',
          receivedOn: '2026-11-03',
          goods: [{ name: '大米 5kg', qty: 10 }],
          valueFen: 45_005,
        },
      ],
      purchases: [
        {
          status: 'recorded',
          supplier: '皋兰县某某粮油店',
          receivedOn: '2026-11-04',
          storeId: 'S1',
          goods: [{ name: '食用油', qty: 6 }],
          valueFen: 11_940,
        },
      ],
    });
    // Assess
    expect(csv.startsWith('\uFEFF类型 kind,')).toBe(true);
    expect(csv).toContain('乡镇 town,shichuan,什川镇,12.5,300,120\r\n');
    expect(csv).toContain('S1,什川镇爱心超市,3,1,120,40,肥皂×4；毛巾×1\r\n');
    expect(csv).toContain(
      `捐物 goods,GL-JZ-2026-000007,"'=HYPERLINK(""x"")",2026-11-03,大米 5kg×10,450.05,作废\r\n`,
    );
    expect(csv).toContain('采购,皋兰县某某粮油店,S1,2026-11-04,食用油×6,119.40,有效\r\n');
    expect(csv).not.toContain('光荣榜');
  });

  it('adds the honour roll when the notice has it: volunteers by rank, then the winners, masked as given', () => {
    // Act
    const csv = disclosureCsv({
      month: '2026-11',
      towns: [],
      total: { hours: 7.5, pointsIssued: 0, pointsRedeemed: 0 },
      stores: [],
      donations: [],
      purchases: [],
      honourRoll: {
        volunteers: [
          { name: '谭*华', hours: 5, town: '什川镇' },
          { name: '-魏*科', hours: 2.5 },
        ],
        winners: [{ name: '马*兰', prizePoints: 10 }],
      },
    });
    // Assess
    expect(csv).toContain('光荣榜 honour roll,名次 rank,姓名 name,服务时长 hours,乡镇 town,奖品 prize\r\n');
    expect(csv).toContain('志愿者 volunteer,1,谭*华,5,什川镇\r\n');
    expect(csv).toContain("志愿者 volunteer,2,'-魏*科,2.5,\r\n");
    expect(csv).toContain('抽奖中奖 draw winner,,马*兰,,,10 积分 points\r\n');
    expect(csv.endsWith('\r\n')).toBe(true);
  });
});
