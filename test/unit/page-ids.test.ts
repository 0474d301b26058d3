import { describe, expect, it } from 'vitest';
import { madeByTheSystem, newId } from '../../web/src/platform/ids';
import { ID_PATTERN } from '../../web/src/platform/office';

describe('ids the pages make', () => {
  it('are the prefix and ten base32 characters, valid ids for the API, and known as made by the system', () => {
    for (const prefix of ['org', 'shop', 'g'] as const) {
      const id = newId(prefix);
      expect(id).toMatch(new RegExp(`^${prefix}-[a-z2-7]{10}$`));
      expect(ID_PATTERN.test(id)).toBe(true);
      expect(madeByTheSystem(id)).toBe(true);
    }
  });

  it('come from the random bytes given, so two forms never share one', () => {
    const fixed = (value: number) => (bytes: Uint8Array) => bytes.fill(value);
    expect(newId('g', fixed(0))).toBe('g-aaaaaaaaaa');
    expect(newId('g', fixed(33))).toBe('g-bbbbbbbbbb');
    expect(new Set(Array.from({ length: 200 }, () => newId('shop'))).size).toBe(200);
  });

  it('never take a barcode or a chosen id for one the system made', () => {
    for (const chosen of ['6901234567892', 'soap', 'S1', 'shop-01', 'g-ABCDEFGHIJ', 'org-abc']) {
      expect(madeByTheSystem(chosen), chosen).toBe(false);
    }
  });
});
