import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextStar, STAR_THRESHOLD_HOURS, starLevel } from '../../shared/records/rules/star-level';

describe('starLevel: 100, 300, 600, 1000 and 1500 hours', () => {
  it.each([
    [0, 0],
    [99.75, 0],
    [100, 1],
    [299.75, 1],
    [300, 2],
    [599.75, 2],
    [600, 3],
    [999.75, 3],
    [1000, 4],
    [1499.75, 4],
    [1500, 5],
    [12_000, 5],
  ])('%d hours is %d stars', (hours, level) => {
    expect(starLevel(hours)).toBe(level);
  });

  it('counts hours as the ledger does, in quarters, so float drift costs no star', () => {
    expect(starLevel(99.99999999999999)).toBe(1);
    expect(starLevel(Array.from({ length: 1000 }, () => 0.1).reduce((sum, hours) => sum + hours, 0))).toBe(1);
  });

  it('refuses hours that are negative or not a number', () => {
    expect(() => starLevel(-0.25)).toThrow(RangeError);
    expect(() => starLevel(Number.NaN)).toThrow(RangeError);
    expect(() => nextStar(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('nextStar', () => {
  it.each([
    [0, { level: 1, hoursToGo: 100 }],
    [99.75, { level: 1, hoursToGo: 0.25 }],
    [100, { level: 2, hoursToGo: 200 }],
    [299.5, { level: 2, hoursToGo: 0.5 }],
    [300, { level: 3, hoursToGo: 300 }],
    [600, { level: 4, hoursToGo: 400 }],
    [1000, { level: 5, hoursToGo: 500 }],
    [1499.75, { level: 5, hoursToGo: 0.25 }],
  ])('at %d hours: %o', (hours, next) => {
    expect(nextStar(hours)).toEqual(next);
  });

  it('has nothing after 五星', () => {
    expect(nextStar(1500)).toBeUndefined();
    expect(nextStar(4000)).toBeUndefined();
  });

  it('names the exact quarter hour the next star is reached', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 8000 }), (quarters) => {
        const hours = quarters / 4;
        const next = nextStar(hours);
        if (next === undefined) {
          expect(starLevel(hours)).toBe(5);
          return;
        }
        expect(next.hoursToGo).toBeGreaterThan(0);
        expect(starLevel(hours + next.hoursToGo)).toBe(next.level);
        expect(starLevel(hours + next.hoursToGo - 0.25)).toBe(next.level - 1);
        expect(hours + next.hoursToGo).toBe(STAR_THRESHOLD_HOURS[next.level - 1]);
      }),
      { seed: 20261204, numRuns: 2000 },
    );
  });
});
