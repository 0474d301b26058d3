import {
  genderOf,
  ID_DOCUMENT_LABELS,
  ID_DOCUMENT_TYPES,
  ID_NUMBER_REASONS,
  type IdDocumentType,
  isIdDocumentType,
  maskIdNumber,
  validateIdNumber,
} from '../../records/rules/id-number';

/**
 * A volunteer's personal details beyond name and phone, as MCA Order No. 67 第五条 lists a
 * volunteer's basic information (「姓名、性别、出生日期、身份证件号码、居住区域、联系方式、专业技能和
 * 服务类别等」): gender, the ID document, skills (技能特长) and service intentions (服务意向). All are
 * optional. The ID number's own rules (GB 11643-1999 for a 居民身份证, shape for the others, the
 * mask) are the records area's (shared/records/rules/id-number.ts), used here as they are.
 */

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];
export const GENDER_LABELS: Readonly<Record<Gender, string>> = { male: '男', female: '女' };

/** Why a detail is refused: Chinese first, the English in brackets, as the import lists it per row. */
export const DETAIL_REASONS = {
  genderUnknown: (value: string) => `性别「${value}」看不懂，请填写男或女 (gender must be 男 or 女)`,
  genderMismatch: (fromId: Gender) =>
    `性别与身份证号不符：身份证号第17位表示${GENDER_LABELS[fromId]}，请核对 (the gender does not match the ID number)`,
  idTypeUnknown: (value: string) =>
    `证件类型「${value}」看不懂，请填写${ID_DOCUMENT_TYPES.map((type) => ID_DOCUMENT_LABELS[type]).join('、')}之一 (unknown ID document type)`,
  idTypeWithoutNumber: `填写了证件类型，${ID_NUMBER_REASONS.empty} (an ID type without a number)`,
} as const;

/** The ID document a registration or a change gives, checked: the number normalised and masked. */
export interface CheckedIdDocument {
  type: IdDocumentType;
  /** The normalised number: to seal and to hash, never to store or show. */
  normalized: string;
  masked: string;
}

export type DetailsCheck =
  | { ok: true; document?: CheckedIdDocument | undefined; gender?: Gender | undefined }
  | { ok: false; field: 'idNumber' | 'idType' | 'gender'; reason: string };

/**
 * Checks an ID document and a gender together. A number without a type is a 居民身份证 (what nearly
 * every volunteer has); a 居民身份证's number says the gender (its 17th digit, GB 11643-1999), so a
 * gender given with it must agree, and one left out is taken from it. `today` is the China date a
 * birth date may not be later than.
 */
export function checkIdDocument(
  given: { idType?: string | undefined; idNumber?: string | undefined; gender?: Gender | undefined },
  today: string,
): DetailsCheck {
  if (given.idNumber === undefined) {
    if (given.idType !== undefined)
      return { ok: false, field: 'idNumber', reason: DETAIL_REASONS.idTypeWithoutNumber };
    return { ok: true, gender: given.gender };
  }
  const type = given.idType ?? 'resident-id';
  const check = validateIdNumber(type, given.idNumber, today);
  if (!check.ok)
    return {
      ok: false,
      field: check.problem === 'unknownType' ? 'idType' : 'idNumber',
      reason: check.reason,
    };
  const document: CheckedIdDocument = {
    type: type as IdDocumentType,
    normalized: check.normalized,
    masked: maskIdNumber(type as IdDocumentType, check.normalized),
  };
  const fromNumber = document.type === 'resident-id' ? genderOf(document.normalized) : undefined;
  if (fromNumber !== undefined && given.gender !== undefined && given.gender !== fromNumber)
    return { ok: false, field: 'gender', reason: DETAIL_REASONS.genderMismatch(fromNumber) };
  return { ok: true, document, gender: fromNumber ?? given.gender };
}

/** A list of short texts without repeats, in the order given. */
export const withoutRepeats = (items: readonly string[]): string[] => [...new Set(items)];

/* Reading spreadsheet cells: forgiving about how an office writes them. */

const compact = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

const GENDER_WORDS: Readonly<Record<string, Gender>> = {
  男: 'male',
  男性: 'male',
  male: 'male',
  m: 'male',
  女: 'female',
  女性: 'female',
  female: 'female',
  f: 'female',
};

/** 男/女 (or male/female, M/F) from a cell; empty is "not given". */
export function genderFromCell(cell: string): { gender?: Gender } | { reason: string } {
  const key = compact(cell);
  if (key === '') return {};
  const gender = GENDER_WORDS[key];
  return gender === undefined ? { reason: DETAIL_REASONS.genderUnknown(cell.trim()) } : { gender };
}

/** Names offices use for each document besides its label (ID_DOCUMENT_LABELS) and its API value. */
const ID_TYPE_WORDS: Readonly<Record<string, IdDocumentType>> = {
  身份证: 'resident-id',
  二代身份证: 'resident-id',
  港澳通行证: 'hk-macao-permit',
  回乡证: 'hk-macao-permit',
  台胞证: 'taiwan-permit',
  外国人永久居留证: 'foreign-permanent-id',
  永久居留身份证: 'foreign-permanent-id',
  港澳居民居住证: 'hmt-residence-permit',
  台湾居民居住证: 'hmt-residence-permit',
  其它: 'other',
};

/** The document type a cell names; empty is "not given". */
export function idTypeFromCell(cell: string): { idType?: IdDocumentType } | { reason: string } {
  const key = compact(cell);
  if (key === '') return {};
  if (isIdDocumentType(key)) return { idType: key };
  const byLabel = ID_DOCUMENT_TYPES.find((type) => compact(ID_DOCUMENT_LABELS[type]) === key);
  const idType = byLabel ?? ID_TYPE_WORDS[key];
  return idType === undefined ? { reason: DETAIL_REASONS.idTypeUnknown(cell.trim()) } : { idType };
}

/** A cell listing several texts (木工、电工 / 木工,电工 / 木工；电工): the texts, trimmed, none empty. */
export function listFromCell(cell: string): string[] {
  return cell
    .split(/[、,，;；/|\n]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}
