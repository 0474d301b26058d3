// The Workbook class only: see shared/orders/rules/exceljs-workbook.d.ts.
import Workbook from 'exceljs/lib/doc/workbook.js';
import type { ExportColumn } from './export-columns';

/**
 * An export as an Excel workbook (.xlsx), built in memory with exceljs: one sheet, the header in
 * its first row (where the importer looks for it), one row per line. Text stays text (an ID number
 * or a phone never becomes a number, which Excel would round past 15 digits); numbers (hours) are
 * numbers. A cell is never a formula: exceljs writes a string as a string, whatever it starts with.
 * Kept apart from export-columns.ts so that only the export functions' bundles carry exceljs.
 */
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel's number format "text" (@): what a column holding digits is given. */
const TEXT_FORMAT = '@';

export async function exportWorkbook<Row>(
  sheetName: string,
  columns: readonly ExportColumn<Row>[],
  rows: readonly Row[],
  generatedAt: string,
): Promise<Uint8Array> {
  const workbook = new Workbook();
  workbook.creator = '爱心积分 Aixin Points';
  // The same rows at the same time make the same file.
  workbook.created = new Date(generatedAt);
  workbook.modified = new Date(generatedAt);
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width ?? 14,
    ...(column.text === true ? { style: { numFmt: TEXT_FORMAT } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((column) => column.value(row)));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
