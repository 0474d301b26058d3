import { type BinaryLike, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { CARD_NUMBER_DIGITS, CODE_TTL_SECONDS } from '../../platform/limits';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';

/**
 * Volunteer codes: what a volunteer's phone shows as a QR code, and what a printed card turns into
 * at the counter. A code is an HMAC-signed token naming the volunteer, a random code id and an
 * expiry; it proves who the volunteer is for two minutes. That it is spent once is not decided
 * here: its id becomes the key of the redemption record, written with `attribute_not_exists`.
 */
export const VOLUNTEER_CODE_PURPOSE = 'volunteer-code';

/** Short field names keep the code compact enough for a sparse QR code. */
export interface VolunteerCodePayload {
  /** The volunteer. */
  v: string;
  /** The code id: random, base64url, at least 96 bits. */
  c: string;
  /** Expiry, epoch seconds. */
  e: number;
}

export interface IssuedCode {
  code: string;
  codeId: string;
  expiresAt: string;
}

export function issueVolunteerCode(
  volunteerId: string,
  codeId: string,
  now: Date,
  signing: SigningKeys,
): IssuedCode {
  const expiresAtSeconds = Math.floor(now.getTime() / 1000) + CODE_TTL_SECONDS;
  const payload: VolunteerCodePayload = { v: volunteerId, c: codeId, e: expiresAtSeconds };
  return {
    code: signToken(payload, signing, VOLUNTEER_CODE_PURPOSE),
    codeId,
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
  };
}

export type CodeReading =
  | { status: 'valid'; volunteerId: string; codeId: string; expiresAt: string }
  | { status: 'expired'; volunteerId: string; codeId: string; expiresAt: string }
  | { status: 'invalid' };

const CODE_ID_PATTERN = /^[A-Za-z0-9_-]{16,43}$/;
const VOLUNTEER_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks signature, shape and expiry; an expired code still says whose it was (for replays). */
export function readVolunteerCode(code: string, signing: SigningKeys, now: Date): CodeReading {
  const payload = verifyToken(code, signing, VOLUNTEER_CODE_PURPOSE) as
    | Partial<VolunteerCodePayload>
    | undefined;
  if (
    payload === undefined ||
    payload === null ||
    typeof payload !== 'object' ||
    typeof payload.v !== 'string' ||
    !VOLUNTEER_ID_PATTERN.test(payload.v) ||
    typeof payload.c !== 'string' ||
    !CODE_ID_PATTERN.test(payload.c) ||
    typeof payload.e !== 'number' ||
    !Number.isSafeInteger(payload.e)
  ) {
    return { status: 'invalid' };
  }
  const reading = {
    volunteerId: payload.v,
    codeId: payload.c,
    expiresAt: new Date(payload.e * 1000).toISOString(),
  };
  return now.getTime() >= payload.e * 1000
    ? { status: 'expired', ...reading }
    : { status: 'valid', ...reading };
}

/* Printed cards for volunteers without a phone. */

/** The Luhn check digit, so a mistyped card number is caught before any lookup. */
function luhnDigit(digits: string): number {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** A card number from random bytes: CARD_NUMBER_DIGITS - 1 random digits and a Luhn digit. */
export function cardNumberFrom(random: Uint8Array): string {
  const body = Array.from({ length: CARD_NUMBER_DIGITS - 1 }, (_, index) =>
    String((random[index % random.length] ?? 0) % 10),
  );
  // The first digit is never 0, so the number keeps its length when typed into a spreadsheet.
  if (body[0] === '0') body[0] = String(1 + ((random.at(-1) ?? 0) % 9));
  const text = body.join('');
  return `${text}${luhnDigit(text)}`;
}

export function isCardNumber(text: string): boolean {
  if (!new RegExp(`^[1-9][0-9]{${CARD_NUMBER_DIGITS - 1}}$`).test(text)) return false;
  return luhnDigit(text.slice(0, -1)) === Number(text.at(-1));
}

/** Card numbers are printed in groups of four; people type them with or without the spaces. */
export const normaliseCardNumber = (text: string): string => text.replace(/[\s-]/g, '');

/** PINs anyone would try first: one digit repeated, or a run up or down (1234, 9876). */
export function isGuessablePin(pin: string): boolean {
  const digits = Array.from(pin, Number);
  const steps = new Set(digits.slice(1).map((digit, index) => digit - (digits[index] ?? 0)));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0] ?? 99);
}

/** scrypt's cost: about 16 MiB and a few tens of milliseconds per PIN check. */
const SCRYPT: ScryptOptions = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const PIN_SCHEME = 'scrypt-16384-8-1';
const PIN_HASH_BYTES = 32;

function scryptAsync(pin: BinaryLike, salt: BinaryLike): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin, salt, PIN_HASH_BYTES, SCRYPT, (error, derived) => (error ? reject(error) : resolve(derived)));
  });
}

export async function hashPin(pin: string, salt: Buffer): Promise<string> {
  return (await scryptAsync(pin, salt)).toString('base64');
}

export async function pinMatches(pin: string, salt: Buffer, expectedHash: string): Promise<boolean> {
  const expected = Buffer.from(expectedHash, 'base64');
  const given = await scryptAsync(pin, salt);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
