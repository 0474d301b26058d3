import * as z from 'zod/mini';
import { isRealDate } from '../china-time';
import { NAME_LENGTH_MAX, REASON_LENGTH_MAX } from '../limits';
import './locale';

/**
 * The three value types every request shares, so that one rule holds at every field:
 * human-readable text (names, reasons), calendar dates, and integers written in a query string.
 * Messages are Chinese first with English in brackets, as office staff read them.
 */

/**
 * Code points no human-readable field may hold: control characters (C0, DEL, C1; but tab, line
 * and page breaks are whitespace, folded into one space like any other), lone surrogates
 * (text that is not valid UTF-16, so not valid UTF-8 either), the replacement character that
 * invalid UTF-8 decodes to, the non-characters U+FFFE/U+FFFF, and the bidirectional controls that
 * can make a name read differently from what it holds (U+202E turns "abc" into "cba" on screen).
 */
const REFUSED_CODE_POINTS =
  /(?![\t\n\v\f\r])\p{Cc}|[\p{Cs}\uFFFD\uFFFE\uFFFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Invisible code points that pasted text often carries (zero-width space, word joiner, byte order
 * mark): dropped rather than refused, as a forgiving form would. Joiners inside emoji and Indic
 * scripts (U+200C, U+200D) are kept.
 */
const DROPPED_CODE_POINTS = /[\u200B\u2060\uFEFF]/gu;

/** A character that shows: not whitespace, not an invisible format character, not a lone combining mark. */
const VISIBLE = /[^\p{White_Space}\p{Cf}\p{M}]/u;

/** True when the text has at least one character that shows. */
export const hasVisibleCharacter = (text: string): boolean => VISIBLE.test(text);

/** True when the text holds none of the refused code points (see REFUSED_CODE_POINTS). */
export const isCleanText = (text: string): boolean => !REFUSED_CODE_POINTS.test(text);

/** The normal form we store: NFC, pasted invisibles dropped, runs of whitespace as one space, trimmed. */
export function normalizeText(raw: string): string {
  if (!isCleanText(raw)) return raw;
  return raw.normalize('NFC').replace(DROPPED_CODE_POINTS, '').replace(/\s+/gu, ' ').trim();
}

export interface TextOptions {
  /** The longest text accepted, in characters (UTF-16 units, as the UI counts them). */
  max: number;
  /** The field's name in Chinese, for the message (名称, 原因). */
  label: string;
  /** The field's name in English, in brackets after the Chinese. */
  field: string;
}

/**
 * A human-readable text field: well-formed Unicode without control, bidi or replacement
 * characters, at least one visible character, at most `max` characters after normalising.
 * Every name and reason in the contract is one of these.
 */
export function HumanText(options: TextOptions) {
  const { max, label, field } = options;
  return z.string({ error: `${label}必须是文字 (${field} must be a string)` }).check(
    z.refine(isCleanText, {
      error: `${label}含有控制字符或无法显示的字符 (${field} contains control, bidi or invalid characters)`,
      abort: true,
    }),
    z.overwrite(normalizeText),
    z.refine(hasVisibleCharacter, { error: `${label}不能为空 (${field} is empty)`, abort: true }),
    z.minLength(1, { error: `${label}不能为空 (${field} is empty)` }),
    z.maxLength(max, { error: `${label}最多 ${max} 个字 (${field} is longer than ${max} characters)` }),
  );
}

/** The first and last activity dates the product accepts. */
export const CALENDAR_DATE_MIN = '2000-01-01';
export const CALENDAR_DATE_MAX = '2099-12-31';

/**
 * A calendar date, YYYY-MM-DD, that exists: month 01–12, a day that month has (2026-02-30 and
 * 2026-13-01 are refused), between CALENDAR_DATE_MIN and CALENDAR_DATE_MAX.
 */
export const CalendarDate = z
  .string({ error: '日期必须是文字 (date must be a string)' })
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, {
      error: '日期格式应为 YYYY-MM-DD (must be a date YYYY-MM-DD)',
      abort: true,
    }),
    z.refine(isRealDate, { error: '没有这一天 (must be a real calendar date)', abort: true }),
    z.refine((date) => date >= CALENDAR_DATE_MIN && date <= CALENDAR_DATE_MAX, {
      error: `日期应在 ${CALENDAR_DATE_MIN} 与 ${CALENDAR_DATE_MAX} 之间 (must be between ${CALENDAR_DATE_MIN} and ${CALENDAR_DATE_MAX})`,
    }),
  )
  .register(z.globalRegistry, { format: 'date', description: 'A real calendar date, YYYY-MM-DD' });

/** A month YYYY-MM of this century, 01–12. */
export const CalendarMonth = z
  .string({ error: '月份必须是文字 (month must be a string)' })
  .check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM (must be a month as YYYY-MM)'));

/**
 * The default of each QueryInt, for the OpenAPI document: JSON Schema's input view drops a default
 * whose value (a number) is not of the input's type (a string of digits).
 */
export const QUERY_INT_DEFAULTS = new WeakMap<object, number>();

/**
 * A whole number written in a query string: plain decimal digits only, no sign, spaces, exponent,
 * hexadecimal or leading zeros ("0x10", "1e1", " 5", "05" and "5.0" are refused), within
 * [min, max]. Absent, it is `fallback`.
 */
export function QueryInt(options: { min: number; max: number; fallback: number }) {
  const { min, max, fallback } = options;
  const digits = z
    .string({ error: '必须是整数 (must be a whole number)' })
    .check(
      z.regex(/^(0|[1-9][0-9]{0,8})$/, '必须是不带符号的十进制整数 (must be a whole number in plain digits)'),
    );
  const bounded = z
    .int()
    .check(
      z.minimum(min, `不能小于 ${min} (must be at least ${min})`),
      z.maximum(max, `不能大于 ${max} (must be at most ${max})`),
    );
  // Documented as what it stands for, an integer in range (a query string carries it as digits).
  const parsed = z.pipe(digits, z.pipe(z.transform(Number), bounded)).register(z.globalRegistry, {
    type: 'integer',
    minimum: min,
    maximum: max,
    pattern: undefined,
  });
  const schema = z._default(parsed, fallback);
  QUERY_INT_DEFAULTS.set(schema, fallback);
  return schema;
}

/** The name of an organisation, store, item or activity. */
export const DisplayName = HumanText({ max: NAME_LENGTH_MAX, label: '名称', field: 'name' });

/** Why something was done (a correction, a write-off, a void, a rejection). */
export const Reason = HumanText({ max: REASON_LENGTH_MAX, label: '原因', field: 'reason' });

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A moment, ISO 8601 with its offset (2026-12-05T09:00+08:00, or Z): a real time between 2000 and
 * 2099. Pages send China time; the API answers in UTC.
 */
export const Instant = z
  .string({ error: '时间必须是文字 (time must be a string)' })
  .check(
    z.regex(ISO_INSTANT, {
      error: '时间格式应为 2026-12-05T09:00+08:00 (must be an ISO 8601 time with its offset)',
      abort: true,
    }),
    z.refine(
      (text) => {
        const at = Date.parse(text);
        return Number.isFinite(at) && at >= Date.UTC(2000, 0, 1) && at < Date.UTC(2100, 0, 1);
      },
      { error: '没有这个时间 (must be a real time between 2000 and 2099)' },
    ),
  )
  .register(z.globalRegistry, { format: 'date-time', description: 'ISO 8601 with an offset' });
