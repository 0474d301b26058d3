import { isRealDate } from '../../platform/china-time';

/**
 * Identity documents a volunteer may register with, and how their numbers are checked, normalised
 * and masked. Order No. 67 第五条 lists 「身份证件号码」 among a volunteer's basic information; it
 * does not list the kinds of document. The kinds below are the product's list (the ones a Chinese
 * volunteer registry commonly offers); no regulation fixing the list was found (docs/records-sources.md).
 *
 * 居民身份证 numbers follow GB 11643-1999 《公民身份号码》: six digits of address code (GB/T 2260),
 * eight of birth date (YYYYMMDD), three of sequence (odd for men, even for women) and a check
 * character by ISO 7064:1983 MOD 11-2 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, that is
 * 2^(17-i) mod 11; check characters 1 0 X 9 8 7 6 5 4 3 2 for a weighted sum of 0…10 mod 11).
 * Other documents are checked for shape only: 5 to 30 letters, digits or hyphens, upper-cased.
 */
export const ID_DOCUMENT_TYPES = [
  'resident-id',
  'passport',
  'hk-macao-permit',
  'taiwan-permit',
  'foreign-permanent-id',
  'hmt-residence-permit',
  'other',
] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

export const ID_DOCUMENT_LABELS: Readonly<Record<IdDocumentType, string>> = {
  'resident-id': '居民身份证',
  passport: '护照',
  'hk-macao-permit': '港澳居民来往内地通行证',
  'taiwan-permit': '台湾居民来往大陆通行证',
  'foreign-permanent-id': '外国人永久居留身份证',
  'hmt-residence-permit': '港澳台居民居住证',
  other: '其他',
};

export const isIdDocumentType = (value: string): value is IdDocumentType =>
  (ID_DOCUMENT_TYPES as readonly string[]).includes(value);

/** GB 11643-1999 weights for the first 17 characters. */
export const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for a weighted sum of 0, 1, … 10 (mod 11). */
export const RESIDENT_ID_CHECK_CHARACTERS = '10X98765432';
/** Birth dates before this are refused: no living volunteer was born earlier. */
export const EARLIEST_BIRTH_DATE = '1900-01-01';
export const OTHER_ID_LENGTH_MIN = 5;
export const OTHER_ID_LENGTH_MAX = 30;

const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;
const OTHER_ID_SHAPE = /^[A-Z0-9-]+$/;

/** Why a number is refused: a code for the pages, and a sentence that tells the person what to do. */
export const ID_NUMBER_REASONS = {
  unknownType: '请先选择证件类型',
  empty: '请输入证件号码',
  oldResidentId: '这是15位的旧身份证号，请输入18位的新身份证号',
  residentLength: '身份证号应为18位，请核对后再输入',
  residentCharacters: '身份证号前17位只能是数字，最后一位是数字或X，请核对后再输入',
  residentRegion: '身份证号前6位（地区）不对，请核对后再输入',
  residentBirthDate: '身份证号第7到14位（出生日期）不是真实的日期，请核对后再输入',
  residentBirthFuture: '身份证号里的出生日期晚于今天，请核对后再输入',
  residentBirthTooEarly: '身份证号里的出生日期早于1900年，请核对后再输入',
  residentCheck: '身份证号最后一位校验不对，请核对后再输入',
  otherLength: `证件号码应为${OTHER_ID_LENGTH_MIN}到${OTHER_ID_LENGTH_MAX}位，请核对后再输入`,
  otherCharacters: '证件号码只能有字母、数字和短横线（-），请核对后再输入',
} as const;
export type IdNumberProblem = keyof typeof ID_NUMBER_REASONS;

export type IdNumberCheck =
  | { ok: true; normalized: string }
  | { ok: false; problem: IdNumberProblem; reason: string };

const refuse = (problem: IdNumberProblem): IdNumberCheck => ({
  ok: false,
  problem,
  reason: ID_NUMBER_REASONS[problem],
});

/**
 * Forgiving about how people type: full-width digits and letters from a Chinese input method
 * (NFKC), spaces anywhere, lower case (x for X). A 居民身份证 may also be written in groups with
 * hyphens (110105-19491231-002X); other documents keep their hyphens.
 */
export function normalizeIdNumber(type: IdDocumentType, raw: string): string {
  const compact = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return type === 'resident-id' ? compact.replace(/-/g, '') : compact;
}

/** The check character GB 11643-1999 gives the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('The body of a 居民身份证 number is 17 digits');
  const sum = RESIDENT_ID_WEIGHTS.reduce(
    (total, weight, index) => total + weight * Number(first17[index]),
    0,
  );
  return RESIDENT_ID_CHECK_CHARACTERS.charAt(sum % 11);
}

const birthDateText = (normalized: string): string =>
  `${normalized.slice(6, 10)}-${normalized.slice(10, 12)}-${normalized.slice(12, 14)}`;

function checkResidentId(number: string, today: string): IdNumberCheck {
  if (/^\d{15}$/.test(number)) return refuse('oldResidentId');
  if (number.length !== 18) return refuse('residentLength');
  if (!RESIDENT_ID_SHAPE.test(number)) return refuse('residentCharacters');
  if (number.startsWith('0')) return refuse('residentRegion');
  const birth = birthDateText(number);
  if (!isRealDate(birth)) return refuse('residentBirthDate');
  if (birth < EARLIEST_BIRTH_DATE) return refuse('residentBirthTooEarly');
  if (birth > today) return refuse('residentBirthFuture');
  if (residentIdCheckCharacter(number.slice(0, 17)) !== number.charAt(17)) return refuse('residentCheck');
  return { ok: true, normalized: number };
}

/**
 * Checks a number as a person typed it. `today` is the China date (YYYY-MM-DD) a birth date may
 * not be later than; it is passed in so the rule stays pure.
 */
export function validateIdNumber(type: string, raw: string, today: string): IdNumberCheck {
  if (!isRealDate(today)) throw new RangeError(`today must be a real date YYYY-MM-DD, got ${today}`);
  if (!isIdDocumentType(type)) return refuse('unknownType');
  const number = normalizeIdNumber(type, raw);
  if (number === '') return refuse('empty');
  if (type === 'resident-id') return checkResidentId(number, today);
  if (number.length < OTHER_ID_LENGTH_MIN || number.length > OTHER_ID_LENGTH_MAX)
    return refuse('otherLength');
  if (!OTHER_ID_SHAPE.test(number)) return refuse('otherCharacters');
  return { ok: true, normalized: number };
}

/** Numbers shorter than this are masked whole: two shown characters would be too much of them. */
export const MASK_SHOW_ENDS_FROM_LENGTH = 8;

/**
 * A number as people may see it: the first and the last character, every other one an asterisk,
 * the length kept (居民身份证 1****************X).
 *
 * Why not the common first 3 + last 4 (or 6 + 4)? In a county programme the address code (digits
 * 1–6) is the same for most volunteers and known to anyone, and a birth date (digits 7–14) is
 * known to family and neighbours; the last four are the sequence and the check, the only part
 * that is not. 3 + 4 would show exactly that part, and with the county and the birthday the whole
 * number could be rebuilt. Showing the first and last characters leaves the three sequence digits
 * hidden: 1,000 candidates, about 91 once the check character is matched, about 45 with the
 * person's sex — enough to recognise one's own number, not enough to rebuild someone else's.
 */
export function maskIdNumber(_type: IdDocumentType, normalized: string): string {
  const characters = Array.from(normalized);
  if (characters.length < MASK_SHOW_ENDS_FROM_LENGTH) return '*'.repeat(characters.length);
  return `${characters[0]}${'*'.repeat(characters.length - 2)}${characters.at(-1)}`;
}

const wellFormedResidentId = (normalized: string): boolean =>
  RESIDENT_ID_SHAPE.test(normalized) && isRealDate(birthDateText(normalized));

/** The birth date (YYYY-MM-DD) a normalised 居民身份证 number carries; undefined if it carries none. */
export function birthDateOf(normalized: string): string | undefined {
  return wellFormedResidentId(normalized) ? birthDateText(normalized) : undefined;
}

/** The sex a normalised 居民身份证 number carries: the 17th digit, odd for men, even for women. */
export function genderOf(normalized: string): 'male' | 'female' | undefined {
  if (!wellFormedResidentId(normalized)) return undefined;
  return Number(normalized.charAt(16)) % 2 === 1 ? 'male' : 'female';
}
