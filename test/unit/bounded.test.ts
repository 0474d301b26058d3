import { describe, expect, it } from 'vitest';
import { forEachBounded, mapBounded } from '../../shared/platform/bounded';

const tick = () => new Promise<void>((done) => setImmediate(done));

describe('bounded concurrency, one helper for every fan-out', () => {
  it('never runs more than the limit at once, and keeps results in order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapBounded([5, 1, 4, 2, 3, 0], 2, async (value, index) => {
      running += 1;
      most = Math.max(most, running);
      for (let wait = 0; wait < value; wait += 1) await tick();
      running -= 1;
      return value * 10 + index;
    });
    expect(most).toBe(2);
    expect(results).toEqual([50, 11, 42, 23, 34, 5]);
  });

  it('stops starting work after the first failure, lets running calls finish, then throws that failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const run = forEachBounded([0, 1, 2, 3, 4, 5], 2, async (value) => {
      started.push(value);
      await tick();
      if (value === 1) throw new Error('item 1 failed');
      await tick();
      finished.push(value);
    });
    await expect(run).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1]);
    expect(finished).toEqual([0]);
  });

  it('handles no items and a limit above the item count', async () => {
    expect(await mapBounded([], 4, async () => 1)).toEqual([]);
    expect(await mapBounded([1], 16, async (value) => value + 1)).toEqual([2]);
  });
});
