// The Workbook class only: see exceljs-workbook.d.ts.
import Workbook from 'exceljs/lib/doc/workbook.js';
import {
  EXCELLENT_SCORE_MIN,
  EXCELLENT_SHARE,
  RANKING_COLUMNS,
  RANKING_MIN_ORDERS,
  SCORE_WEIGHTS,
  SCORECARD_COLUMNS,
  type Scorecard,
} from './scorecards';

/**
 * The scorecard as an Excel workbook (.xlsx), built in memory with exceljs: the table (rows, then
 * the total), the ranking, and a sheet saying how it was computed. Kept apart from
 * rules/scorecards.ts so that only the export's bundle carries exceljs.
 */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SHEET_NAMES = { table: '评分表', ranking: '排名', notes: '说明' } as const;

export async function scorecardWorkbook(card: Scorecard): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.creator = '爱心积分 Aixin Points';
  // The same scorecard makes the same file.
  workbook.created = new Date(card.generatedAt);
  workbook.modified = new Date(card.generatedAt);

  const table = workbook.addWorksheet(SHEET_NAMES.table, { views: [{ state: 'frozen', ySplit: 1 }] });
  table.addRow(SCORECARD_COLUMNS.map((column) => column.header));
  for (const row of card.rows) table.addRow(SCORECARD_COLUMNS.map((column) => column.value(row)));
  const total = table.addRow(SCORECARD_COLUMNS.map((column) => column.value(card.total)));
  total.font = { bold: true };
  table.getRow(1).font = { bold: true };
  table.columns.forEach((column, index) => {
    column.width = index === 1 ? 24 : 14;
  });

  const ranking = workbook.addWorksheet(SHEET_NAMES.ranking, { views: [{ state: 'frozen', ySplit: 1 }] });
  ranking.addRow(RANKING_COLUMNS.map((column) => column.header));
  ranking.getRow(1).font = { bold: true };
  for (const row of card.ranking) {
    const added = ranking.addRow(RANKING_COLUMNS.map((column) => column.value(row)));
    if (row.excellent) added.font = { bold: true };
  }
  ranking.columns.forEach((column, index) => {
    column.width = index === 2 ? 24 : 12;
  });

  const notes = workbook.addWorksheet(SHEET_NAMES.notes);
  for (const line of [
    ['期间 period', `${card.period} ${card.value}（${card.months.join('、') || '—'}）`],
    ['分组 by', card.by === 'team' ? '服务队 team' : '乡镇 town'],
    ['生成时间 generated', card.generatedAt],
    [
      '得分 score',
      `${SCORE_WEIGHTS.completion}×办结率 + ${SCORE_WEIGHTS.rating}×(平均评分−1)/4 + ${SCORE_WEIGHTS.timeliness}×(1−超时/收到) − ${SCORE_WEIGHTS.complaintPenalty}×投诉/收到`,
    ],
    ['排名条件 ranked', `收到 ≥ ${RANKING_MIN_ORDERS} 单`],
    ['优秀 excellent', `前 ${EXCELLENT_SHARE * 100}%（至少 1 个）且得分 ≥ ${EXCELLENT_SCORE_MIN}`],
    ['说明 note', '权重是系统的建议，县志愿服务中心可以调整；没有官方公式。'],
  ])
    notes.addRow(line);
  notes.getColumn(1).width = 20;
  notes.getColumn(2).width = 80;

  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
