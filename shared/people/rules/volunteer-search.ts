import { normalizeName, normalizePhone } from './person-text';

/**
 * Finding a volunteer by what office staff know of them: part of the Chinese name (王秀, 秀英), or
 * the last digits of the phone (0005). Pure rules; the store filters with the same test and the use
 * case ranks with `rankOf` (D1: the filter only saves transfer, `matches` decides).
 *
 * Search text and answer sizes are the people area's own (they are not shared by other areas).
 */

/** The longest search text, in characters: a long name plus a little. */
export const SEARCH_TEXT_LENGTH_MAX = 20;
/** Fewest phone digits searched by: the last four, as people read them out. */
export const SEARCH_PHONE_DIGITS_MIN = 4;
/** Most volunteers one search answers: a short list to pick from, never a directory. */
export const SEARCH_RESULTS_MAX = 20;
/**
 * Organisation partitions read at once, and index pages one search may read in all (each page is
 * at most 1 MB, and a village's volunteers fit in one): past the budget the answer says `more`.
 */
export const SEARCH_CONCURRENCY = 8;
export const SEARCH_PAGES_MAX = 600;
/** Pages of one organisation's partition: about 3,000 profiles a page, far above any village. */
export const SEARCH_PAGES_PER_ORG_MAX = 20;

/** What a search looks for: a piece of the name, or the end of the phone number. */
export type VolunteerSearch =
  | { readonly kind: 'name'; readonly text: string }
  | { readonly kind: 'phone'; readonly digits: string };

/** What the search text means; a refusal is a sentence, Chinese first. */
export function parseSearch(raw: string): VolunteerSearch | { readonly refused: string } {
  const trimmed = raw.normalize('NFKC').trim();
  const compact = normalizePhone(trimmed);
  if (/^\d+$/.test(compact)) {
    if (compact.length < SEARCH_PHONE_DIGITS_MIN || compact.length > 11) {
      return { refused: '请输入手机号的后 4 位或更多 (enter at least the last 4 digits of the phone)' };
    }
    return { kind: 'phone', digits: compact };
  }
  const text = normalizeName(trimmed);
  if (!/[\p{L}\p{N}]/u.test(text)) {
    return { refused: '请输入姓名中的字或手机号后 4 位 (enter part of the name or the last 4 phone digits)' };
  }
  if (Array.from(text).length > SEARCH_TEXT_LENGTH_MAX) {
    return {
      refused: `搜索内容最多 ${SEARCH_TEXT_LENGTH_MAX} 个字 (search text is longer than ${SEARCH_TEXT_LENGTH_MAX} characters)`,
    };
  }
  return { kind: 'name', text };
}

/** The fields a search reads of a profile. */
export interface Searchable {
  name: string;
  phone: string;
}

/** Whether a volunteer is found by the search: the name contains the text, or the phone ends with the digits. */
export function matches(profile: Searchable, search: VolunteerSearch): boolean {
  if (search.kind === 'phone') return profile.phone.endsWith(search.digits);
  return profile.name.toLowerCase().includes(search.text.toLowerCase());
}

/**
 * Whether a store may leave the test to DynamoDB (a filter, which compares exactly): true unless
 * the text has letters with case ("li" finds "Li Na" only in `matches`).
 */
export const filterableExactly = (search: VolunteerSearch): boolean =>
  search.kind === 'phone' || search.text.toLowerCase() === search.text.toUpperCase();

/** Best first: the whole name, then the name's start, then anywhere in it (the phone: one rank). */
export function rankOf(profile: Searchable, search: VolunteerSearch): number {
  if (search.kind === 'phone') return 0;
  const name = profile.name.toLowerCase();
  const text = search.text.toLowerCase();
  if (name === text) return 0;
  return name.startsWith(text) ? 1 : 2;
}
