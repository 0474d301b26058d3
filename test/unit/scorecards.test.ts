import { describe, expect, it } from 'vitest';
import {
  buildScorecard,
  isLate,
  median,
  monthsBegun,
  type OrderFigures,
  periodMonths,
  RANKING_MIN_ORDERS,
  rankRows,
  rowOf,
  type ScorecardRow,
  scorecardCsv,
  scoreOf,
  sumPoints,
  UNASSIGNED_ROW,
} from '../../shared/orders/rules/scorecards';

/**
 * The 六单 scorecard's pure rules, on orders whose figures can be added up by hand. Times are UTC
 * instants; China is 8 hours ahead.
 */
const NOW = new Date('2026-11-30T04:00:00.000Z');
const NOW_ISO = NOW.toISOString();

let serial = 0;
function figures(overrides: Partial<OrderFigures> = {}): OrderFigures {
  serial += 1;
  return {
    number: `2026110${String(serial).padStart(5, '0')}`,
    status: 'submitted',
    villageOrgId: 'shangche',
    townOrgId: 'shichuan',
    submittedAt: '2026-11-01T00:00:00.000Z',
    returns: 0,
    overdue: false,
    complaint: false,
    hours: 0,
    ...overrides,
  };
}

/** A closed order: dispatched at 00:00, accepted `acceptH` hours later, done `finishH` hours after that. */
function closed(acceptH: number, finishH: number, extra: Partial<OrderFigures> = {}): OrderFigures {
  const at = (hours: number) =>
    new Date(Date.parse('2026-11-02T00:00:00.000Z') + hours * 3_600_000).toISOString();
  return figures({
    status: 'closed',
    teamOrgId: 'team-a',
    dispatchedAt: at(0),
    dueDate: '2026-11-20',
    acceptedAt: at(acceptH),
    doneAt: at(acceptH + finishH),
    closedAt: at(acceptH + finishH + 1),
    ratingAverage: 5,
    hours: 2,
    ...extra,
  });
}

describe('periods in the China calendar', () => {
  it('a month is itself, a quarter its three months, a year its twelve', () => {
    expect(periodMonths('month', '2026-11')).toEqual(['2026-11']);
    expect(periodMonths('quarter', '2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(periodMonths('quarter', '2027-Q1')).toEqual(['2027-01', '2027-02', '2027-03']);
    const year = periodMonths('year', '2026');
    expect(year).toHaveLength(12);
    expect([year?.[0], year?.[11]]).toEqual(['2026-01', '2026-12']);
  });

  it('refuses a value of another period’s form', () => {
    expect(periodMonths('month', '2026-Q4')).toBeUndefined();
    expect(periodMonths('quarter', '2026-11')).toBeUndefined();
    expect(periodMonths('year', '2026-11')).toBeUndefined();
    expect(periodMonths('month', '2026-13')).toBeUndefined();
    expect(periodMonths('quarter', '2026-Q5')).toBeUndefined();
  });

  it('reads only months that have begun in China', () => {
    // 2026-11-30T20:00Z is already 1 December in China.
    expect(monthsBegun(['2026-10', '2026-11', '2026-12'], new Date('2026-11-30T20:00:00.000Z'))).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(monthsBegun(['2026-10', '2026-11', '2026-12'], new Date('2026-11-30T15:00:00.000Z'))).toEqual([
      '2026-10',
      '2026-11',
    ]);
  });
});

describe('medians', () => {
  it('of an odd count is the middle value, of an even count the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('of hours to accept and to finish, in a row', () => {
    // Accepted after 2, 4, 9 hours (median 4); finished 10, 20, 30, 40 hours after acceptance
    // (three closed orders and one done: median 25).
    const orders = [
      closed(2, 10),
      closed(4, 20),
      closed(9, 30),
      closed(1, 40, { status: 'done', closedAt: undefined }),
    ];
    const row = rowOf('team-a', '甲队', orders, NOW_ISO, 0);
    expect(row.medianHoursToAccept).toBe(3);
    expect(row.medianHoursToFinish).toBe(25);
    const odd = rowOf('team-a', '甲队', orders.slice(0, 3), NOW_ISO, 0);
    expect([odd.medianHoursToAccept, odd.medianHoursToFinish]).toEqual([4, 20]);
  });
});

describe('a row, added up by hand', () => {
  const orders = [
    closed(2, 10, { ratingAverage: 5 }),
    closed(4, 20, { ratingAverage: 4, returns: 2 }),
    closed(9, 30, { ratingAverage: 3, complaint: true, hours: 3.5 }),
    // Rejected by the office after one return: not counted in the completion rate.
    figures({ status: 'rejected', teamOrgId: 'team-a', returns: 1 }),
    // Cancelled before acceptance: not counted either.
    figures({ status: 'cancelled', teamOrgId: 'team-a', dispatchedAt: '2026-11-02T00:00:00.000Z' }),
    // Cancelled by the office after acceptance: counted, not closed.
    figures({
      status: 'cancelled',
      teamOrgId: 'team-a',
      dispatchedAt: '2026-11-02T00:00:00.000Z',
      acceptedAt: '2026-11-02T01:00:00.000Z',
      dueDate: '2026-11-20',
    }),
  ];
  const row = rowOf('team-a', '甲队', orders, NOW_ISO, 120);

  it('counts orders received, accepted, returned, closed', () => {
    expect(row).toMatchObject({
      received: 6,
      accepted: 4,
      returnedOrders: 2,
      returns: 3,
      rejected: 1,
      withdrawn: 1,
      closed: 3,
      ratings: 3,
      complaints: 1,
      pointsIssued: 120,
    });
  });

  it('completion rate is closed ÷ (received − rejected − withdrawn); rating the mean of rated orders', () => {
    expect(row.completionRate).toBe(0.75);
    expect(row.averageRating).toBe(4);
    expect(row.volunteerHours).toBe(7.5);
  });

  it('an empty period has nothing to divide by', () => {
    const empty = rowOf('team-a', '甲队', [], NOW_ISO, 0);
    expect(empty).toMatchObject({
      received: 0,
      completionRate: null,
      averageRating: null,
      medianHoursToAccept: null,
      medianHoursToFinish: null,
      volunteerHours: 0,
    });
  });
});

describe('lateness', () => {
  it('accepted more than 3 days after dispatch is late; within 3 days is not', () => {
    expect(isLate(closed(72, 1), NOW_ISO)).toBe(false);
    expect(isLate(closed(73, 1), NOW_ISO)).toBe(true);
  });

  it('done after the end of its due date in China is late; on the day is not', () => {
    // Due 2026-11-20: the day ends at 2026-11-20T16:00Z.
    const done = (doneAt: string) =>
      figures({
        status: 'done',
        teamOrgId: 'team-a',
        dispatchedAt: '2026-11-18T00:00:00.000Z',
        acceptedAt: '2026-11-18T01:00:00.000Z',
        dueDate: '2026-11-20',
        doneAt,
      });
    expect(isLate(done('2026-11-20T15:59:00.000Z'), NOW_ISO)).toBe(false);
    expect(isLate(done('2026-11-20T16:01:00.000Z'), NOW_ISO)).toBe(true);
  });

  it('an order still waiting past its stage’s due time is late; an ended one only if it was', () => {
    const waiting = figures({ status: 'submitted', submittedAt: '2026-11-27T00:00:00.000Z' });
    expect(isLate(waiting, '2026-11-28T23:00:00.000Z')).toBe(false);
    expect(isLate(waiting, '2026-11-29T01:00:00.000Z')).toBe(true);
    const serving = figures({
      status: 'in_service',
      dispatchedAt: '2026-11-10T00:00:00.000Z',
      acceptedAt: '2026-11-10T01:00:00.000Z',
      dueDate: '2026-11-29',
    });
    expect(isLate(serving, '2026-11-29T15:00:00.000Z')).toBe(false);
    expect(isLate(serving, '2026-11-29T16:30:00.000Z')).toBe(true);
    expect(isLate(figures({ status: 'rejected', submittedAt: '2026-11-01T00:00:00.000Z' }), NOW_ISO)).toBe(
      false,
    );
  });
});

describe('the ranking', () => {
  const row = (orgId: string, overrides: Partial<ScorecardRow>): ScorecardRow => ({
    ...rowOf(orgId, orgId, [], NOW_ISO, 0),
    received: 10,
    completionRate: 1,
    averageRating: 5,
    ...overrides,
  });

  it('scores 40 × completion + 30 × rating + 30 × timeliness − 20 × complaint rate', () => {
    expect(scoreOf(row('a', {}))).toBe(100);
    // 40 × 0.5 + 30 × (3 − 1) / 4 + 30 × (1 − 2/10) − 20 × 1/10 = 20 + 15 + 24 − 2
    expect(scoreOf(row('a', { completionRate: 0.5, averageRating: 3, overdue: 2, complaints: 1 }))).toBe(57);
    // Nobody rated: no rating points.
    expect(scoreOf(row('a', { averageRating: null }))).toBe(70);
  });

  it('ranks best first, leaves out small and unassigned rows, marks the top fifth 优秀 at 80 or more', () => {
    const rows = [
      row('c', { completionRate: 0.5 }), // 80
      row('a', {}), // 100
      row('b', { overdue: 5 }), // 85
      row('d', { completionRate: 0, averageRating: null }), // 30
      row('e', { completionRate: 0.9 }), // 96
      row('f', { completionRate: 0.2 }), // 68
      row('small', { received: RANKING_MIN_ORDERS - 1 }),
      row(UNASSIGNED_ROW, {}),
    ];
    const ranking = rankRows(rows);
    expect(ranking.map((entry) => [entry.rank, entry.orgId, entry.score, entry.excellent])).toEqual([
      [1, 'a', 100, true],
      [2, 'e', 96, true],
      [3, 'b', 85, false],
      [4, 'c', 80, false],
      [5, 'f', 68, false],
      [6, 'd', 30, false],
    ]);
  });

  it('marks none 优秀 below the score floor, and breaks ties by completion, size, then id', () => {
    const ranking = rankRows([
      row('y', { completionRate: 0, received: 4 }), // 60
      row('x', { completionRate: 0, received: 4 }), // 60
      row('z', { completionRate: 0, received: 9 }), // 60
    ]);
    expect(ranking.map((entry) => [entry.orgId, entry.excellent])).toEqual([
      ['z', false],
      ['x', false],
      ['y', false],
    ]);
  });
});

describe('the scorecard', () => {
  const orders = [
    closed(2, 10, { teamOrgId: 'team-a', townOrgId: 'shichuan' }),
    closed(4, 20, { teamOrgId: 'team-b', townOrgId: 'shidong' }),
    figures({ townOrgId: 'shidong' }),
    figures({ townOrgId: undefined }),
  ];
  const points = sumPoints([
    { total: 100, byOrg: { 'team-a': 30, shichuan: 50, shidong: 20 } },
    { total: 10, byOrg: { 'team-a': 5, shidong: 5 } },
  ]);
  const card = (by: 'team' | 'town', figuresOf = orders) =>
    buildScorecard({
      period: 'quarter',
      value: '2026-Q4',
      by,
      months: ['2026-10', '2026-11'],
      figures: figuresOf,
      pointsByOrg: points.byOrg,
      pointsTotal: points.total,
      nameOf: (orgId) => ({ 'team-a': '甲队', shichuan: '什川镇' })[orgId],
      now: NOW,
    });

  it('groups by team, with the undispatched orders last and points summed over the months', () => {
    const byTeam = card('team');
    expect(byTeam.rows.map((row) => [row.orgId, row.name, row.received, row.pointsIssued])).toEqual([
      ['team-a', '甲队', 1, 35],
      ['team-b', 'team-b', 1, 0],
      [UNASSIGNED_ROW, '未派单 (not dispatched)', 2, 0],
    ]);
    expect([byTeam.total.received, byTeam.total.closed, byTeam.total.pointsIssued]).toEqual([4, 2, 110]);
    // Every row has fewer than RANKING_MIN_ORDERS orders.
    expect(byTeam.ranking).toEqual([]);
  });

  it('groups by town where the need is', () => {
    const byTown = card('town');
    expect(byTown.rows.map((row) => [row.orgId, row.received, row.pointsIssued])).toEqual([
      ['shichuan', 1, 50],
      ['shidong', 2, 25],
      [UNASSIGNED_ROW, 1, 0],
    ]);
  });

  it('an empty period has no rows and a zero total', () => {
    const empty = card('team', []);
    expect(empty.rows).toEqual([]);
    expect(empty.ranking).toEqual([]);
    expect([empty.total.received, empty.total.completionRate, empty.total.pointsIssued]).toEqual([
      0,
      null,
      110,
    ]);
  });

  it('as CSV: a BOM, a header, the rows, the total, then the ranking; formulas defused', () => {
    const csv = scorecardCsv({
      ...card('team'),
      rows: [{ ...card('team').rows[0], name: '=HYPERLINK("x")' } as ScorecardRow],
    });
    expect(csv.startsWith('\uFEFF编号 id,名称 name,收到 received')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[1]).toBe(`team-a,"'=HYPERLINK(""x"")",1,1,0,0,0,1,2,10,1,5,0,2,35`);
    expect(lines[2]?.startsWith('total,合计 (total),4,')).toBe(true);
    expect(lines[3]).toBe('');
    expect(lines[4]).toBe('名次 rank,编号 id,名称 name,得分 score,优秀 excellent');
  });
});
