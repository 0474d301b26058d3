import { describe, expect, it } from 'vitest';
import { STOCK_QUANTITY_MAX } from '../../shared/platform/limits';
import type { StockHistory, StoreItem } from '../../shared/stores/contract/stores';
import { PutStoreItemRequest } from '../../shared/stores/contract/stores';
import { INTAKE_STOCK_KINDS, STOCK_KINDS } from '../../shared/stores/rules/stock';
import { formatDateTime, formatNumber, t } from '../../web/src/platform/i18n';
import {
  actorOf,
  closedHistory,
  type HistoryEvent,
  type HistoryState,
  historyQuery,
  itemChange,
  kindWord,
  LOW_STOCK_MAX,
  lowItems,
  type Movement,
  pageStart,
  readLowStockAt,
  reasonOf,
  reduceHistory,
  signedDelta,
} from '../../web/src/stores/stock-state';

const RICE: StoreItem = {
  sku: 'rice-5kg',
  name: '大米 5kg',
  pricePoints: 120,
  stock: 3,
  lowStockAt: 5,
  low: true,
};
const OIL: StoreItem = {
  sku: 'oil-5l',
  name: '食用油 5L',
  pricePoints: 150,
  stock: 12,
  lowStockAt: 5,
  low: false,
};
const SALT: StoreItem = { sku: 'salt', name: '食盐', pricePoints: 5, stock: 80 };

const movement = (id: string, at: string, delta: number, extra: Partial<Movement> = {}): Movement => ({
  id,
  at,
  kind: delta > 0 ? 'restock' : 'writeoff',
  delta,
  stockAfter: 10,
  reason: '破损',
  actor: 'user-7',
  ...extra,
});
const NEWEST: StockHistory = {
  movements: [movement('m3', '2026-12-03T06:05:00.000Z', -3), movement('m2', '2026-12-02T01:00:00.000Z', 10)],
  nextBefore: '2026-12-02T01:00:00.000Z',
};
const OLDER: StockHistory = {
  movements: [movement('m1', '2026-12-01T01:00:00.000Z', 20, { kind: 'initial', reason: 'new item' })],
  nextBefore: null,
};

const historyAfter = (events: readonly HistoryEvent[], start: HistoryState = closedHistory) =>
  events.reduce(reduceHistory, start);

describe('低库存提醒 (low stock)', () => {
  it('finds the goods at or under their mark', () => {
    // Act
    const low = lowItems([RICE, OIL, SALT]);

    // Assess
    expect(low.map((item) => item.name)).toEqual(['大米 5kg']);
  });

  it('reads the mark as typed: empty is none, full-width digits count, anything else is refused', () => {
    // Act
    const read = ['', '  ', '5', '０', '１０', '-1', '2.5', 'abc', String(LOW_STOCK_MAX + 1)].map(
      readLowStockAt,
    );

    // Assess
    expect(read).toEqual([undefined, undefined, 5, 0, 10, 'invalid', 'invalid', 'invalid', 'invalid']);
    expect(LOW_STOCK_MAX).toBe(STOCK_QUANTITY_MAX);
  });

  it('sends the mark and the 参考价值 with every change of the item, so changing the price does not take them away', () => {
    // Act
    const kept = itemChange(RICE, 130, 5, 4550);
    const cleared = itemChange(RICE, 130, undefined, undefined);

    // Assess
    expect(kept).toEqual({ name: '大米 5kg', pricePoints: 130, lowStockAt: 5, valueFen: 4550 });
    expect(cleared).toEqual({ name: '大米 5kg', pricePoints: 130 });
    expect(PutStoreItemRequest.safeParse(kept).success).toBe(true);
  });
});

describe('库存记录 (an item’s stock history)', () => {
  it('reads the newest page first, then older ones from nextBefore, without showing one twice', () => {
    // Act
    const opened = historyAfter([{ type: 'opened', sku: 'rice-5kg' }]);
    const first = reduceHistory(opened, { type: 'pageLoaded', sku: 'rice-5kg', before: null, page: NEWEST });
    const asking = reduceHistory(first, { type: 'moreAsked' });
    const both = reduceHistory(asking, {
      type: 'pageLoaded',
      sku: 'rice-5kg',
      before: NEWEST.nextBefore,
      page: { movements: [NEWEST.movements[1] as Movement, ...OLDER.movements], nextBefore: null },
    });

    // Assess
    expect(historyQuery(opened, 20)).toBe('?limit=20');
    expect(historyQuery(first, 20)).toBe('?limit=20&before=2026-12-02T01%3A00%3A00.000Z');
    expect(asking.phase).toBe('loading');
    expect(both.movements.map((line) => line.id)).toEqual(['m3', 'm2', 'm1']);
    expect([both.phase, both.nextBefore]).toEqual(['ready', null]);
    // The first movement is shown: no 加载更多
    expect(reduceHistory(both, { type: 'moreAsked' })).toBe(both);
  });

  it('ignores an answer for another item, or for a page no longer wanted', () => {
    // Prepare: rice's older page is on its way when oil is opened, then rice afresh
    const first = historyAfter([
      { type: 'opened', sku: 'rice-5kg' },
      { type: 'pageLoaded', sku: 'rice-5kg', before: null, page: NEWEST },
      { type: 'moreAsked' },
    ]);
    const wanted = pageStart(first);

    // Act
    const oil = reduceHistory(first, { type: 'opened', sku: 'oil-5l' });
    const late = reduceHistory(oil, { type: 'pageLoaded', sku: 'rice-5kg', before: wanted, page: OLDER });
    const riceAgain = reduceHistory(oil, { type: 'opened', sku: 'rice-5kg' });
    const stale = reduceHistory(riceAgain, {
      type: 'pageLoaded',
      sku: 'rice-5kg',
      before: wanted,
      page: OLDER,
    });

    // Assess
    expect(late).toBe(oil);
    expect(stale).toBe(riceAgain);
    expect(stale.movements).toEqual([]);
  });

  it('says when a page did not come, and asks for the same page again', () => {
    // Act
    const failed = historyAfter([
      { type: 'opened', sku: 'rice-5kg' },
      { type: 'pageFailed', sku: 'rice-5kg' },
    ]);
    const retried = reduceHistory(failed, { type: 'retried' });

    // Assess
    expect(failed.phase).toBe('failed');
    expect(retried.phase).toBe('loading');
    expect(historyQuery(retried, 20)).toBe('?limit=20');
    expect(reduceHistory(retried, { type: 'closed' })).toEqual(closedHistory);
  });

  it('says every kind the stock ledger writes in words, and an unknown one as 其他变动', () => {
    // Act
    const words = STOCK_KINDS.map((kind) => t(kindWord(kind)));

    // Assess
    expect(words).toEqual(['上架入库', '进货', '报损', '调拨调入', '调拨调出', '盘点']);
    expect(t(kindWord('redeem'))).toBe('兑换');
    expect(t(kindWord('void'))).toBe('撤销兑换');
    expect(t(kindWord('something-new'))).toBe('其他变动');
  });

  it('says the stock a donation or a purchase brought, and a void of one, in words', () => {
    // Act
    const words = INTAKE_STOCK_KINDS.map((kind) => t(kindWord(kind)));

    // Assess
    expect(words).toEqual(['捐赠入库', '采购入库', '作废冲回']);
  });

  it('writes the change with a sign, the date as people write it, the reason and who, never an account id', () => {
    // Act
    const minus = signedDelta(-3, formatNumber);
    const plus = signedDelta(1200, formatNumber);
    const when = formatDateTime('2026-12-03T06:05:00.000Z');
    const firstReason = reasonOf({ kind: 'initial', reason: 'new item' });
    const writtenReason = reasonOf({ kind: 'writeoff', reason: '受潮' });
    const named = actorOf({ actorName: '王*计' });
    const unnamed = actorOf({});

    // Assess
    expect([minus, plus]).toEqual(['−3', '+1,200']);
    expect(when).toBe('2026年12月3日 14:05');
    expect(firstReason).toEqual({ key: 'office.stores.history.newItem' });
    expect(writtenReason).toEqual({ text: '受潮' });
    expect(named).toEqual({ text: '王*计' });
    expect(unnamed).toEqual({ key: 'office.stores.history.staff' });
    expect(t('office.stores.history.staff')).toBe('工作人员');
  });
});
