import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { RecordListQuery } from '../../shared/earning/contract/service-records';
import { RegisterVolunteerRequest } from '../../shared/people/contract/volunteers';
import { isRealDate } from '../../shared/platform/china-time';
import { CalendarDate, DisplayName, HumanText, QueryInt, Reason } from '../../shared/platform/contract/text';
import { parseSigningSecret, signToken, verifyToken } from '../../shared/platform/signed-token';
import { StoreDayQuery } from '../../shared/stores/contract/redemptions';
import { PutStoreRequest } from '../../shared/stores/contract/stores';

const messages = (result: { success: boolean; error?: z.core.$ZodError }) =>
  result.error?.issues.map((issue) => issue.message) ?? [];

describe('CalendarDate: a real day, in range', () => {
  it.each([
    '2026-00-10',
    '2026-13-01',
    '2026-01-00',
    '2026-01-32',
    '2026-02-30',
    '2025-02-29',
    '1999-12-31',
    '2100-01-01',
    '2026-1-01',
    '２０２６-01-01',
    '2026-01-01T00:00',
  ])('refuses %s with a message, never an exception', (date) => {
    const result = CalendarDate.safeParse(date);
    expect(result.success).toBe(false);
    expect(messages(result).length).toBeGreaterThan(0);
  });

  it.each(['2000-01-01', '2024-02-29', '2026-12-31', '2099-12-31'])('accepts %s', (date) => {
    expect(CalendarDate.safeParse(date)).toEqual({ success: true, data: date });
  });

  it('isRealDate answers for every 10-character string, and agrees with the calendar', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          const daysInMonth = m >= 1 && m <= 12 ? new Date(Date.UTC(2000, m, 0)).getUTCDate() : 0;
          const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
          const lastDay = m === 2 ? (leap ? 29 : 28) : daysInMonth;
          expect(isRealDate(text)).toBe(m >= 1 && m <= 12 && d >= 1 && d <= lastDay);
        },
      ),
      { numRuns: 2000, seed: 20261204 },
    );
  });

  it('is the type of the store-day filter too', () => {
    expect(StoreDayQuery.safeParse({ date: '2026-13-01' }).success).toBe(false);
    expect(StoreDayQuery.safeParse({ date: '2026-12-01' }).success).toBe(true);
  });
});

describe('QueryInt: plain decimal digits only', () => {
  const Limit = z.strictObject({ limit: QueryInt({ min: 1, max: 100, fallback: 20 }) });

  it.each([
    '0x10',
    '1e1',
    ' 5',
    '5 ',
    '+5',
    '-1',
    '05',
    '5.0',
    '',
    'NaN',
    'Infinity',
    '１０',
    '0',
    '101',
    '9'.repeat(20),
  ])('refuses %j', (text) => {
    expect(Limit.safeParse({ limit: text }).success).toBe(false);
  });

  it('reads digits as the number, and an absent value as the fallback', () => {
    expect(Limit.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(Limit.parse({ limit: '100' })).toEqual({ limit: 100 });
    expect(Limit.parse({})).toEqual({ limit: 20 });
  });

  it('is the type of every list limit', () => {
    expect(RecordListQuery.safeParse({ limit: '0x10' }).success).toBe(false);
    expect(RecordListQuery.parse({ limit: '16' }).limit).toBe(16);
  });
});

describe('HumanText: one rule for every name and reason', () => {
  const hostile = [
    'a\u0000b',
    'bell\u0007',
    'escape\u001b[31m',
    '\u007f',
    '\u0085',
    'lone \ud800 surrogate',
    'lone \udc00 surrogate',
    '\u202eevil',
    'a\u2066b\u2069',
    '\u200f',
    'replacement \ufffd',
    '\uffff',
  ];

  it.each(hostile)('refuses %j in names, reasons and volunteer names', (text) => {
    expect(DisplayName.safeParse(text).success).toBe(false);
    expect(Reason.safeParse(text).success).toBe(false);
    expect(
      RegisterVolunteerRequest.safeParse({ name: text, phone: '13809310001', orgId: 'o1' }).success,
    ).toBe(false);
  });

  it.each(['', '   ', '\u200b\u200b', '\ufeff', '\u0301', '\u3000'])(
    'refuses %j as empty: nothing in it shows',
    (text) => {
      const result = DisplayName.safeParse(text);
      expect(result.success).toBe(false);
      expect(messages(result).join()).toMatch(/empty/);
    },
  );

  it('stores the normal form: NFC, pasted zero-width characters dropped, spaces collapsed and trimmed', () => {
    expect(DisplayName.parse('  什川镇\u200b 爱心超市 ')).toBe('什川镇 爱心超市');
    expect(DisplayName.parse('Cafe\u0301')).toBe('Café');
    expect(DisplayName.parse('什川镇\r\n爱心\t超市')).toBe('什川镇 爱心 超市');
    expect(DisplayName.parse('👨\u200d👩\u200d👧 家庭')).toBe('👨\u200d👩\u200d👧 家庭');
    expect(PutStoreRequest.parse({ name: ' 流动超市 ', kind: 'mobile' }).name).toBe('流动超市');
  });

  it('counts the length after normalising', () => {
    const Short = HumanText({ max: 3, label: '名称', field: 'name' });
    expect(Short.safeParse('  abc  ').success).toBe(true);
    expect(messages(Short.safeParse('abcd')).join()).toMatch(/longer than 3/);
  });

  it('never throws, whatever the string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (text) => {
        const result = DisplayName.safeParse(text);
        if (result.success) {
          expect(result.data.length).toBeLessThanOrEqual(100);
          expect(result.data).toBe(result.data.trim());
          expect(result.data).not.toMatch(/\p{Cs}/u);
        }
      }),
      { numRuns: 3000, seed: 20261204 },
    );
  });
});

describe('signed tokens have one spelling', () => {
  const keys = parseSigningSecret('a-signing-secret-of-some-length');

  it('refuses a token with padding, whitespace or characters outside base64url added', () => {
    const token = signToken({ page: 2 }, keys, 'cursor');
    expect(verifyToken(token, keys, 'cursor')).toEqual({ page: 2 });
    for (const variant of [
      `${token}=`,
      `${token}==`,
      `${token} `,
      `${token}.`,
      token.replace('.', '.='),
      `${token}\n`,
    ]) {
      expect(verifyToken(variant, keys, 'cursor'), variant).toBeUndefined();
    }
  });
});
