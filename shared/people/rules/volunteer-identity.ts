import { createHmac } from 'node:crypto';
import { normalizeName, normalizePhone } from './person-text';

export { normalizeName, normalizePhone };

/**
 * Who a volunteer is, as the ledger tells people apart: a person is their name with their mobile
 * number. A volunteer's id is derived from those two, so registering the same person twice lands
 * on the same id and is refused by a condition in DynamoDB rather than by a lookup that could race;
 * the profile item at that id is the name-and-phone uniqueness guard. (An externalId, when given,
 * is kept unique by an item of its own.)
 *
 * The derivation is keyed (HMAC-SHA-256 under a random salt kept in the table): a plain hash of
 * name and phone could be reversed by anyone who sees an id, a name and a masked phone
 * (138****0001 leaves 10,000 candidates), which would undo the masking.
 */

/** Mainland mobile numbers: 11 digits, starting 13–19. */
export const MOBILE_PHONE_PATTERN = /^1[3-9][0-9]{9}$/;

/** Letters, digits and a few separators: ids from the national volunteer system and ID cards. */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Characters of the volunteer id after its `v`: 16 base32 characters are 80 bits of the digest. */
const ID_DIGEST_CHARACTERS = 16;
const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

export function normalizeExternalId(raw: string): string {
  return raw.normalize('NFKC').trim();
}

function base32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/** The text a person's name and phone are compared by: case does not make another person. */
const personText = (name: string, phone: string) => `${name.toLowerCase()}\n${phone}`;

export interface PersonIdentity {
  name: string;
  phone: string;
  externalId?: string | undefined;
}

/** The volunteer's id: `v` and 16 base32 characters of HMAC-SHA-256 over name and phone. */
export function volunteerIdFor(person: PersonIdentity, salt: string): string {
  const digest = createHmac('sha256', salt).update(
    `person\n${personText(person.name, person.phone)}`,
    'utf8',
  );
  return `v${base32(digest.digest()).slice(0, ID_DIGEST_CHARACTERS)}`;
}

/** True when two registrations describe the same person by name and phone. */
export function samePerson(a: PersonIdentity, b: PersonIdentity): boolean {
  return personText(a.name, a.phone) === personText(b.name, b.phone);
}
