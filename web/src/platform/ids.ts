/**
 * Ids the pages make so that nobody has to invent one: `prefix-` and 10 random base32 characters
 * (50 bits), made once per form, so a form sent twice (a lost answer, a second tap) names the same
 * thing both times and the PUT that takes it changes nothing the second time.
 */
export function newId(
  prefix: 'org' | 'shop' | 'g',
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return `${prefix}-${Array.from(random(new Uint8Array(10)), (byte) => alphabet[byte % 32]).join('')}`;
}

/** An id `newId` made: nobody chose it, so the pages never show it where a name exists. */
export const madeByTheSystem = (id: string): boolean => /^(org|shop|g)-[a-z2-7]{10}$/.test(id);
