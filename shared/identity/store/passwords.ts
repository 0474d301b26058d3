import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordHasher } from '../port';
import { SCRYPT_KEY_BYTES, SCRYPT_PARAMETERS, SCRYPT_SALT_BYTES } from '../rules/passwords';

/** scrypt needs 128·N·r bytes; leave room above it (Node's default cap is 32 MiB). */
const MEMORY_HEADROOM = 2;

const derive = (password: string, salt: Buffer, options: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((done, fail) => {
    const scryptOptions: ScryptOptions = {
      ...options,
      maxmem: 128 * options.N * options.r * MEMORY_HEADROOM,
    };
    scrypt(password.normalize('NFKC'), salt, SCRYPT_KEY_BYTES, scryptOptions, (error, key) =>
      error === null ? done(key) : fail(error),
    );
  });

/**
 * Passwords as `scrypt$<log2 N>$<r>$<p>$<salt>$<key>` (base64url), so a hash keeps the parameters
 * it was made with and stronger ones can come later. `parameters` are the production ones unless a
 * test asks for cheaper ones to keep its run short; verification always reads the stored ones.
 */
export function scryptHasher(
  parameters: { N: number; r: number; p: number } = SCRYPT_PARAMETERS,
): PasswordHasher {
  return {
    async hash(password) {
      const salt = randomBytes(SCRYPT_SALT_BYTES);
      const key = await derive(password, salt, parameters);
      return [
        'scrypt',
        Math.log2(parameters.N),
        parameters.r,
        parameters.p,
        salt.toString('base64url'),
        key.toString('base64url'),
      ].join('$');
    },
    async verify(password, stored) {
      const [scheme, log2N, r, p, salt, key] = stored.split('$');
      if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
      const options = { N: 2 ** Number(log2N), r: Number(r), p: Number(p) };
      if (![options.N, options.r, options.p].every((value) => Number.isSafeInteger(value) && value > 0))
        return false;
      const expected = Buffer.from(key, 'base64url');
      const actual = await derive(password, Buffer.from(salt, 'base64url'), options);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
