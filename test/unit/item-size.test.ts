import { describe, expect, it } from 'vitest';
import { itemSize, strongReadUnits, writeUnits } from '../../shared/platform/dynamo/item-size';

describe('DynamoDB item size', () => {
  it('counts names and UTF-8 values, numbers by significant digits', () => {
    expect(itemSize({ pk: 'VOL#a' })).toBe(2 + 5);
    expect(itemSize({ name: '谭成华' })).toBe(4 + 9);
    expect(itemSize({ n: 12345 })).toBe(1 + 4);
    expect(itemSize({ ok: true })).toBe(3);
    expect(itemSize({ m: { a: 'x' } })).toBe(1 + 3 + 1 + 1 + 1);
  });

  it('turns sizes into write and read units', () => {
    const small = { pk: 'x'.repeat(100) };
    const big = { pk: 'x'.repeat(1500) };
    expect([writeUnits(small, false), writeUnits(small, true), writeUnits(big, true)]).toEqual([1, 2, 4]);
    expect(strongReadUnits({ pk: 'x'.repeat(5000) })).toBe(2);
  });
});
