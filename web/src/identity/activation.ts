import {
  ACTIVATION_CODE_DIGITS,
  PIN_DIGITS_MAX,
  PIN_DIGITS_MIN,
} from '../../../shared/identity/rules/devices';
import type { Problem } from './sign-in/state';

/**
 * The rules of a volunteer's phone activation, pure: where the QR link's token is, what a typed
 * code may look like (an elderly volunteer may type full-width digits or spaces), the optional
 * PIN, and what a refusal means for the screen.
 */
export { ACTIVATION_CODE_DIGITS, PIN_DIGITS_MAX, PIN_DIGITS_MIN };

/** The QR link's secret: 32 random bytes, base64url (43 characters). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const CODE = new RegExp(`^\\d{${ACTIVATION_CODE_DIGITS}}$`);
const PIN = new RegExp(`^\\d{${PIN_DIGITS_MIN},${PIN_DIGITS_MAX}}$`);

/** The path a QR code sends a phone to; the token after `#` never reaches a server or a log. */
export const ACTIVATION_PATH = '/activate';

/**
 * The QR link: the site's root with `?activate`, so any static host serves it (a CloudFront
 * distribution serves `index.html` for `/` only); `/activate` also works where the host maps it.
 */
export const activationLink = (origin: string, token: string): string => `${origin}/?activate#${token}`;

/** Whether this address asks for the activation screen: /activate (however hosted) or /?activate. */
export function isActivationAddress(pathname: string, search: string): boolean {
  const path = pathname.replace(/\/(index\.html)?$/, '');
  return path === ACTIVATION_PATH || new URLSearchParams(search).has('activate');
}

/** The token in a `#<token>` address, or undefined. */
export function tokenFromHash(hash: string): string | undefined {
  const token = hash.replace(/^#/, '').trim();
  return TOKEN.test(token) ? token : undefined;
}

/** Full-width digits (０-９) as ASCII, spaces and dashes dropped: "１２３ ４５６" is 123456. */
export function normalizeDigits(typed: string): string {
  return typed
    .replace(/[\uFF10-\uFF19]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/[\s\-\u3000]/g, '');
}

export const isActivationCode = (code: string): boolean => CODE.test(code);

export type PinProblem = 'format' | 'mismatch';

/** The optional PIN: empty is fine; otherwise 4–6 digits, typed the same twice. */
export function pinProblem(pin: string, repeat: string): PinProblem | undefined {
  if (pin === '' && repeat === '') return undefined;
  if (!PIN.test(pin)) return 'format';
  if (pin !== repeat) return 'mismatch';
  return undefined;
}

export type ActivationRefusal =
  /** Wrong, used or expired: a coordinator makes a new one. */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'throttled'; readonly seconds: number | undefined }
  | { readonly kind: 'device-name' }
  | { readonly kind: 'network' }
  | { readonly kind: 'other'; readonly message: string };

export function activationRefusal(problem: Problem): ActivationRefusal {
  if (problem.code === undefined) return { kind: 'network' };
  if (problem.code === 'UNAUTHENTICATED') return { kind: 'invalid' };
  if (problem.code === 'THROTTLED') {
    const seconds =
      typeof problem.body.retryAfterSeconds === 'number'
        ? problem.body.retryAfterSeconds
        : problem.retryAfterSeconds;
    return { kind: 'throttled', seconds };
  }
  if (problem.code === 'VALIDATION_FAILED') {
    const errors = Array.isArray(problem.body.errors) ? (problem.body.errors as { path?: unknown }[]) : [];
    if (errors.some((error) => String(error.path ?? '').includes('deviceName')))
      return { kind: 'device-name' };
    if (errors.some((error) => String(error.path ?? '').includes('activation'))) return { kind: 'invalid' };
  }
  return { kind: 'other', message: problem.message };
}
