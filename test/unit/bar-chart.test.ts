import { describe, expect, it } from 'vitest';
import { barPercent } from '../../web/src/reports/charts';

describe('a bar’s length', () => {
  it('is the share of the largest value, to a tenth of a percent; the largest fills its row', () => {
    expect(barPercent(50, 200)).toBe(25);
    expect(barPercent(200, 200)).toBe(100);
    expect(barPercent(1, 3)).toBe(33.3);
  });

  it('shows any non-zero value (at least 1%), and nothing for zero, a negative or an empty chart', () => {
    expect(barPercent(1, 1_000_000)).toBe(1);
    expect(barPercent(0, 10)).toBe(0);
    expect(barPercent(-5, 10)).toBe(0);
    expect(barPercent(0, 0)).toBe(0);
  });

  it('never runs past its row, even for a value above the stated largest', () => {
    expect(barPercent(300, 200)).toBe(100);
  });
});
