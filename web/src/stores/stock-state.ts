import type { PutStoreItemRequest, StockHistory, StoreItem } from '../../../shared/stores/contract/stores';
import type { MessageKey } from '../platform/i18n';

/**
 * The stock side of the office's 门店 section as data (D2): which goods are low (低库存提醒), an
 * item's change as its PUT (which sets what it is sent: a mark not sent again is taken away), and
 * one item's 库存记录 read page by page, newest first.
 */

export type Movement = StockHistory['movements'][number];

/** The goods at or under their low-stock mark, in the list's order. */
export const lowItems = (items: readonly StoreItem[]): StoreItem[] =>
  items.filter((item) => item.low === true);

/** As STOCK_QUANTITY_MAX in the platform's limits (a page takes no values from it). */
export const LOW_STOCK_MAX = 1_000_000;

/**
 * The 低库存提醒 box as typed: empty is no mark (never remind), else a whole number from 0 up,
 * in full-width digits too (１０); anything else is 'invalid'.
 */
export function readLowStockAt(text: string): number | undefined | 'invalid' {
  const plain = text.trim().replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0));
  if (plain === '') return undefined;
  if (!/^\d{1,7}$/.test(plain)) return 'invalid';
  const value = Number(plain);
  return value > LOW_STOCK_MAX ? 'invalid' : value;
}

/**
 * An item's PUT from its edit form: name and price, and the low-stock mark and the 参考价值 (fen)
 * when there are. A PUT sets the item whole, so a form leaving one out clears it.
 */
export function itemChange(
  item: Pick<StoreItem, 'name'>,
  pricePoints: number,
  lowStockAt: number | undefined,
  valueFen: number | undefined,
): PutStoreItemRequest {
  return {
    name: item.name,
    pricePoints,
    ...(lowStockAt === undefined ? {} : { lowStockAt }),
    ...(valueFen === undefined ? {} : { valueFen }),
  };
}

/* ---------- 库存记录 ---------- */

export interface HistoryState {
  /** The item whose history is open, or undefined when none is. */
  readonly sku: string | undefined;
  readonly movements: readonly Movement[];
  /** Where the next (older) page starts; null when the first movement is shown. */
  readonly nextBefore: string | null;
  readonly phase: 'closed' | 'loading' | 'ready' | 'failed';
}

export type HistoryEvent =
  | { readonly type: 'opened'; readonly sku: string }
  | { readonly type: 'moreAsked' }
  | { readonly type: 'retried' }
  /** A page came: `before` is where it was asked to start (`pageStart` when it was asked for). */
  | {
      readonly type: 'pageLoaded';
      readonly sku: string;
      readonly before: string | null;
      readonly page: StockHistory;
    }
  | { readonly type: 'pageFailed'; readonly sku: string }
  | { readonly type: 'closed' };

export const closedHistory: HistoryState = {
  sku: undefined,
  movements: [],
  nextBefore: null,
  phase: 'closed',
};

export function reduceHistory(state: HistoryState, event: HistoryEvent): HistoryState {
  switch (event.type) {
    case 'opened':
      // Another item, or the same one again: its newest changes, read afresh.
      return { sku: event.sku, movements: [], nextBefore: null, phase: 'loading' };
    case 'moreAsked':
      return state.phase === 'ready' && state.nextBefore !== null ? { ...state, phase: 'loading' } : state;
    case 'retried':
      return state.phase === 'failed' ? { ...state, phase: 'loading' } : state;
    case 'pageLoaded': {
      // An answer for an item no longer open, or for a page no longer wanted (the item opened
      // afresh while an older page was coming), changes nothing.
      if (state.sku !== event.sku || state.phase !== 'loading' || pageStart(state) !== event.before)
        return state;
      const seen = new Set(state.movements.map((movement) => movement.id));
      return {
        ...state,
        movements: [...state.movements, ...event.page.movements.filter((movement) => !seen.has(movement.id))],
        nextBefore: event.page.nextBefore,
        phase: 'ready',
      };
    }
    case 'pageFailed':
      return state.sku === event.sku && state.phase === 'loading' ? { ...state, phase: 'failed' } : state;
    case 'closed':
      return closedHistory;
  }
}

/** Where the next page starts: null for the newest, else older than the last one shown. */
export const pageStart = (state: HistoryState): string | null =>
  state.movements.length === 0 ? null : state.nextBefore;

/** The history's request for its next page: the newest, or those older than `nextBefore`. */
export function historyQuery(state: HistoryState, limit: number): string {
  const before = pageStart(state);
  return `?limit=${limit}${before === null ? '' : `&before=${encodeURIComponent(before)}`}`;
}

/** What the stock ledger writes (shared/stores/rules/stock.ts STOCK_KINDS), in people's words. */
const KIND_WORDS: Readonly<Record<string, MessageKey>> = {
  initial: 'office.stores.history.kind.initial',
  restock: 'office.stores.history.kind.restock',
  writeoff: 'office.stores.history.kind.writeoff',
  'transfer-in': 'office.stores.history.kind.transferIn',
  'transfer-out': 'office.stores.history.kind.transferOut',
  stocktake: 'office.stores.history.kind.stocktake',
  redeem: 'office.stores.history.kind.redeem',
  void: 'office.stores.history.kind.void',
  donation: 'office.stores.history.kind.donation',
  purchase: 'office.stores.history.kind.purchase',
  'intake-void': 'office.stores.history.kind.intakeVoid',
};

/** A movement's kind as a word (进货, 报损, 调拨调入…); one the page does not know is 其他变动. */
export const kindWord = (kind: string): MessageKey => KIND_WORDS[kind] ?? 'office.stores.history.kind.other';

/** "+10" or "−3" (a true minus sign), the number as the page writes numbers. */
export function signedDelta(delta: number, formatNumber: (value: number) => string): string {
  return `${delta > 0 ? '+' : delta < 0 ? '−' : ''}${formatNumber(Math.abs(delta))}`;
}

/** The reason as written; the first stock's reason is the system's ('new item'), said in words. */
export const reasonOf = (
  movement: Pick<Movement, 'kind' | 'reason'>,
): { key: MessageKey } | { text: string } =>
  movement.kind === 'initial' && movement.reason === 'new item'
    ? { key: 'office.stores.history.newItem' }
    : { text: movement.reason };

/** Who made the change: their (masked) name, or 工作人员, never an account id. */
export const actorOf = (movement: Pick<Movement, 'actorName'>): { key: MessageKey } | { text: string } =>
  movement.actorName === undefined || movement.actorName.trim() === ''
    ? { key: 'office.stores.history.staff' }
    : { text: movement.actorName };
