/**
 * `npm run import -- volunteers.csv [--org-column 列名] [--org 组织] [--concurrency 4]`: registers
 * the volunteers of a county office's spreadsheet export (a CSV, or an .xlsx workbook's first
 * sheet, such as the product's own export GET /v1/volunteers/export) through the same write as
 * POST /v1/volunteers, each row whole or not at all. Running it again is safe: rows already
 * imported count as "already there", and a run that stopped half-way continues where it stopped.
 * Rejected rows are listed with their line and reason, and written to `<file>.rejected.csv`.
 *
 * It reaches the same DynamoDB as `npm start` under the same environment (DYNAMODB_ENDPOINT, else
 * DynamoDB Local on DYNAMODB_PORT, else the embedded one on AIXIN_DATA_DIR), table TABLE_NAME.
 * Exit code: 0 all rows imported or already there, 1 some rows rejected, 2 usage or I/O error.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  COLUMN_ALIASES,
  IMPORT_FIELDS,
  type ImportRow,
  mapColumns,
  rowFromFields,
} from '../shared/people/rules/volunteer-import';
import { idNumberVaultOf } from '../shared/people/store/id-number-deps';
import { peopleDepsOver } from '../shared/people/store/people-deps';
import {
  ImportInterrupted,
  type ImportReport,
  importVolunteers,
} from '../shared/people/use-cases/import-volunteers';
import {
  type CsvRecord,
  CsvSyntaxError,
  decodeText,
  detectDelimiter,
  formatCsv,
  parseCsv,
} from '../shared/platform/csv';
import { createDocumentClient } from '../shared/platform/dynamo/client';
import {
  IMPORT_CONCURRENCY,
  IMPORT_FILE_BYTES_MAX,
  IMPORT_FILE_ROWS_MAX,
  REGISTRATIONS_PER_TRANSACTION_MAX,
} from '../shared/platform/limits';
import type { Principal } from '../shared/platform/principal';
import { isXlsx, readXlsxRecords } from '../shared/platform/xlsx';
import { type DynamoLocal, ensureTable, isDynamoUp, startDynamoLocal } from './local/dynamo-local';

const USAGE = `用法 usage: npm run import -- <文件 file.csv 或 file.xlsx> [--org-column 列名] [--org 组织编号或名称] [--concurrency N]

  --org-column 列名   哪一列是组织 (the header of the organisation column, if not recognised)
  --org 组织          没有组织列或组织为空时用这个组织 (organisation for rows without one)
  --concurrency N     同时进行的写入事务数,每个最多 ${REGISTRATIONS_PER_TRANSACTION_MAX} 行 (transactions in flight, default ${IMPORT_CONCURRENCY})

表头可以是中文或英文 (headers in Chinese or English):
${IMPORT_FIELDS.map((field) => `  ${field}: ${COLUMN_ALIASES[field].join(' / ')}`).join('\n')}`;

const IMPORT_PRINCIPAL: Principal = { userId: 'import-cli', roles: new Set(['admin']) };

class UsageError extends Error {}

interface Arguments {
  file: string;
  orgColumn?: string | undefined;
  defaultOrg?: string | undefined;
  concurrency: number;
}

const ARGUMENT_OPTIONS = {
  'org-column': { type: 'string' },
  org: { type: 'string' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function readArguments(): Arguments {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof ARGUMENT_OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ options: ARGUMENT_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (parsed.values.help === true) {
    console.log(USAGE);
    process.exit(0);
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0)
    throw new UsageError(`请给出一个 CSV 或 XLSX 文件 (give exactly one CSV or XLSX file)\n\n${USAGE}`);
  const concurrency = Number(parsed.values.concurrency ?? IMPORT_CONCURRENCY);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError('--concurrency 应为 1 到 64 (must be 1-64)');
  }
  return { file, orgColumn: parsed.values['org-column'], defaultOrg: parsed.values.org, concurrency };
}

interface ParsedFile {
  header: string[];
  rows: ImportRow[];
  fieldsByRow: Map<number, string[]>;
  encoding: string;
}

/** The records of a CSV (any of csv.ts's encodings), or of an .xlsx workbook's first sheet. */
async function readRecords(bytes: Buffer): Promise<{ records: CsvRecord[]; encoding: string }> {
  if (isXlsx(bytes)) {
    try {
      return {
        records: await readXlsxRecords(bytes, { recordsMax: IMPORT_FILE_ROWS_MAX + 1 }),
        encoding: 'xlsx',
      };
    } catch (error) {
      if (error instanceof CsvSyntaxError)
        throw new UsageError(`第 ${error.line} 行: XLSX 读不了 (${error.message})`);
      throw error;
    }
  }
  const { text, encoding } = decodeText(bytes);
  try {
    return {
      records: parseCsv(text, { delimiter: detectDelimiter(text), recordsMax: IMPORT_FILE_ROWS_MAX + 1 }),
      encoding,
    };
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new UsageError(`第 ${error.line} 行: CSV 格式不对 (${error.message})`);
    }
    throw error;
  }
}

async function readFile(args: Arguments): Promise<ParsedFile> {
  let bytes: Buffer;
  try {
    if (statSync(args.file).size > IMPORT_FILE_BYTES_MAX) {
      throw new UsageError(`文件太大 (the file is larger than ${IMPORT_FILE_BYTES_MAX / 1024 / 1024} MB)`);
    }
    bytes = readFileSync(args.file);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `读不了文件 ${args.file} (cannot read the file): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { records, encoding } = await readRecords(bytes);
  const [headerRecord, ...dataRecords] = records;
  if (headerRecord === undefined) throw new UsageError('文件是空的 (the file is empty)');
  const header = headerRecord.fields;
  const required =
    args.defaultOrg === undefined ? (['name', 'phone', 'org'] as const) : (['name', 'phone'] as const);
  const mapping = mapColumns(header, args.orgColumn === undefined ? {} : { org: args.orgColumn }, required);
  if (mapping.unknownOverrides.length > 0) {
    throw new UsageError(
      `文件里没有这一列 (no such column): ${mapping.unknownOverrides.join(', ')}\n表头 (headers): ${header.join(', ')}`,
    );
  }
  if (mapping.missing.length > 0) {
    throw new UsageError(
      `找不到这些列 (missing columns): ${mapping.missing.join(', ')}\n表头 (headers): ${header.join(', ')}\n\n${USAGE}`,
    );
  }
  const fieldsByRow = new Map<number, string[]>();
  const rows = dataRecords.map((record) => {
    fieldsByRow.set(record.line, record.fields);
    return rowFromFields(record.line, record.fields, mapping.columns, args.defaultOrg);
  });
  return { header, rows, fieldsByRow, encoding };
}

/** A bar redrawn in place on a terminal; a line every tenth of the way otherwise (CI logs, pipes). */
function progressReporter(stream: NodeJS.WriteStream) {
  const startedMs = Date.now();
  let lastDrawMs = 0;
  let lastTenth = -1;
  const rate = (done: number) => Math.round(done / Math.max((Date.now() - startedMs) / 1000, 0.001));
  return {
    update(done: number, total: number) {
      if (stream.isTTY) {
        const now = Date.now();
        if (done !== total && now - lastDrawMs < 100) return;
        lastDrawMs = now;
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        stream.write(
          `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate(done)}/s`,
        );
        if (done === total) stream.write('\n');
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      stream.write(`${done}/${total} (${tenth * 10}%) ${rate(done)}/s\n`);
    },
  };
}

function printReport(file: string, report: ImportReport, seconds: number, rejectedFile: string | undefined) {
  const lines = [
    `导入结果 Import of ${file}:`,
    `  新导入 imported:       ${report.imported}`,
    `  已存在 already there:  ${report.alreadyThere}`,
    `  未导入 rejected:       ${report.rejected.length}`,
    ...report.rejected.map((rejected) => `第 ${rejected.row} 行: ${rejected.reason}`),
  ];
  if (rejectedFile !== undefined) {
    lines.push(
      `未导入的行已写入 rejected rows written to ${rejectedFile} (改正后可再导入 fix and import it again)`,
    );
  }
  lines.push(`用时 took ${seconds.toFixed(1)} s`);
  console.log(lines.join('\n'));
}

/** The rejected rows with their original cells, line and reason; UTF-8 with a BOM so Excel reads it. */
function writeRejected(file: string, parsed: ParsedFile, report: ImportReport): string | undefined {
  const target = `${file}.rejected.csv`;
  if (report.rejected.length === 0) {
    rmSync(target, { force: true });
    return undefined;
  }
  const rows = [
    [...parsed.header, '行号 line', '原因 reason'],
    ...report.rejected.map((rejected) => {
      const fields = parsed.fieldsByRow.get(rejected.row) ?? [];
      const padded = parsed.header.map((_, index) => fields[index] ?? '');
      return [...padded, String(rejected.row), rejected.reason];
    }),
  ];
  writeFileSync(target, `\uFEFF${formatCsv(rows)}`, 'utf8');
  return target;
}

async function connect(): Promise<{ endpoint: string; embedded?: DynamoLocal }> {
  const configured = process.env.DYNAMODB_ENDPOINT;
  if (configured !== undefined && configured !== '') return { endpoint: configured };
  const port = Number(process.env.DYNAMODB_PORT ?? 8000);
  const endpoint = `http://127.0.0.1:${port}`;
  if (await isDynamoUp(endpoint)) return { endpoint };
  const embedded = await startDynamoLocal({ port, dataDir: process.env.AIXIN_DATA_DIR ?? '.data' });
  return { endpoint: embedded.endpoint, embedded };
}

async function main(): Promise<number> {
  let args: Arguments;
  let parsed: ParsedFile;
  try {
    args = readArguments();
    parsed = await readFile(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 2;
  }
  const tableName = process.env.TABLE_NAME ?? 'aixin-points';
  let embedded: DynamoLocal | undefined;
  const startedMs = Date.now();
  try {
    const connection = await connect();
    embedded = connection.embedded;
    await ensureTable(connection.endpoint, tableName);
    const client = createDocumentClient({
      endpoint: connection.endpoint,
      region: process.env.AWS_REGION ?? 'local',
    });
    const progress = progressReporter(process.stderr);
    console.error(`${parsed.rows.length} 行 rows (${parsed.encoding}) → ${tableName}`);
    let report: ImportReport;
    let interrupted: ImportInterrupted | undefined;
    try {
      report = await importVolunteers(
        // ID numbers are sealed with the keys the environment names (locally AIXIN_PII_KEY_FILE).
        peopleDepsOver({ client, tableName, now: () => new Date() }, undefined, idNumberVaultOf()),
        IMPORT_PRINCIPAL,
        parsed.rows,
        { concurrency: args.concurrency, onProgress: progress.update },
      );
    } catch (error) {
      if (!(error instanceof ImportInterrupted)) throw error;
      interrupted = error;
      report = error.report;
    } finally {
      client.destroy();
    }
    const rejectedFile = writeRejected(args.file, parsed, report);
    printReport(args.file, report, (Date.now() - startedMs) / 1000, rejectedFile);
    if (interrupted !== undefined) {
      console.error(
        `导入中断,${interrupted.notAttempted} 行未处理,可以直接再运行一次 (the import stopped; ${interrupted.notAttempted} rows were not processed; run it again to continue): ${interrupted.message}`,
      );
      return 2;
    }
    return report.rejected.length > 0 ? 1 : 0;
  } catch (error) {
    console.error(`导入失败 import failed: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  } finally {
    await embedded?.stop();
  }
}

process.exit(await main());
