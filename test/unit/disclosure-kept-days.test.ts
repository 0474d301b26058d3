import { describe, expect, it } from 'vitest';
import {
  type DisclosureRedemptionDay,
  FINISHED_MONTH_MAX_AGE_SECONDS,
  KEPT_DAYS_MAX,
  keptFinishedDays,
} from '../../shared/donations/use-cases/disclosure';

const day = (complete = true): DisclosureRedemptionDay => ({ records: [], complete });

describe("the public notice keeps a finished month's redemption days a while", () => {
  it('reads a finished day once per five minutes, a day of the month under way every time', async () => {
    // Prepare: 10 December 2026, China time; November is finished
    let now = new Date('2026-12-10T02:00:00.000Z');
    const reads: string[] = [];
    const days = keptFinishedDays(
      async (storeId, date) => {
        reads.push(`${storeId} ${date}`);
        return day();
      },
      () => now,
    );
    // Act
    await days('S1', '2026-11-03');
    await days('S1', '2026-11-03');
    await days('S1', '2026-12-09');
    await days('S1', '2026-12-09');
    now = new Date(now.getTime() + FINISHED_MONTH_MAX_AGE_SECONDS * 1000);
    await days('S1', '2026-11-03');
    // Assess
    expect(reads).toEqual(['S1 2026-11-03', 'S1 2026-12-09', 'S1 2026-12-09', 'S1 2026-11-03']);
  });

  it('keeps no failed read and no incomplete day, and holds at most KEPT_DAYS_MAX days', async () => {
    // Prepare
    const now = new Date('2026-12-10T02:00:00.000Z');
    let reads = 0;
    let answer: 'fail' | 'partial' | 'ok' = 'fail';
    const days = keptFinishedDays(
      async () => {
        reads += 1;
        if (answer === 'fail') throw new Error('throttled');
        return day(answer === 'ok');
      },
      () => now,
    );
    // Act / Assess: a failure is read again; a partial day is read again; a whole day is kept
    await expect(days('S1', '2026-11-03')).rejects.toThrow('throttled');
    answer = 'partial';
    expect((await days('S1', '2026-11-03')).complete).toBe(false);
    answer = 'ok';
    expect((await days('S1', '2026-11-03')).complete).toBe(true);
    await days('S1', '2026-11-03');
    expect(reads).toBe(3);
    // Past the bound the oldest day goes first
    for (let index = 0; index <= KEPT_DAYS_MAX; index += 1) await days(`S${index}`, '2026-10-01');
    const before = reads;
    await days('S1', '2026-11-03');
    await days(`S${KEPT_DAYS_MAX}`, '2026-10-01');
    expect(reads - before).toBe(1);
  });
});
