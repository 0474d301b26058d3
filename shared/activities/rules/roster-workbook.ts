// The Workbook class only: see shared/orders/rules/exceljs-workbook.d.ts.
import Workbook from 'exceljs/lib/doc/workbook.js';
import type { Roster } from '../contract/activities';
import { chinaClock, ROSTER_COLUMNS } from './roster';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The roster as an Excel workbook: a title line, the header, one row per person. */
export async function rosterWorkbook(roster: Roster, generatedAt: string): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.creator = '爱心积分 Aixin Points';
  workbook.created = new Date(generatedAt);
  workbook.modified = new Date(generatedAt);
  const sheet = workbook.addWorksheet('签到表', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([
    roster.activity.title,
    `${chinaClock(roster.activity.start)} – ${chinaClock(roster.activity.end)}`,
  ]);
  sheet.addRow(ROSTER_COLUMNS.map((column) => column.header));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(2).font = { bold: true };
  for (const row of roster.attendees) sheet.addRow(ROSTER_COLUMNS.map((column) => column.value(row)));
  sheet.columns.forEach((column, index) => {
    column.width = index === 6 ? 30 : 18;
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
