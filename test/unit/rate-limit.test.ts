import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowsAnother, windowOf } from '../../shared/platform/rate-limit';

describe('fixed windows of the per-caller limits', () => {
  it('puts every instant in the window that starts at the last multiple of its length', () => {
    expect(windowOf(Date.parse('2026-11-02T02:00:00.000Z'), 60)).toEqual({
      start: Date.parse('2026-11-02T02:00:00.000Z') / 1000,
      end: Date.parse('2026-11-02T02:01:00.000Z') / 1000,
      retryAfterSeconds: 60,
    });
    expect(windowOf(Date.parse('2026-11-02T02:00:59.200Z'), 60).retryAfterSeconds).toBe(1);
    expect(windowOf(Date.parse('2026-11-02T02:00:59.999Z'), 60).retryAfterSeconds).toBe(1);
  });

  it('always has the instant inside, and a Retry-After of 1 to the window length', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_102_444_800_000 }),
        fc.constantFrom(60, 3600, 86_400),
        (nowMs, length) => {
          const window = windowOf(nowMs, length);
          expect(window.start * 1000).toBeLessThanOrEqual(nowMs);
          expect(window.end * 1000).toBeGreaterThan(nowMs);
          expect(window.end - window.start).toBe(length);
          expect(window.retryAfterSeconds).toBeGreaterThanOrEqual(1);
          expect(window.retryAfterSeconds).toBeLessThanOrEqual(length);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });

  it('allows uses below the maximum only; a maximum of 0 is off and allows none to be counted', () => {
    const limit = { name: 'scan-per-counter', max: 3, windowSeconds: 60 };
    expect([0, 1, 2, 3, 4].map((used) => allowsAnother(limit, used))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(allowsAnother({ ...limit, max: 0 }, 0)).toBe(false);
  });
});
