/**
 * Money on the pages: the API speaks integer fen (分); people read and type yuan (元). Typed yuan
 * become fen by string arithmetic ("12.5" → 1250), never through a float, and fen are written as
 * yuan with two decimals ("1,234.50") or in capital numerals (大写) for a receipt. Pure: no DOM.
 */

import { MONEY_FEN_MAX, UNIT_VALUE_FEN_MAX } from '../../../shared/donations/rules/donation';

/** The largest gift (¥10,000,000) and unit value (¥100,000), the server's own bounds. */
export { MONEY_FEN_MAX, UNIT_VALUE_FEN_MAX };

const FULL_WIDTH_DIGIT = /[０-９]/g;
/** Yuan as typed: whole yuan (up to 12 digits), then at most two decimals. */
const YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Yuan as typed, in fen: "12.5" → 1250, "1,234.05" → 123405, "８元" → 800. Full-width digits and
 * point, thousands commas, spaces, a leading ¥ and a trailing 元 are forgiven. Undefined when
 * nothing is typed; 'invalid' for anything else (three decimals, letters, a minus sign, past `maxFen`).
 */
export function parseYuan(text: string, maxFen: number = MONEY_FEN_MAX): number | undefined | 'invalid' {
  const plain = text
    .replace(FULL_WIDTH_DIGIT, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  if (plain === '') return undefined;
  const found = YUAN.exec(plain);
  if (found === null) return 'invalid';
  const whole = found[1] ?? '0';
  const decimals = (found[2] ?? '').padEnd(2, '0');
  // Integers only: whole yuan times 100 plus the fen the decimals name (both exact below 2^53).
  const fen = Number(whole) * 100 + Number(decimals);
  return fen > maxFen ? 'invalid' : fen;
}

/** Fen as yuan with two decimals and thousands commas: 123450 → "1,234.50", -5 → "-0.05". */
export function yuanText(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new Error(`fen must be a safe integer, not ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const size = Math.abs(fen);
  const whole = String(Math.floor(size / 100)).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${sign}${whole}.${String(size % 100).padStart(2, '0')}`;
}

const DIGITS = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'] as const;
const PLACES = ['仟', '佰', '拾', ''] as const;
/** The largest amount written in capitals: under 1 万亿 yuan (the 亿 group stays four digits). */
export const CAPITAL_FEN_MAX = 99_999_999_999_999;

const digit = (value: number): string => DIGITS[value] ?? '';

/** 1–9999 in capitals with its places: 1010 → 壹仟零壹拾, 5 → 伍. */
function fourDigits(value: number): string {
  const digits = [
    Math.floor(value / 1000),
    Math.floor(value / 100) % 10,
    Math.floor(value / 10) % 10,
    value % 10,
  ];
  let text = '';
  let zero = false;
  digits.forEach((each, index) => {
    if (each === 0) {
      if (text !== '') zero = true;
      return;
    }
    if (zero) text += '零';
    zero = false;
    text += digit(each) + (PLACES[index] ?? '');
  });
  return text;
}

/** Whole yuan (≥ 1) in capitals, by groups of 亿, 万 and units: 100100 → 壹拾万零壹佰. */
function wholeYuan(value: number): string {
  const groups: readonly (readonly [number, string])[] = [
    [Math.floor(value / 100_000_000), '亿'],
    [Math.floor(value / 10_000) % 10_000, '万'],
    [value % 10_000, ''],
  ];
  let text = '';
  let skipped = false;
  for (const [group, unit] of groups) {
    if (group === 0) {
      if (text !== '') skipped = true;
      continue;
    }
    // A zero between two groups is read once: 壹亿零壹仟, 壹拾万零壹佰.
    if (text !== '' && (skipped || group < 1000)) text += '零';
    skipped = false;
    text += fourDigits(group) + unit;
  }
  return text;
}

/**
 * An amount in fen in capital numerals as written on receipts (人民币大写): 123450 →
 * 壹仟贰佰叁拾肆元伍角整, 10005 → 壹佰元零伍分, 50 → 伍角整, 0 → 零元整. 整 ends an amount with no
 * fen; a zero 角 before fen is read 零.
 */
export function capitalAmount(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > CAPITAL_FEN_MAX) {
    throw new Error(`capitalAmount takes whole fen from 0 to ${CAPITAL_FEN_MAX}, not ${fen}`);
  }
  const whole = Math.floor(fen / 100);
  const jiao = Math.floor(fen / 10) % 10;
  const cents = fen % 10;
  const yuan = whole === 0 ? '' : `${wholeYuan(whole)}元`;
  if (jiao === 0 && cents === 0) return whole === 0 ? '零元整' : `${yuan}整`;
  if (jiao > 0) return `${yuan}${digit(jiao)}角${cents > 0 ? `${digit(cents)}分` : '整'}`;
  return `${yuan}${whole === 0 ? '' : '零'}${digit(cents)}分`;
}
