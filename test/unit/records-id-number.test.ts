import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  birthDateOf,
  genderOf,
  ID_DOCUMENT_LABELS,
  ID_DOCUMENT_TYPES,
  ID_NUMBER_REASONS,
  type IdDocumentType,
  maskIdNumber,
  residentIdCheckCharacter,
  validateIdNumber,
} from '../../shared/records/rules/id-number';

const TODAY = '2026-12-04';
const DAY_MS = 86_400_000;
const OPTIONS = { seed: 20261204, numRuns: 1000 };

/** A 居民身份证 number with the check character GB 11643-1999 gives its body. */
const withCheck = (first17: string): string => `${first17}${residentIdCheckCharacter(first17)}`;

/** Any well-formed 居民身份证 number: a region not starting with 0, a birth date 1900-01-01…today. */
const residentIds = fc
  .record({
    region: fc.integer({ min: 100_000, max: 999_999 }),
    birthDay: fc.integer({
      min: Date.parse('1900-01-01T00:00:00Z') / DAY_MS,
      max: Date.parse(`${TODAY}T00:00:00Z`) / DAY_MS,
    }),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ region, birthDay, sequence }) => {
    const birth = new Date(birthDay * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
    return withCheck(`${region}${birth}${String(sequence).padStart(3, '0')}`);
  });

const toFullWidth = (text: string): string =>
  Array.from(text, (character) => String.fromCharCode(character.charCodeAt(0) + 0xfee0)).join('');

describe('the kinds of identity document', () => {
  it('lists each kind with its Chinese label', () => {
    expect(ID_DOCUMENT_TYPES.map((type) => ID_DOCUMENT_LABELS[type])).toEqual([
      '居民身份证',
      '护照',
      '港澳居民来往内地通行证',
      '台湾居民来往大陆通行证',
      '外国人永久居留身份证',
      '港澳台居民居住证',
      '其他',
    ]);
  });

  it('asks for a kind it knows', () => {
    expect(validateIdNumber('driving-licence', 'E12345678', TODAY)).toEqual({
      ok: false,
      problem: 'unknownType',
      reason: ID_NUMBER_REASONS.unknownType,
    });
  });
});

describe('居民身份证 (GB 11643-1999)', () => {
  it('computes the check character of the examples the standard is quoted with', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
    expect(residentIdCheckCharacter('51310119820113001')).toBe('4');
    expect(residentIdCheckCharacter('34052419800101001')).toBe('X');
  });

  it('gives the check character ISO 7064 MOD 11-2 defines: all 18 weighted by 2^(17-i) mod 11 sum to 1 mod 11', () => {
    const value = (character: string) => (character === 'X' ? 10 : Number(character));
    const seen = new Set<string>();
    fc.assert(
      fc.property(residentIds, (number) => {
        const sum = Array.from(number).reduce(
          (total, character, index) => total + (2 ** (17 - index) % 11) * value(character),
          0,
        );
        expect(sum % 11).toBe(1);
        seen.add(number.charAt(17));
      }),
      OPTIONS,
    );
    expect([...seen].sort().join('')).toBe('0123456789X');
  });

  it('accepts a valid number, and normalises lower-case x, full-width characters, spaces and hyphens', () => {
    for (const raw of [
      '11010519491231002X',
      '11010519491231002x',
      ' 110105 19491231 002X ',
      '110105-19491231-002x',
      toFullWidth('11010519491231002x'),
      '１１０１０５\u3000１９４９１２３１\u3000００２Ｘ',
    ]) {
      expect(validateIdNumber('resident-id', raw, TODAY), raw).toEqual({
        ok: true,
        normalized: '11010519491231002X',
      });
    }
  });

  it('says the last character is wrong when the check does not match', () => {
    expect(validateIdNumber('resident-id', '110105194912310021', TODAY)).toEqual({
      ok: false,
      problem: 'residentCheck',
      reason: '身份证号最后一位校验不对，请核对后再输入',
    });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['110105491231002', 'oldResidentId'],
    ['11010519491231002', 'residentLength'],
    ['11010519491231002XX', 'residentLength'],
    ['1101051949123100X2', 'residentCharacters'],
    ['11010519491231002Y', 'residentCharacters'],
    [withCheck('01010519491231002'), 'residentRegion'],
    [withCheck('11010519490230002'), 'residentBirthDate'],
    [withCheck('11010519491331002'), 'residentBirthDate'],
    [withCheck('11010500000101002'), 'residentBirthTooEarly'],
    ['440524188001010014', 'residentBirthTooEarly'],
    [withCheck('11010518991231002'), 'residentBirthTooEarly'],
    [withCheck('11010520261205002'), 'residentBirthFuture'],
  ] as const)('refuses %j: %s', (raw, problem) => {
    const check = validateIdNumber('resident-id', raw, TODAY);
    expect(check).toEqual({ ok: false, problem, reason: ID_NUMBER_REASONS[problem] });
  });

  it('accepts a person born today and on 1900-01-01', () => {
    expect(validateIdNumber('resident-id', withCheck('11010520261204002'), TODAY).ok).toBe(true);
    expect(validateIdNumber('resident-id', withCheck('11010519000101002'), TODAY).ok).toBe(true);
  });

  it('tells every refusal in Chinese, with what to do', () => {
    for (const reason of Object.values(ID_NUMBER_REASONS)) expect(reason).toMatch(/^[^a-z]*请/);
  });

  it('reads the birth date and the sex a number carries', () => {
    expect(birthDateOf('11010519491231002X')).toBe('1949-12-31');
    expect(genderOf('11010519491231002X')).toBe('female');
    expect(genderOf('513101198201130014')).toBe('male');
    expect(birthDateOf('11010519490230002X')).toBeUndefined();
    expect(genderOf('E12345678')).toBeUndefined();
  });

  it('passes every generated valid number, in any way of typing it', () => {
    fc.assert(
      fc.property(residentIds, (number) => {
        const typed = [
          number,
          number.toLowerCase(),
          toFullWidth(number),
          ` ${number.slice(0, 6)} ${number.slice(6)} `,
        ];
        for (const raw of typed)
          expect(validateIdNumber('resident-id', raw, TODAY)).toEqual({ ok: true, normalized: number });
        expect(birthDateOf(number)).toBe(
          `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`,
        );
        expect(genderOf(number)).toBe(Number(number[16]) % 2 === 1 ? 'male' : 'female');
      }),
      OPTIONS,
    );
  });

  /**
   * Could a one-character change give another valid number? No: a different digit in place i of
   * the body moves the weighted sum by w·δ with w in 1…10 and 0 < |δ| ≤ 9, never a multiple of 11
   * (11 is prime), so the check no longer matches; an X in the body is not a digit; a different
   * last character is not the one the body gives. MOD 11-2 catches every single substitution.
   */
  it('refuses every number with one character changed', () => {
    fc.assert(
      fc.property(
        residentIds,
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789X'),
        (number, place, replacement) => {
          fc.pre(number[place] !== replacement);
          const changed = `${number.slice(0, place)}${replacement}${number.slice(place + 1)}`;
          expect(validateIdNumber('resident-id', changed, TODAY).ok).toBe(false);
        },
      ),
      OPTIONS,
    );
  });
});

describe('other documents: 5 to 30 letters, digits or hyphens', () => {
  const others = ID_DOCUMENT_TYPES.filter((type) => type !== 'resident-id');

  it.each(others)('%s: upper-cases, drops spaces, keeps hyphens', (type) => {
    expect(validateIdNumber(type, ' e1234 5678 ', TODAY)).toEqual({ ok: true, normalized: 'E12345678' });
    expect(validateIdNumber(type, 'ｈ-１２３４５', TODAY)).toEqual({ ok: true, normalized: 'H-12345' });
    expect(validateIdNumber(type, 'A'.repeat(30), TODAY).ok).toBe(true);
  });

  it.each([
    ['AB12', 'otherLength'],
    ['A'.repeat(31), 'otherLength'],
    ['AB_1234', 'otherCharacters'],
    ['护照123456', 'otherCharacters'],
    ['', 'empty'],
  ] as const)('refuses %j: %s', (raw, problem) => {
    expect(validateIdNumber('passport', raw, TODAY)).toEqual({
      ok: false,
      problem,
      reason: ID_NUMBER_REASONS[problem],
    });
  });

  it('checks no checksum', () => {
    expect(validateIdNumber('hmt-residence-permit', '810000199001010001', TODAY).ok).toBe(true);
  });
});

describe('maskIdNumber', () => {
  it('shows the first and last character of a 居民身份证 number, and 16 asterisks', () => {
    expect(maskIdNumber('resident-id', '11010519491231002X')).toBe('1****************X');
  });

  it('shows the ends of a long number of any kind, and hides a short one whole', () => {
    expect(maskIdNumber('passport', 'E12345678')).toBe('E*******8');
    expect(maskIdNumber('other', 'H-12345')).toBe('*******');
    expect(maskIdNumber('other', '')).toBe('');
  });

  it('never shows more than the first and the last character, nor the length of anything else', () => {
    const types = fc.constantFrom<IdDocumentType>(...ID_DOCUMENT_TYPES);
    fc.assert(
      fc.property(types, fc.oneof(residentIds, fc.string({ maxLength: 40 })), (type, number) => {
        const shown = Array.from(maskIdNumber(type, number));
        const original = Array.from(number);
        expect(shown).toHaveLength(original.length);
        shown.forEach((character, place) => {
          const end = original.length >= 8 && (place === 0 || place === original.length - 1);
          expect(character).toBe(end ? original[place] : '*');
        });
      }),
      OPTIONS,
    );
  });
});
