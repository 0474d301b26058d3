import type { Org, OrgTree } from './org-tree';

/**
 * Reading a county office's volunteer list: which column is which (the headers come in Chinese or
 * English, worded many ways), and where each row's organisation is. Messages are Chinese first,
 * with English in brackets, because the people reading them are office staff.
 */

export const IMPORT_FIELDS = [
  'name',
  'phone',
  'org',
  'externalId',
  'gender',
  'idType',
  'idNumber',
  'skills',
  'serviceIntentions',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** The fields a file may be required to have (the personal details never are). */
export type CoreImportField = 'name' | 'phone' | 'org' | 'externalId';

/** Header names per field, most specific first: "手机号" wins over "电话" when both are present. */
export const COLUMN_ALIASES: Record<ImportField, readonly string[]> = {
  name: ['姓名', '志愿者姓名', '名字', 'name', 'fullname', 'volunteername'],
  phone: [
    '手机号',
    '手机号码',
    '手机',
    '移动电话',
    '联系电话',
    '联系方式',
    '电话号码',
    '电话',
    'phone',
    'mobile',
    'phonenumber',
    'mobilephone',
    'tel',
    'telephone',
  ],
  org: [
    '组织编号',
    '组织',
    '组织名称',
    '所属组织',
    '所在组织',
    '单位',
    '所属单位',
    '服务队',
    '队伍',
    '村',
    'orgid',
    'org',
    'organisation',
    'organization',
  ],
  externalId: [
    '志愿者编号',
    '身份编号',
    '志愿者号',
    '编号',
    'externalid',
    'volunteerid',
    'volunteerno',
    'volunteernumber',
  ],
  // MCA Order No. 67 第五条 names 性别, 身份证件号码, 专业技能 and 服务类别; offices' forms say 技能特长 and 服务意向.
  gender: ['性别', 'gender', 'sex'],
  idType: ['证件类型', '身份证件类型', '证件种类', 'idtype', 'documenttype'],
  idNumber: [
    '证件号码',
    '身份证件号码',
    '身份证号码',
    '身份证号',
    '身份证',
    '证件号',
    'idnumber',
    'idno',
    'documentnumber',
  ],
  skills: ['技能特长', '专业技能', '技能', '特长', 'skills'],
  serviceIntentions: ['服务意向', '服务类别', '意向服务', '服务意愿', 'serviceintentions', 'intentions'],
};

/** Header text compared without case, spaces, underscores, BOMs or a trailing "(必填)" note. */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .replace(/\uFEFF/g, '')
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .replace(/[\s_*:：-]/g, '')
    .toLowerCase();
}

export type ColumnMap = Partial<Record<ImportField, number>>;

export interface ColumnMapping {
  columns: ColumnMap;
  /** Required fields that no header names. */
  missing: CoreImportField[];
  /** Header names given on the command line that the file does not have. */
  unknownOverrides: string[];
}

/**
 * Finds each field's column. `overrides` names a header for a field explicitly (`--org-column`).
 * The organisation column is optional when a default organisation is given for the whole file.
 */
export function mapColumns(
  header: readonly string[],
  overrides: Partial<Record<ImportField, string>> = {},
  required: readonly CoreImportField[] = ['name', 'phone', 'org'],
): ColumnMapping {
  const keysOfHeader = header.map(headerKey);
  const columns: ColumnMap = {};
  const unknownOverrides: string[] = [];
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    const override = overrides[field];
    if (override === undefined) continue;
    const index = keysOfHeader.indexOf(headerKey(override));
    if (index < 0) unknownOverrides.push(override);
    else {
      columns[field] = index;
      taken.add(index);
    }
  }
  for (const field of IMPORT_FIELDS) {
    if (columns[field] !== undefined || overrides[field] !== undefined) continue;
    for (const alias of COLUMN_ALIASES[field]) {
      const index = keysOfHeader.findIndex((key, position) => key === alias && !taken.has(position));
      if (index >= 0) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  const missing = required.filter((field) => columns[field] === undefined);
  return { columns, missing, unknownOverrides };
}

/** The optional cells of the personal details, as written (checked when the row is imported). */
export const DETAIL_FIELDS = ['gender', 'idType', 'idNumber', 'skills', 'serviceIntentions'] as const;
export type DetailCells = Partial<Record<(typeof DETAIL_FIELDS)[number], string>>;

export interface ImportRow extends DetailCells {
  /** The line of the file (or the position in a request) the row came from, for the report. */
  row: number;
  name: string;
  phone: string;
  org: string;
  externalId?: string | undefined;
}

/** The detail cells of a row that hold something: empty cells are "not given". */
export function detailCellsOf(row: DetailCells): DetailCells {
  const cells: DetailCells = {};
  for (const field of DETAIL_FIELDS) {
    const cell = row[field];
    if (cell !== undefined && cell.trim() !== '') cells[field] = cell;
  }
  return cells;
}

/**
 * A CSV the product exports (shared/records/rules/export-columns.ts) writes a text starting with
 * = + - @ after an apostrophe, so that a spreadsheet shows it rather than running it as a formula;
 * the importer reads such a cell back as it was, so an exported file imports unchanged.
 */
export const guardFormula = (text: string): string => (/^[=+\-@]/.test(text) ? `'${text}` : text);
export const unguardFormula = (cell: string): string => (/^'[=+\-@]/.test(cell) ? cell.slice(1) : cell);

/** One record of the file as an import row; missing cells are empty. */
export function rowFromFields(
  row: number,
  fields: readonly string[],
  columns: ColumnMap,
  defaultOrg?: string,
): ImportRow {
  const cell = (field: ImportField) => {
    const index = columns[field];
    return index === undefined ? '' : unguardFormula(fields[index] ?? '');
  };
  const org = cell('org').trim() === '' ? (defaultOrg ?? '') : cell('org');
  const externalId = cell('externalId');
  return {
    row,
    name: cell('name'),
    phone: cell('phone'),
    org,
    ...(externalId.trim() === '' ? {} : { externalId }),
    ...detailCellsOf(Object.fromEntries(DETAIL_FIELDS.map((field) => [field, cell(field)]))),
  };
}

export const IMPORT_REASONS = {
  orgEmpty: '组织为空 (org is empty)',
  orgUnknown: (value: string) => `找不到组织「${value}」 (no organisation with this id or name)`,
  orgAmbiguous: (value: string, count: number) =>
    `组织名称「${value}」对应 ${count} 个组织,请改用组织编号 (the name matches ${count} organisations; use the org id)`,
  sameAsEarlierRow: (row: number) => `与第 ${row} 行冲突 (conflicts with line ${row})`,
  externalIdTaken: '志愿者编号已被另一位志愿者使用 (externalId belongs to another volunteer)',
  samePersonOtherExternalId: (existingId: string) =>
    `此人(同名同手机号)已登记为 ${existingId},志愿者编号不同 (this name and phone are registered as ${existingId} with another externalId)`,
  notAllowed: '无权在这个组织登记志愿者 (not allowed to register volunteers in this organisation)',
  idNumberTaken: (existingId: string) =>
    `证件号码已登记为 ${existingId}（同一个人） (the ID number is registered as ${existingId}: the same person)`,
  samePersonOtherIdNumber: (existingId: string) =>
    `此人(同名同手机号)已登记为 ${existingId},证件号码不同或未登记 (this name and phone are registered as ${existingId} with another or no ID number)`,
} as const;

export type OrgResolution = { orgId: string } | { reason: string };

/**
 * The organisation a row names: an org id first, else an exact (trimmed) name. A name shared by
 * several organisations is refused rather than guessed.
 */
export function resolveOrg(value: string, tree: OrgTree, byName: ReadonlyMap<string, Org[]>): OrgResolution {
  const text = value.normalize('NFKC').trim();
  if (text === '') return { reason: IMPORT_REASONS.orgEmpty };
  const byId = tree.get(text);
  if (byId !== undefined) return { orgId: byId.orgId };
  const named = byName.get(text) ?? [];
  const [only] = named;
  if (named.length === 1 && only !== undefined) return { orgId: only.orgId };
  if (named.length > 1) return { reason: IMPORT_REASONS.orgAmbiguous(text, named.length) };
  return { reason: IMPORT_REASONS.orgUnknown(text) };
}

/** Organisations by their (normalized) name, for resolving rows that name their organisation. */
export function orgsByName(tree: OrgTree): Map<string, Org[]> {
  const byName = new Map<string, Org[]>();
  for (const org of tree.all()) {
    const name = org.name.normalize('NFKC').trim();
    byName.set(name, [...(byName.get(name) ?? []), org]);
  }
  return byName;
}
