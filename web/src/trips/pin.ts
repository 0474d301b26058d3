import { scryptAsync } from '@noble/hashes/scrypt.js';
import type { PackVolunteer } from './state';

/**
 * A card's PIN checked on the phone, with no signal, against the pack's verifier: the card's own
 * scrypt (N=16384, r=8, p=1, 32 bytes) of the PIN's UTF-8 with the card's salt, compared with the
 * hash in constant time. About 16 MiB and a fraction of a second on a cheap phone: slow on
 * purpose, so that a lost phone's pack does not give PINs away quickly (docs/mobile-shop.md).
 */
export const PIN_SCHEME = 'scrypt-16384-8-1';
const SCRYPT = { N: 16384, r: 8, p: 1, dkLen: 32 } as const;

const fromBase64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (char) => char.charCodeAt(0));

export async function pinMatches(verifier: NonNullable<PackVolunteer['pin']>, pin: string): Promise<boolean> {
  if (verifier.scheme !== PIN_SCHEME) return false;
  const expected = fromBase64(verifier.hash);
  const given = await scryptAsync(pin, fromBase64(verifier.salt), { ...SCRYPT, asyncTick: 20 });
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let index = 0; index < given.length; index += 1) {
    difference |= (given[index] ?? 0) ^ (expected[index] ?? 0);
  }
  return difference === 0;
}
