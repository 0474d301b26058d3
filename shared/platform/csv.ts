/**
 * CSV as county offices export it: RFC 4180 fields (quotes, doubled quotes, delimiters and line
 * breaks inside quotes), CRLF or LF, UTF-8 with or without a BOM, or GB18030 from older Excel and
 * WPS. Pure text handling, no I/O.
 */

export type TextEncodingName = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
}

/**
 * Valid UTF-8 is UTF-8 (a Chinese GB18030 file is practically never valid UTF-8); otherwise
 * GB18030, which contains GBK and GB2312. A UTF-16 byte-order mark wins over both.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const strip = (text: string) => (text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: strip(new TextDecoder('utf-16le').decode(bytes)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: strip(new TextDecoder('utf-16be').decode(bytes)), encoding: 'utf-16be' };
  }
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text: strip(text), encoding: 'utf-8' };
  } catch {
    return { text: strip(new TextDecoder('gb18030').decode(bytes)), encoding: 'gb18030' };
  }
}

/** Excel's "Unicode text" export separates with tabs; everything else here with commas. */
export function detectDelimiter(text: string): ',' | '\t' {
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const tabs = firstLine.split('\t').length - 1;
  const commas = firstLine.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  /** The physical line (1-based) the record starts on, as a spreadsheet user counts lines. */
  line: number;
  fields: string[];
}

export interface ParseCsvOptions {
  delimiter?: string;
  /** Refuses files with more records than this (a bound, not a truncation). */
  recordsMax?: number;
}

/**
 * Parses RFC 4180 text into records. Lenient where Excel is lenient: a quote inside an unquoted
 * field is a character, text after a closing quote is kept, and the last line may lack its line
 * break. Blank lines are skipped. An unterminated quoted field is an error naming its line.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  const recordsMax = options.recordsMax ?? Number.POSITIVE_INFINITY;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let fieldQuoted = false;
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let quoteLine = 1;

  const endField = () => {
    fields.push(field);
    field = '';
    fieldQuoted = false;
  };
  const endRecord = () => {
    endField();
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) {
      if (records.length >= recordsMax) {
        throw new CsvSyntaxError(recordLine, `more than ${recordsMax} records`);
      }
      records.push({ line: recordLine, fields });
    }
    fields = [];
  };

  const length = text.length;
  let index = 0;
  while (index < length) {
    const character = text[index] as string;
    if (inQuotes) {
      if (character === '"') {
        if (text[index + 1] === '"') {
          field += '"';
          index += 2;
        } else {
          inQuotes = false;
          index += 1;
        }
        continue;
      }
      if (character === '\n' || (character === '\r' && text[index + 1] !== '\n')) line += 1;
      field += character;
      index += 1;
      continue;
    }
    if (character === '"' && field === '' && !fieldQuoted) {
      inQuotes = true;
      fieldQuoted = true;
      quoteLine = line;
      index += 1;
      continue;
    }
    if (character === delimiter) {
      endField();
      index += 1;
      continue;
    }
    if (character === '\r' || character === '\n') {
      endRecord();
      index += character === '\r' && text[index + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += character;
    index += 1;
  }
  if (inQuotes) throw new CsvSyntaxError(quoteLine, 'a quoted field is never closed');
  if (field !== '' || fieldQuoted || fields.length > 0) endRecord();
  return records;
}

const NEEDS_QUOTES = /[",\r\n\t]|^\s|\s$/;

/** Writes records back as CSV (CRLF, quoted only where needed), for files people open in Excel. */
export function formatCsv(rows: readonly (readonly string[])[]): string {
  return rows
    .map((row) =>
      row.map((value) => (NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value)).join(','),
    )
    .join('\r\n')
    .concat(rows.length > 0 ? '\r\n' : '');
}
