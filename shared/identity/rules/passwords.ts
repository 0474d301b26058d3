/**
 * Staff passwords. The length rules follow NIST SP 800-63B-4 (August 2025), section 3.1.1.2 as
 * summarised in public write-ups read 2026-12-04: at least 15 characters for a password that is
 * the only factor, at least 8 when a second factor is required; permit at least 64; no
 * composition rules (no "an upper-case letter, a digit and a symbol"); compare against known
 * weak values; count each Unicode code point as one character; never truncate.
 */
export const PASSWORD_LENGTH_MIN_SINGLE_FACTOR = 15;
export const PASSWORD_LENGTH_MIN_WITH_TOTP = 8;
export const PASSWORD_LENGTH_MAX = 64;

/**
 * Values refused whatever their length: the most common passwords and their Chinese favourites
 * (digit runs, keyboard rows, pinyin greetings). A deployment may refuse more; these are the floor.
 */
const WEAK = new Set([
  '123456789012345',
  '1234567890123456',
  '111111111111111',
  '000000000000000',
  'qwertyuiopasdfg',
  'password',
  'password1',
  'password123',
  '12345678',
  '123456789',
  '1234567890',
  '88888888',
  '11111111',
  '00000000',
  'qwertyui',
  'iloveyou',
  'woaini1314',
  'woainiwoaini',
  'aixin123',
  'aixinjifen',
  'abcd1234',
  'a1234567',
  '1qaz2wsx',
  'zxcvbnm123',
]);

export type PasswordProblem = 'too-short' | 'too-long' | 'weak' | 'contains-username';

/** Unicode code points, each one character (NIST: "each Unicode code point SHALL be counted"). */
const length = (text: string): number => [...text].length;

/** Why a chosen password is refused, or undefined when it may be used. */
export function passwordProblem(
  password: string,
  context: { username: string; secondFactor: boolean },
): PasswordProblem | undefined {
  const normalized = password.normalize('NFKC');
  const min = context.secondFactor ? PASSWORD_LENGTH_MIN_WITH_TOTP : PASSWORD_LENGTH_MIN_SINGLE_FACTOR;
  if (length(normalized) < min) return 'too-short';
  if (length(normalized) > PASSWORD_LENGTH_MAX) return 'too-long';
  const lower = normalized.toLowerCase();
  if (WEAK.has(lower) || /^(.)\1+$/u.test(lower)) return 'weak';
  if (context.username.length >= 3 && lower.includes(context.username.toLowerCase()))
    return 'contains-username';
  return undefined;
}

/** The message for a refused password, Chinese first. */
export function passwordMessage(problem: PasswordProblem, secondFactor: boolean): string {
  const min = secondFactor ? PASSWORD_LENGTH_MIN_WITH_TOTP : PASSWORD_LENGTH_MIN_SINGLE_FACTOR;
  switch (problem) {
    case 'too-short':
      return `密码至少 ${min} 个字符，可以用一句好记的话 (at least ${min} characters; a phrase is fine)`;
    case 'too-long':
      return `密码最多 ${PASSWORD_LENGTH_MAX} 个字符 (at most ${PASSWORD_LENGTH_MAX} characters)`;
    case 'weak':
      return '这个密码太常见，请换一个 (this password is too common)';
    case 'contains-username':
      return '密码不能包含用户名 (the password must not contain the username)';
  }
}

/**
 * scrypt parameters: OWASP Password Storage Cheat Sheet (read 2026-12-04): "scrypt with a minimum
 * CPU/memory cost parameter of (2^17), a minimum block size of 8 (1024 bytes), and a
 * parallelization parameter of 1". That takes 128 MiB while it runs, so the sign-in function
 * has the memory for it. The stored hash names its parameters, so they can grow later.
 */
export const SCRYPT_PARAMETERS = { N: 2 ** 17, r: 8, p: 1 } as const;
export const SCRYPT_KEY_BYTES = 32;
export const SCRYPT_SALT_BYTES = 16;
