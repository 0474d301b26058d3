/**
 * How people write a name and a phone number, folded to one form. Pure and free of Node (no
 * crypto), so pages may share it: the volunteer search box reads text with the API's own rules.
 */

/**
 * Forgiving about how people write a number: full-width digits from a Chinese input method,
 * spaces, dashes, brackets and dots, and the country code as +86, 0086 or 86.
 */
export function normalizePhone(raw: string): string {
  const compact = raw.normalize('NFKC').replace(/[\s\-().]/g, '');
  if (compact.startsWith('+86')) return compact.slice(3);
  if (compact.startsWith('0086')) return compact.slice(4);
  if (compact.length === 13 && compact.startsWith('86')) return compact.slice(2);
  return compact;
}

/**
 * Full-width letters and compatibility ideographs folded, runs of white space made one space, and
 * none left between Chinese characters ("谭 成华" is 谭成华; "Li Na" keeps its space).
 */
export function normalizeName(raw: string): string {
  return raw
    .normalize('NFKC')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/(\p{Script=Han}) (?=\p{Script=Han})/gu, '$1');
}
