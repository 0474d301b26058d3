import type { Movement } from '../../ledger/rules/ledger';
import type { OrgTree } from '../../people/rules/org-tree';

/**
 * The monthly report's pure arithmetic: every movement of a month (China time) is counted once in
 * the totals, once for each organisation on its volunteer's path (so a town's figures include its
 * villages), and once for its store.
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
  final: boolean;
  generatedAt: string;
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

function addTo(figures: ReportFigures, movement: ReportMovement): void {
  const sign = movement.direction === 'credit' ? 1 : -1;
  figures.hours += sign * (movement.details?.hours ?? 0);
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

export function buildMonthlyReport(
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
    const orgId = movement.orgId ?? UNASSIGNED_ORG;
    let path = paths.get(orgId);
    if (path === undefined) {
      path = tree.pathOf(orgId);
      if (path.length === 0) path = [UNASSIGNED_ORG];
      paths.set(orgId, path);
    }
    for (const ancestor of path) {
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
  const orgRows: OrgFigures[] = [...byOrg.entries()].map(([orgId, figures]) => {
    const org = tree.get(orgId);
    return {
      orgId,
      name: org?.name ?? '未归属 Unassigned',
      level: org?.level ?? 'group',
      ...(org?.parentId === undefined ? {} : { parentId: org.parentId }),
      ...figures,
    };
  });
  const order = (orgId: string) => tree.pathOf(orgId).join('/') || `~${orgId}`;
  orgRows.sort((a, b) => (order(a.orgId) < order(b.orgId) ? -1 : 1));
  return {
    month,
    ...totals,
    movements: count,
    byOrg: orgRows,
    byStore: [...byStore.values()].sort((a, b) => (a.storeId < b.storeId ? -1 : 1)),
    ...meta,
  };
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

/** CSV for the county office's spreadsheet: UTF-8 with a BOM so that Excel reads the Chinese. */
export function monthlyReportCsv(report: MonthlyReport): string {
  const rows: (string | number)[][] = [
    [
      '类型 kind',
      '编号 id',
      '名称 name',
      '层级 level',
      '服务时长 hours',
      '发放积分 points issued',
      '兑换积分 points redeemed',
      '奖励积分 prize points',
      '调整积分 points adjusted',
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
  ];
  return `\uFEFF${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
