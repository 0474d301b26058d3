import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, decodeText, detectDelimiter, formatCsv, parseCsv } from '../../shared/platform/csv';

/** GB18030 bytes written out by hand (the encoder of the platform only writes UTF-8). */
const GB18030 = {
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
  手机: [0xca, 0xd6, 0xbb, 0xfa],
  组织: [0xd7, 0xe9, 0xd6, 0xaf],
  谭成华: [0xcc, 0xb7, 0xb3, 0xc9, 0xbb, 0xaa],
  文山村: [0xce, 0xc4, 0xc9, 0xbd, 0xb4, 0xe5],
} as const;
const ascii = (text: string) => [...Buffer.from(text, 'ascii')];

describe('decodeText', () => {
  it('reads UTF-8 and drops its byte-order mark', () => {
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('姓名,手机\r\n', 'utf8')]);
    const without = Uint8Array.from(Buffer.from('姓名,手机\n', 'utf8'));

    expect(decodeText(withBom)).toEqual({ text: '姓名,手机\r\n', encoding: 'utf-8' });
    expect(decodeText(without)).toEqual({ text: '姓名,手机\n', encoding: 'utf-8' });
  });

  it('reads GB18030 when the bytes are not valid UTF-8', () => {
    const bytes = Uint8Array.from([
      ...GB18030.姓名,
      ...ascii(','),
      ...GB18030.手机,
      ...ascii(','),
      ...GB18030.组织,
      ...ascii('\r\n'),
      ...GB18030.谭成华,
      ...ascii(',13809310001,'),
      ...GB18030.文山村,
      ...ascii('\r\n'),
    ]);

    const decoded = decodeText(bytes);

    expect(decoded.encoding).toBe('gb18030');
    expect(decoded.text).toBe('姓名,手机,组织\r\n谭成华,13809310001,文山村\r\n');
  });

  it('reads UTF-16 with a byte-order mark (Excel "Unicode text")', () => {
    const bytes = Uint8Array.from([0xff, 0xfe, ...Buffer.from('姓名\t手机\n', 'utf16le')]);

    expect(decodeText(bytes)).toEqual({ text: '姓名\t手机\n', encoding: 'utf-16le' });
  });
});

describe('parseCsv', () => {
  it('splits plain records on commas with CRLF or LF line ends', () => {
    expect(parseCsv('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
      { line: 3, fields: ['4', '5', '6'] },
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks, and counts lines', () => {
    const text = '姓名,备注\r\n"马,小梅","她说""好"""\r\n"李\r\n秀英",x\r\n谭成华,""\r\n';

    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['姓名', '备注'] },
      { line: 2, fields: ['马,小梅', '她说"好"'] },
      { line: 3, fields: ['李\r\n秀英', 'x'] },
      { line: 5, fields: ['谭成华', ''] },
    ]);
  });

  it('skips blank lines but keeps their line numbers counted', () => {
    expect(parseCsv('a\n\n\r\nb\n\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('keeps empty fields, a final record without a line break, and stray quotes mid-field', () => {
    expect(parseCsv(',,\n5"3,x')).toEqual([
      { line: 1, fields: ['', '', ''] },
      { line: 2, fields: ['5"3', 'x'] },
    ]);
  });

  it('refuses a quoted field that is never closed, naming the line it opened on', () => {
    const attempt = () => parseCsv('a,b\n1,"open\n2,3\n');

    expect(attempt).toThrow(CsvSyntaxError);
    expect(attempt).toThrow(/line 2/);
  });

  it('refuses more records than allowed instead of reading on', () => {
    expect(() => parseCsv('h\n1\n2\n3\n', { recordsMax: 3 })).toThrow(/more than 3 records/);
  });

  it('parses tab-separated text when the header is separated by tabs', () => {
    const text = '姓名\t手机\t组织\n谭成华\t13809310001\t文山村\n';

    expect(detectDelimiter(text)).toBe('\t');
    expect(detectDelimiter('a,b\tc,d\n')).toBe(',');
    expect(parseCsv(text, { delimiter: '\t' })[1]?.fields).toEqual(['谭成华', '13809310001', '文山村']);
  });
});

describe('formatCsv', () => {
  it('quotes only where needed and reads back to the same fields', () => {
    const rows = [
      ['姓名', '原因 reason'],
      ['马,小梅', '她说"好"'],
      ['李\n秀英', ' x'],
    ];

    const text = formatCsv(rows);

    expect(text.split('\r\n')[0]).toBe('姓名,原因 reason');
    expect(parseCsv(text).map((record) => record.fields)).toEqual(rows);
  });
});
