import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { yuan } from '../../shared/donations/rules/donation';
import {
  CAPITAL_FEN_MAX,
  capitalAmount,
  MONEY_FEN_MAX,
  parseYuan,
  UNIT_VALUE_FEN_MAX,
  yuanText,
} from '../../web/src/donations/money';

describe('yuan typed on the pages become integer fen without floats', () => {
  it('reads yuan with up to two decimals, forgiving how people type them', () => {
    // Act / Assess
    expect(parseYuan('12.5')).toBe(1250);
    expect(parseYuan('12.05')).toBe(1205);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('0.29')).toBe(29);
    expect(parseYuan('1,234.56')).toBe(123456);
    expect(parseYuan(' ¥８元 ')).toBe(800);
    expect(parseYuan('１２．５')).toBe(1250);
    expect(parseYuan('0')).toBe(0);
    expect(parseYuan('')).toBeUndefined();
    expect(parseYuan('   ')).toBeUndefined();
  });

  it('refuses three decimals, signs, letters and amounts past the limit', () => {
    for (const text of ['12.345', '-1', '+1', '1e3', 'abc', '12.', '.5', '1.2.3', '12 元 5 角']) {
      expect(parseYuan(text), text).toBe('invalid');
    }
    expect(parseYuan('100000', UNIT_VALUE_FEN_MAX)).toBe(UNIT_VALUE_FEN_MAX);
    expect(parseYuan('100000.01', UNIT_VALUE_FEN_MAX)).toBe('invalid');
    expect(parseYuan('10000000')).toBe(MONEY_FEN_MAX);
    expect(parseYuan('10000001')).toBe('invalid');
  });

  it('gives back exactly the fen the server writes as yuan, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MONEY_FEN_MAX }), (fen) => {
        expect(parseYuan(yuan(fen))).toBe(fen);
        expect(parseYuan(yuanText(fen))).toBe(fen);
      }),
    );
  });

  it('writes fen as yuan with two decimals and thousands commas', () => {
    expect(yuanText(0)).toBe('0.00');
    expect(yuanText(5)).toBe('0.05');
    expect(yuanText(1250)).toBe('12.50');
    expect(yuanText(123450)).toBe('1,234.50');
    expect(yuanText(100_000_000)).toBe('1,000,000.00');
    expect(yuanText(-5)).toBe('-0.05');
    expect(() => yuanText(1.5)).toThrow();
  });
});

describe('an amount in capital numerals (大写), as on receipts', () => {
  it.each([
    [123450, '壹仟贰佰叁拾肆元伍角整'],
    [123456, '壹仟贰佰叁拾肆元伍角陆分'],
    [0, '零元整'],
    [1, '壹分'],
    [50, '伍角整'],
    [55, '伍角伍分'],
    [100, '壹元整'],
    [1000, '壹拾元整'],
    [10005, '壹佰元零伍分'],
    [100100, '壹仟零壹元整'],
    [101000, '壹仟零壹拾元整'],
    [1_001_000, '壹万零壹拾元整'],
    [10_010_000, '壹拾万零壹佰元整'],
    [100_000_000, '壹佰万元整'],
    [1_001_000_000, '壹仟零壹万元整'],
    [10_000_000_000, '壹亿元整'],
    [10_000_100_000, '壹亿零壹仟元整'],
    [10_100_000_000, '壹亿零壹佰万元整'],
    [12_345_678_900, '壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整'],
    [MONEY_FEN_MAX, '壹仟万元整'],
  ])('%i fen is %s', (fen, words) => {
    expect(capitalAmount(fen)).toBe(words);
  });

  it('uses only the capital digits and places, and never two 零 in a row, for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: CAPITAL_FEN_MAX }), (fen) => {
        const words = capitalAmount(fen);
        expect(words).toMatch(/^[零壹贰叁肆伍陆柒捌玖拾佰仟万亿元角分整]+$/u);
        expect(words).not.toContain('零零');
        expect(words.endsWith('整') || words.endsWith('分')).toBe(true);
      }),
    );
  });

  it('refuses what is not whole fen in range', () => {
    for (const fen of [-1, 0.5, Number.NaN, CAPITAL_FEN_MAX + 1]) expect(() => capitalAmount(fen)).toThrow();
  });
});
