import { describe, expect, it } from 'vitest';
import { sharingReads } from '../../shared/donations/store/disclosure-deps';
import type { OrgTree } from '../../shared/people/rules/org-tree';
import type { ReportStore } from '../../shared/reports/port';

describe("one notice reads the month's hours and the organisation tree once", () => {
  it('shares a read asked for while the same one is under way, and reads again once it settled', async () => {
    // Prepare: a store that counts its reads and answers when told
    const reads: string[] = [];
    let settle: () => void = () => undefined;
    const gate = () =>
      new Promise<void>((resolve) => {
        settle = resolve;
      });
    const store = {
      monthHours: async (month: string) => {
        reads.push(`hours ${month}`);
        await gate();
        return [{ volunteerId: 'v1', quarters: 8 }];
      },
      orgTree: async () => {
        reads.push('tree');
        return {} as OrgTree;
      },
    } as unknown as ReportStore;
    const shared = sharingReads(store);
    // Act: the report and the honour roll ask at once, another month beside them
    const first = shared.monthHours('2026-11');
    const second = shared.monthHours('2026-11');
    await Promise.all([shared.orgTree(), shared.orgTree()]);
    settle();
    const [a, b] = await Promise.all([first, second]);
    const later = shared.monthHours('2026-11');
    settle();
    await later;
    // Assess
    expect(a).toBe(b);
    expect(a).toEqual([{ volunteerId: 'v1', quarters: 8 }]);
    expect(reads).toEqual(['hours 2026-11', 'tree', 'hours 2026-11']);
  });

  it('shares a failure too, and the next ask reads again', async () => {
    let calls = 0;
    const store = {
      monthHours: async () => {
        calls += 1;
        if (calls === 1) throw new Error('throttled');
        return [];
      },
    } as unknown as ReportStore;
    const shared = sharingReads(store);
    const results = await Promise.allSettled([shared.monthHours('2026-11'), shared.monthHours('2026-11')]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(shared.monthHours('2026-11')).resolves.toEqual([]);
    expect(calls).toBe(2);
  });
});
