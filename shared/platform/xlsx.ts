// The Workbook class only: see shared/orders/rules/exceljs-workbook.d.ts.
import Workbook from 'exceljs/lib/doc/workbook.js';
import { type CsvRecord, CsvSyntaxError } from './csv';

/**
 * A county office's workbook (.xlsx) read as records, the way csv.ts reads a CSV: the first sheet,
 * one record per row with something in it (blank rows are skipped, as blank lines are), each with
 * the row's number as a spreadsheet user counts it, every cell as text. For `npm run import` in
 * node; no function loads it.
 */

/** An .xlsx file is a zip archive: it starts with "PK\x03\x04". */
export const isXlsx = (bytes: Uint8Array): boolean =>
  bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** A cell's value as the text a CSV export of it would hold. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // Integers (a phone typed as a number) without an exponent; Excel keeps 15 digits at most anyway.
  if (typeof value === 'number') return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const cell = value as { richText?: { text?: string }[]; text?: unknown; result?: unknown };
    if (Array.isArray(cell.richText)) return cell.richText.map((run) => run.text ?? '').join('');
    // A hyperlink shows its text; a formula its last computed result (none: empty); an error nothing.
    if (cell.text !== undefined) return cellText(cell.text);
    if ('formula' in cell || 'sharedFormula' in cell || 'result' in cell) return cellText(cell.result);
    if ('error' in cell) return '';
  }
  return String(value);
}

/** The first sheet's rows with something in them; more than `recordsMax` is refused (a bound, not a cut). */
export async function readXlsxRecords(
  bytes: Uint8Array,
  options: { recordsMax?: number } = {},
): Promise<CsvRecord[]> {
  const recordsMax = options.recordsMax ?? Number.POSITIVE_INFINITY;
  const workbook = new Workbook();
  try {
    // exceljs types its Buffer as an ArrayBuffer of its own; it reads a node Buffer.
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new CsvSyntaxError(
      1,
      `not a readable .xlsx workbook (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const sheet = workbook.worksheets[0];
  if (sheet === undefined) return [];
  const records: CsvRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    // row.values is 1-based: index 0 is always empty.
    const values = Array.isArray(row.values) ? row.values.slice(1) : [];
    const fields = Array.from(values, (value) => cellText(value));
    if (fields.every((field) => field.trim() === '')) return;
    if (records.length >= recordsMax) throw new CsvSyntaxError(line, `more than ${recordsMax} records`);
    records.push({ line, fields });
  });
  return records;
}
