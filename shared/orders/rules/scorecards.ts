import { chinaDayEnd, chinaMonth } from '../../platform/china-time';
import type { Order } from '../port';
import { dueAt, isOverdue, STAGE_DAYS } from './due-dates';
import type { OrderStatus } from './order-flow';

/**
 * The scorecards the county ranks its teams and towns by (优秀志愿服务项目): one figures item per
 * order, rewritten with every step, summed per team or town over a month, a quarter or a year.
 */
export interface OrderFigures {
  number: string;
  status: OrderStatus;
  teamOrgId?: string | undefined;
  townOrgId?: string | undefined;
  villageOrgId: string;
  projectId?: string | undefined;
  submittedAt: string;
  dispatchedAt?: string | undefined;
  /** The date the office gave the team at dispatch (the service is due by the end of it, China time). */
  dueDate?: string | undefined;
  acceptedAt?: string | undefined;
  doneAt?: string | undefined;
  closedAt?: string | undefined;
  /** How many times a team gave the order back. */
  returns: number;
  /** Whether the current stage was past due at the last step (or is still open and past due). */
  overdue: boolean;
  ratingAverage?: number | undefined;
  complaint: boolean;
  /** Hours the assessment counted (all volunteers). */
  hours: number;
}

export function orderFigures(order: Order, overdueNow: boolean): OrderFigures {
  const scores =
    order.rating === undefined ? [] : [order.rating.attitude, order.rating.result, order.rating.timeliness];
  return {
    number: order.number,
    status: order.status,
    teamOrgId: order.teamOrgId,
    townOrgId: order.townOrgId,
    villageOrgId: order.villageOrgId,
    projectId: order.projectId,
    submittedAt: order.submittedAt,
    dispatchedAt: order.dispatchedAt,
    dueDate: order.dueDate,
    acceptedAt: order.acceptedAt,
    doneAt: order.doneAt,
    closedAt: order.closedAt,
    returns: order.timeline.filter((event) => event.action === 'return').length,
    overdue: overdueNow,
    ratingAverage:
      scores.length === 0 ? undefined : scores.reduce((sum, score) => sum + score, 0) / scores.length,
    complaint: order.rating?.complaint === true,
    hours: (order.assessment?.entries ?? []).reduce((sum, entry) => sum + entry.hours, 0),
  };
}

// ---------------------------------------------------------------------------------------------
// Periods: China calendar months, quarters and years.

export const SCORECARD_PERIODS = ['month', 'quarter', 'year'] as const;
export type ScorecardPeriod = (typeof SCORECARD_PERIODS)[number];
export const SCORECARD_GROUPINGS = ['team', 'town'] as const;
export type ScorecardGrouping = (typeof SCORECARD_GROUPINGS)[number];

/** A year reads at most this many month partitions. */
export const PERIOD_MONTHS_MAX = 12;

const PERIOD_PATTERN: Record<ScorecardPeriod, RegExp> = {
  month: /^(20\d{2})-(0[1-9]|1[0-2])$/,
  quarter: /^(20\d{2})-Q([1-4])$/,
  year: /^(20\d{2})$/,
};

/**
 * The China months (YYYY-MM) a period covers: `2026-11` one, `2026-Q4` three (10, 11, 12),
 * `2026` twelve; undefined when the value is not of the period's form.
 */
export function periodMonths(period: ScorecardPeriod, value: string): string[] | undefined {
  const match = PERIOD_PATTERN[period].exec(value);
  if (match === null) return undefined;
  const year = match[1] ?? '';
  const month = (n: number) => `${year}-${String(n).padStart(2, '0')}`;
  if (period === 'month') return [value];
  if (period === 'quarter') {
    const first = (Number(match[2]) - 1) * 3 + 1;
    return [first, first + 1, first + 2].map(month);
  }
  return Array.from({ length: PERIOD_MONTHS_MAX }, (_, index) => month(index + 1));
}

/** The months of a period that have begun by `now` (an order is filed under the month it was asked in). */
export const monthsBegun = (months: readonly string[], now: Date): string[] =>
  months.filter((month) => month <= chinaMonth(now));

// ---------------------------------------------------------------------------------------------
// Rows

/** The row of orders without a team (never dispatched) or without a town: listed, never ranked. */
export const UNASSIGNED_ROW = 'unassigned';

export interface ScorecardRow {
  orgId: string;
  name: string;
  /** Orders asked in the period (filed under the month they were asked in). */
  received: number;
  /** Of those, orders a team accepted (reached 接单 or later, whatever came after). */
  accepted: number;
  /** Orders a team gave back at least once, and how many times in all. */
  returnedOrders: number;
  returns: number;
  /** Orders late at any stage (see `isLate`). */
  overdue: number;
  /** Orders the office turned down, and orders cancelled before any team accepted them. */
  rejected: number;
  withdrawn: number;
  /** Orders assessed and closed (考核定单). */
  closed: number;
  /** Median hours from dispatch to acceptance, and from acceptance to done; null with none. */
  medianHoursToAccept: number | null;
  medianHoursToFinish: number | null;
  /** closed ÷ (received − rejected − withdrawn); null when nothing is left to divide by. */
  completionRate: number | null;
  /** The mean over rated orders of each order's mean score (attitude, result, timeliness; 1–5). */
  averageRating: number | null;
  ratings: number;
  complaints: number;
  /** Hours the assessments counted, all volunteers. */
  volunteerHours: number;
  /** Points issued in the period's months to volunteers in the organisation's subtree (the monthly report). */
  pointsIssued: number;
}

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;

const round = (value: number, digits: number): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** The median; for an even count the mean of the two middle values; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const hoursBetween = (from: string | undefined, to: string | undefined): number | undefined =>
  from === undefined || to === undefined ? undefined : (Date.parse(to) - Date.parse(from)) / HOUR_MS;

/** When the service was due: the end (China time) of the date the office set, else 14 days after dispatch. */
function finishDueAt(figures: OrderFigures): string | undefined {
  if (figures.dueDate !== undefined) return chinaDayEnd(figures.dueDate).toISOString();
  if (figures.dispatchedAt === undefined) return undefined;
  return new Date(
    Date.parse(figures.dispatchedAt) + STAGE_DAYS.finishWithoutRequestedDate * DAY_MS,
  ).toISOString();
}

/** Stages whose clock (rules/due-dates.ts) may still run out. */
const WAITING: readonly OrderStatus[] = ['submitted', 'returned', 'dispatched', 'accepted', 'in_service'];

/**
 * Whether an order was late at any stage, from its timestamps: a team accepted it more than 3 days
 * after dispatch; or it was done after its due date (the end of that day in China) or, without
 * one, 14 days after dispatch; or it is still waiting at `nowIso` past its stage's due time (the
 * review and acceptance clocks of rules/due-dates.ts, the service's due date as above). The
 * figures' own `overdue` flag is a snapshot taken when the item was last written and is not read.
 */
export function isLate(figures: OrderFigures, nowIso: string): boolean {
  if (figures.dispatchedAt !== undefined && figures.acceptedAt !== undefined) {
    const acceptBy = Date.parse(figures.dispatchedAt) + STAGE_DAYS.accept * DAY_MS;
    if (Date.parse(figures.acceptedAt) > acceptBy) return true;
  }
  const finishBy = finishDueAt(figures);
  if (figures.doneAt !== undefined && finishBy !== undefined && figures.doneAt > finishBy) return true;
  if (!WAITING.includes(figures.status)) return false;
  if (figures.status === 'accepted' || figures.status === 'in_service')
    return finishBy !== undefined && finishBy < nowIso;
  return isOverdue(dueAt(figures), nowIso);
}

const isClosed = (figures: OrderFigures) => figures.status === 'closed';
/** Cancelled before any team accepted it (by the resident, or by the office). */
const isWithdrawn = (figures: OrderFigures) =>
  figures.status === 'cancelled' && figures.acceptedAt === undefined;

/** One row's figures from its orders (points are added by the caller). */
export function rowOf(
  orgId: string,
  name: string,
  orders: readonly OrderFigures[],
  nowIso: string,
  pointsIssued: number,
): ScorecardRow {
  const rated = orders.filter((order) => order.ratingAverage !== undefined);
  const rejected = orders.filter((order) => order.status === 'rejected').length;
  const withdrawn = orders.filter(isWithdrawn).length;
  const closed = orders.filter(isClosed).length;
  const counted = orders.length - rejected - withdrawn;
  const toAccept = orders.flatMap((order) => hoursBetween(order.dispatchedAt, order.acceptedAt) ?? []);
  const toFinish = orders.flatMap((order) => hoursBetween(order.acceptedAt, order.doneAt) ?? []);
  const medianOf = (values: number[]) => {
    const middle = median(values);
    return middle === null ? null : round(middle, 1);
  };
  return {
    orgId,
    name,
    received: orders.length,
    accepted: orders.filter((order) => order.acceptedAt !== undefined).length,
    returnedOrders: orders.filter((order) => order.returns > 0).length,
    returns: orders.reduce((sum, order) => sum + order.returns, 0),
    overdue: orders.filter((order) => isLate(order, nowIso)).length,
    rejected,
    withdrawn,
    closed,
    medianHoursToAccept: medianOf(toAccept),
    medianHoursToFinish: medianOf(toFinish),
    completionRate: counted <= 0 ? null : round(closed / counted, 4),
    averageRating:
      rated.length === 0
        ? null
        : round(rated.reduce((sum, order) => sum + (order.ratingAverage ?? 0), 0) / rated.length, 2),
    ratings: rated.length,
    complaints: orders.filter((order) => order.complaint).length,
    volunteerHours: round(
      orders.reduce((sum, order) => sum + order.hours, 0),
      2,
    ),
    pointsIssued,
  };
}

// ---------------------------------------------------------------------------------------------
// Ranking (优秀志愿服务项目)

/**
 * The ranking score, 0–100 less a complaint penalty:
 *
 *   score = 40 × completion rate + 30 × rating + 30 × timeliness − 20 × complaint rate
 *
 * where rating = (average rating − 1) ÷ 4 (0 when nobody rated: the county wants every order
 * rated), timeliness = 1 − overdue ÷ received, complaint rate = complaints ÷ received. There is no
 * official formula for 优秀志愿服务项目 in the county's documents or the 六单 issue: these weights
 * are the product's proposal, for the county office to adjust here.
 */
export const SCORE_WEIGHTS = {
  completion: 40,
  rating: 30,
  timeliness: 30,
  complaintPenalty: 20,
} as const;
/** A row with fewer orders in the period is listed but not ranked (too few to judge). */
export const RANKING_MIN_ORDERS = 3;
/** The top share of ranked rows marked 优秀 (at least one), if they score at least EXCELLENT_SCORE_MIN. */
export const EXCELLENT_SHARE = 0.2;
export const EXCELLENT_SCORE_MIN = 80;

export interface RankedRow {
  rank: number;
  orgId: string;
  name: string;
  score: number;
  /** Among the top EXCELLENT_SHARE with at least EXCELLENT_SCORE_MIN: proposed as 优秀. */
  excellent: boolean;
}

/** The row's score by SCORE_WEIGHTS, to one decimal. */
export function scoreOf(row: ScorecardRow): number {
  if (row.received === 0) return 0;
  const rating = row.averageRating === null ? 0 : (row.averageRating - 1) / 4;
  const timeliness = 1 - row.overdue / row.received;
  const complaintRate = row.complaints / row.received;
  return round(
    SCORE_WEIGHTS.completion * (row.completionRate ?? 0) +
      SCORE_WEIGHTS.rating * rating +
      SCORE_WEIGHTS.timeliness * timeliness -
      SCORE_WEIGHTS.complaintPenalty * complaintRate,
    1,
  );
}

/**
 * Rows with at least RANKING_MIN_ORDERS orders (never the unassigned row), best first: by score,
 * then completion rate, then more orders received, then organisation id. Ranks are positions.
 */
export function rankRows(rows: readonly ScorecardRow[]): RankedRow[] {
  const ranked = rows
    .filter((row) => row.orgId !== UNASSIGNED_ROW && row.received >= RANKING_MIN_ORDERS)
    .map((row) => ({ row, score: scoreOf(row) }))
    .sort(
      (a, b) =>
        b.score - a.score ||
        (b.row.completionRate ?? 0) - (a.row.completionRate ?? 0) ||
        b.row.received - a.row.received ||
        (a.row.orgId < b.row.orgId ? -1 : a.row.orgId > b.row.orgId ? 1 : 0),
    );
  const excellentMax = Math.max(1, Math.ceil(ranked.length * EXCELLENT_SHARE));
  return ranked.map(({ row, score }, index) => ({
    rank: index + 1,
    orgId: row.orgId,
    name: row.name,
    score,
    excellent: index < excellentMax && score >= EXCELLENT_SCORE_MIN,
  }));
}

// ---------------------------------------------------------------------------------------------
// The scorecard

export interface Scorecard {
  period: ScorecardPeriod;
  value: string;
  by: ScorecardGrouping;
  /** The months read (those of the period that had begun). */
  months: string[];
  rows: ScorecardRow[];
  /** Every order of the period, whatever its team or town; points issued in the whole county. */
  total: ScorecardRow;
  ranking: RankedRow[];
  generatedAt: string;
}

export interface ScorecardInput {
  period: ScorecardPeriod;
  value: string;
  by: ScorecardGrouping;
  months: string[];
  figures: readonly OrderFigures[];
  /** Points issued over the months by organisation subtree (summed monthly reports' byOrg). */
  pointsByOrg: ReadonlyMap<string, number>;
  pointsTotal: number;
  /** An organisation's name (the org tree). */
  nameOf: (orgId: string) => string | undefined;
  now: Date;
}

const UNASSIGNED_NAME: Record<ScorecardGrouping, string> = {
  team: '未派单 (not dispatched)',
  town: '未归属乡镇 (no town)',
};

/**
 * Rows per team (the team an order is dispatched to now) or per town (where the need is), the
 * county's total, and the ranking. Orders without a team or town make the unassigned row, with no
 * points and no rank. Rows come in organisation-id order, the unassigned row last.
 */
export function buildScorecard(input: ScorecardInput): Scorecard {
  const nowIso = input.now.toISOString();
  const groups = new Map<string, OrderFigures[]>();
  for (const figures of input.figures) {
    const orgId = (input.by === 'team' ? figures.teamOrgId : figures.townOrgId) ?? UNASSIGNED_ROW;
    const group = groups.get(orgId) ?? [];
    group.push(figures);
    groups.set(orgId, group);
  }
  const rows = [...groups.entries()]
    .map(([orgId, orders]) =>
      orgId === UNASSIGNED_ROW
        ? rowOf(orgId, UNASSIGNED_NAME[input.by], orders, nowIso, 0)
        : rowOf(orgId, input.nameOf(orgId) ?? orgId, orders, nowIso, input.pointsByOrg.get(orgId) ?? 0),
    )
    .sort((a, b) =>
      a.orgId === UNASSIGNED_ROW ? 1 : b.orgId === UNASSIGNED_ROW ? -1 : a.orgId < b.orgId ? -1 : 1,
    );
  return {
    period: input.period,
    value: input.value,
    by: input.by,
    months: input.months,
    rows,
    total: rowOf('total', '合计 (total)', input.figures, nowIso, input.pointsTotal),
    ranking: rankRows(rows),
    generatedAt: nowIso,
  };
}

/** Adds up monthly points issued by organisation. */
export function sumPoints(months: readonly { total: number; byOrg: Record<string, number> }[]): {
  total: number;
  byOrg: Map<string, number>;
} {
  const byOrg = new Map<string, number>();
  let total = 0;
  for (const month of months) {
    total += month.total;
    for (const [orgId, points] of Object.entries(month.byOrg))
      byOrg.set(orgId, (byOrg.get(orgId) ?? 0) + points);
  }
  return { total, byOrg };
}

// ---------------------------------------------------------------------------------------------
// Files for the office's spreadsheet

/** The columns of the table, CSV and XLSX alike: header (Chinese first), and the row's value. */
export const SCORECARD_COLUMNS: readonly {
  header: string;
  value: (row: ScorecardRow) => string | number | null;
}[] = [
  { header: '编号 id', value: (row) => row.orgId },
  { header: '名称 name', value: (row) => row.name },
  { header: '收到 received', value: (row) => row.received },
  { header: '接单 accepted', value: (row) => row.accepted },
  { header: '退单 returned', value: (row) => row.returnedOrders },
  { header: '退单次数 returns', value: (row) => row.returns },
  { header: '超时 overdue', value: (row) => row.overdue },
  { header: '办结 closed', value: (row) => row.closed },
  { header: '接单时长中位数(小时) median hours to accept', value: (row) => row.medianHoursToAccept },
  { header: '完成时长中位数(小时) median hours to finish', value: (row) => row.medianHoursToFinish },
  { header: '办结率 completion rate', value: (row) => row.completionRate },
  { header: '平均评分 average rating', value: (row) => row.averageRating },
  { header: '投诉 complaints', value: (row) => row.complaints },
  { header: '服务时长(小时) volunteer hours', value: (row) => row.volunteerHours },
  { header: '发放积分 points issued', value: (row) => row.pointsIssued },
];

export const RANKING_COLUMNS: readonly { header: string; value: (row: RankedRow) => string | number }[] = [
  { header: '名次 rank', value: (row) => row.rank },
  { header: '编号 id', value: (row) => row.orgId },
  { header: '名称 name', value: (row) => row.name },
  { header: '得分 score', value: (row) => row.score },
  { header: '优秀 excellent', value: (row) => (row.excellent ? '优秀' : '') },
];

const csvCell = (value: string | number | null): string => {
  if (value === null) return '';
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** The file name of an export, without its extension. */
export const scorecardFileName = (card: Pick<Scorecard, 'by' | 'value'>): string =>
  `aixin-scorecards-${card.by}-${card.value}`;

/** CSV for the office's spreadsheet: UTF-8 with a BOM so that Excel reads the Chinese; the table, the total, then the ranking. */
export function scorecardCsv(card: Scorecard): string {
  const lines: (string | number | null)[][] = [
    SCORECARD_COLUMNS.map((column) => column.header),
    ...card.rows.map((row) => SCORECARD_COLUMNS.map((column) => column.value(row))),
    SCORECARD_COLUMNS.map((column) => column.value(card.total)),
    [],
    RANKING_COLUMNS.map((column) => column.header),
    ...card.ranking.map((row) => RANKING_COLUMNS.map((column) => column.value(row))),
  ];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
