import { describe, expect, it } from 'vitest';
import {
  csvHref,
  type DisclosureView,
  goodsText,
  hasStoreGoods,
  initialDisclosure,
  lastMonth,
  monthToShow,
  reduceDisclosure,
  storeNamer,
} from '../../web/src/donations/disclosure-state';

const NOTICE: DisclosureView = {
  month: '2026-11',
  towns: [],
  total: { hours: 0, pointsIssued: 0, pointsRedeemed: 0 },
  stores: [{ storeId: 'shichuan-store', redemptions: 2, voids: 0, pointsRedeemed: 40, stockOnHand: 300 }],
  donations: [],
  purchases: [],
};

describe('the public notice page (公示) as data', () => {
  it('shows last month unless the address names a month not after this one', () => {
    expect(lastMonth('2026-12-04')).toBe('2026-11');
    expect(lastMonth('2027-01-01')).toBe('2026-12');
    expect(monthToShow(null, '2026-12-04')).toBe('2026-11');
    expect(monthToShow('2026-12', '2026-12-04')).toBe('2026-12');
    expect(monthToShow('2025-03', '2026-12-04')).toBe('2025-03');
    for (const asked of ['2027-01', '2026-13', 'x', '2026-1'])
      expect(monthToShow(asked, '2026-12-04')).toBe('2026-11');
  });

  it('loads the month chosen and ignores an answer for a month no longer chosen', () => {
    // Act
    const november = initialDisclosure('2026-11');
    const october = reduceDisclosure(november, { type: 'monthChosen', month: '2026-10' });
    const late = reduceDisclosure(october, { type: 'loaded', month: '2026-11', disclosure: NOTICE });
    const loaded = reduceDisclosure(october, {
      type: 'loaded',
      month: '2026-10',
      disclosure: { ...NOTICE, month: '2026-10' },
    });
    const failed = reduceDisclosure(october, { type: 'failed', month: '2026-10', problem: '网络不好' });
    const retried = reduceDisclosure(failed, { type: 'monthChosen', month: '2026-10' });

    // Assess
    expect(october).toEqual({
      month: '2026-10',
      phase: 'loading',
      disclosure: undefined,
      problem: undefined,
    });
    expect(late).toBe(october);
    expect(loaded.phase).toBe('ready');
    expect(loaded.disclosure?.month).toBe('2026-10');
    expect(failed).toMatchObject({ phase: 'failed', problem: '网络不好' });
    expect(retried.phase).toBe('loading');
  });

  it('names stores by the notice’s names, or their ids while it sends none; goods in words; the CSV link', () => {
    expect(storeNamer(NOTICE)('shichuan-store')).toBe('shichuan-store');
    expect(
      storeNamer({
        stores: [
          { ...NOTICE.stores[0], storeId: 's', name: '什川镇爱心超市' } as DisclosureView['stores'][number],
        ],
      })('s'),
    ).toBe('什川镇爱心超市');
    expect(hasStoreGoods(NOTICE)).toBe(false);
    expect(goodsText(undefined)).toBe('—');
    expect(
      goodsText([
        { name: '大米 5kg', qty: 3 },
        { name: '毛巾', qty: 1200 },
      ]),
    ).toBe('大米 5kg × 3、毛巾 × 1,200');
    expect(csvHref('/v1', '2026-11')).toBe('/v1/disclosure?month=2026-11&format=csv');
  });
});
