import type { Movement } from '../../ledger/rules/ledger';
import type { OrgTree } from '../../people/rules/org-tree';

/**
 * The monthly report's pure arithmetic. Two clocks, and the report says which is which:
 *
 * - **Points** count in the month they moved (the movement's `at`, China time): the ledger's truth.
 *   Every movement of the month is counted once in the totals, once for each organisation on its
 *   volunteer's path (so a town's figures include its villages), and once for its store.
 * - **Hours** count in the month the service was done (the record's activity date), as the draw
 *   counts them: the approved hours per volunteer per service day (`daily-hours` items) of the
 *   month, including service approved after the month ended, less reversals.
 */
export interface ReportFigures {
  hours: number;
  pointsIssued: number;
  pointsRedeemed: number;
  pointsAdjusted: number;
  prizePoints: number;
}

export interface OrgFigures extends ReportFigures {
  orgId: string;
  name: string;
  level: string;
  parentId?: string;
}

export interface StoreFigures {
  storeId: string;
  pointsRedeemed: number;
  redemptions: number;
  voids: number;
}

export interface MonthlyReport extends ReportFigures {
  month: string;
  movements: number;
  byOrg: OrgFigures[];
  byStore: StoreFigures[];
  /** The month's points are final (kept); its hours may still grow with late approvals. */
  final: boolean;
  generatedAt: string;
  /** When the hours served were read (they are read again on every request). */
  hoursAsOf?: string;
}

/** One volunteer's approved quarter hours served in the month, under their organisation. */
export interface ServedHours {
  orgId?: string | undefined;
  quarters: number;
}

export const UNASSIGNED_ORG = 'unassigned';

const zero = (): ReportFigures => ({
  hours: 0,
  pointsIssued: 0,
  pointsRedeemed: 0,
  pointsAdjusted: 0,
  prizePoints: 0,
});

type ReportMovement = Pick<
  Movement,
  'kind' | 'direction' | 'amount' | 'counterAccount' | 'details' | 'orgId'
>;

/** A movement's points; its hours are counted by service date, from the hours served. */
function addTo(figures: ReportFigures, movement: ReportMovement): void {
  const sign = movement.direction === 'credit' ? 1 : -1;
  switch (movement.kind) {
    case 'earn':
      figures.pointsIssued += sign * movement.amount;
      break;
    case 'prize':
      figures.prizePoints += sign * movement.amount;
      break;
    case 'adjust':
      figures.pointsAdjusted += sign * movement.amount;
      break;
    case 'redeem':
    case 'void':
      figures.pointsRedeemed -= sign * movement.amount;
      break;
  }
}

const storeOf = (movement: ReportMovement): string | undefined =>
  movement.details?.storeId ??
  (movement.counterAccount.startsWith('store:') ? movement.counterAccount.slice('store:'.length) : undefined);

/** An organisation's path from the county down, or the unassigned group when it is not in the tree. */
function pathIn(tree: OrgTree, paths: Map<string, string[]>, orgId: string): string[] {
  let path = paths.get(orgId);
  if (path === undefined) {
    path = tree.pathOf(orgId);
    if (path.length === 0) path = [UNASSIGNED_ORG];
    paths.set(orgId, path);
  }
  return path;
}

function orgRow(orgId: string, figures: ReportFigures, tree: OrgTree): OrgFigures {
  const org = tree.get(orgId);
  return {
    orgId,
    name: org?.name ?? '未归属 Unassigned',
    level: org?.level ?? 'group',
    ...(org?.parentId === undefined ? {} : { parentId: org.parentId }),
    ...figures,
  };
}

function treeOrder(rows: OrgFigures[], tree: OrgTree): OrgFigures[] {
  const order = (orgId: string) => tree.pathOf(orgId).join('/') || `~${orgId}`;
  return rows.sort((a, b) => (order(a.orgId) < order(b.orgId) ? -1 : 1));
}

/** The month's points, from its movements; hours stay 0 until `withServedHours` fills them. */
export function buildPointsReport(
  month: string,
  movements: Iterable<ReportMovement>,
  tree: OrgTree,
  meta: { final: boolean; generatedAt: string },
): MonthlyReport {
  const totals = zero();
  const byOrg = new Map<string, ReportFigures>();
  const byStore = new Map<string, StoreFigures>();
  const paths = new Map<string, string[]>();
  let count = 0;
  for (const movement of movements) {
    count += 1;
    addTo(totals, movement);
    for (const ancestor of pathIn(tree, paths, movement.orgId ?? UNASSIGNED_ORG)) {
      const figures = byOrg.get(ancestor) ?? zero();
      addTo(figures, movement);
      byOrg.set(ancestor, figures);
    }
    const storeId = storeOf(movement);
    if (storeId !== undefined && (movement.kind === 'redeem' || movement.kind === 'void')) {
      const store = byStore.get(storeId) ?? { storeId, pointsRedeemed: 0, redemptions: 0, voids: 0 };
      if (movement.kind === 'redeem') {
        store.pointsRedeemed += movement.amount;
        store.redemptions += 1;
      } else {
        store.pointsRedeemed -= movement.amount;
        store.voids += 1;
      }
      byStore.set(storeId, store);
    }
  }
  return {
    month,
    ...totals,
    movements: count,
    byOrg: treeOrder(
      [...byOrg.entries()].map(([orgId, figures]) => orgRow(orgId, figures, tree)),
      tree,
    ),
    byStore: [...byStore.values()].sort((a, b) => (a.storeId < b.storeId ? -1 : 1)),
    ...meta,
  };
}

/**
 * The report with the month's hours served (by service date): the totals and each organisation on
 * a volunteer's path get their quarter hours; an organisation with hours but no movements gets a
 * row. Hours a report already held (a kept report) are replaced, never added to.
 */
export function withServedHours(
  report: MonthlyReport,
  served: Iterable<ServedHours>,
  tree: OrgTree,
  hoursAsOf: string,
): MonthlyReport {
  let total = 0;
  const quarters = new Map<string, number>();
  const paths = new Map<string, string[]>();
  for (const volunteer of served) {
    if (!(volunteer.quarters > 0)) continue;
    total += volunteer.quarters;
    for (const ancestor of pathIn(tree, paths, volunteer.orgId ?? UNASSIGNED_ORG)) {
      quarters.set(ancestor, (quarters.get(ancestor) ?? 0) + volunteer.quarters);
    }
  }
  const rows = new Map(report.byOrg.map((row) => [row.orgId, { ...row, hours: 0 }]));
  for (const [orgId, orgQuarters] of quarters) {
    const row = rows.get(orgId) ?? orgRow(orgId, zero(), tree);
    rows.set(orgId, { ...row, hours: orgQuarters / 4 });
  }
  return { ...report, hours: total / 4, byOrg: treeOrder([...rows.values()], tree), hoursAsOf };
}

/** The whole report: the month's points by when they moved, its hours by when they were served. */
export function buildMonthlyReport(
  month: string,
  movements: Iterable<ReportMovement>,
  served: Iterable<ServedHours>,
  tree: OrgTree,
  meta: { final: boolean; generatedAt: string },
): MonthlyReport {
  return withServedHours(buildPointsReport(month, movements, tree, meta), served, tree, meta.generatedAt);
}

const LEVEL_LABEL: Record<string, string> = {
  county: '县',
  team: '专业分队',
  town: '镇',
  village: '村',
  group: '团体',
};

const csvCell = (value: string | number): string => {
  const text = String(value);
  // A leading = + - @ would be read as a formula by spreadsheet programs.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
/** "2026-12-05 08:00", China time. */
const chinaMinute = (at: string): string =>
  new Date(Date.parse(at) + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');

/** What the figures count, said under the table: hours by service date, points by posting date. */
export function reportNote(report: Pick<MonthlyReport, 'hoursAsOf' | 'generatedAt'>): string {
  const asOf = chinaMinute(report.hoursAsOf ?? report.generatedAt);
  return (
    `服务时长按服务日期计入当月（与抽奖相同），含月后才审核通过的服务，统计截至 ${asOf}；积分按入账日期计入当月。` +
    ` Hours count in the month the service was done (as the draw counts them), including service approved later, as of ${asOf}; points count in the month they were posted.`
  );
}

/** CSV for the county office's spreadsheet: UTF-8 with a BOM so that Excel reads the Chinese. */
export function monthlyReportCsv(report: MonthlyReport): string {
  const rows: (string | number)[][] = [
    [
      '类型 kind',
      '编号 id',
      '名称 name',
      '层级 level',
      '服务时长(按服务日期) hours (by service date)',
      '发放积分(按入账日期) points issued (by posting date)',
      '兑换积分(按入账日期) points redeemed (by posting date)',
      '奖励积分(按入账日期) prize points (by posting date)',
      '调整积分(按入账日期) points adjusted (by posting date)',
      '兑换笔数 redemptions',
    ],
    [
      '合计 total',
      report.month,
      '',
      '',
      report.hours,
      report.pointsIssued,
      report.pointsRedeemed,
      report.prizePoints,
      report.pointsAdjusted,
      '',
    ],
    ...report.byOrg.map((org) => [
      '组织 org',
      org.orgId,
      org.name,
      LEVEL_LABEL[org.level] ?? org.level,
      org.hours,
      org.pointsIssued,
      org.pointsRedeemed,
      org.prizePoints,
      org.pointsAdjusted,
      '',
    ]),
    ...report.byStore.map((store) => [
      '超市 store',
      store.storeId,
      '',
      '',
      '',
      '',
      store.pointsRedeemed,
      '',
      '',
      store.redemptions,
    ]),
    ['说明 note', '', reportNote(report)],
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
