import { formatNumber, t } from '../platform/i18n';

/**
 * 公示, the public page, as data (D2): which month is shown (last month unless the address names
 * one), what the API answered for it, and the names the tables use. The notice's newer parts
 * (store names, the goods redeemed by store, the honour roll) are optional: an API that does not
 * send them yet leaves their columns out, and a county that switched the honour roll off sends none.
 */
export interface DisclosureGoods {
  readonly name: string;
  readonly qty: number;
}

export interface DisclosureView {
  readonly month: string;
  readonly towns: readonly {
    orgId: string;
    name: string;
    hours: number;
    pointsIssued: number;
    pointsRedeemed: number;
  }[];
  readonly total: { hours: number; pointsIssued: number; pointsRedeemed: number };
  readonly stores: readonly {
    storeId: string;
    name?: string;
    redemptions: number;
    voids: number;
    pointsRedeemed: number;
    stockOnHand: number;
    goods?: readonly DisclosureGoods[];
  }[];
  readonly donations: readonly {
    receiptNumber: string;
    status: 'recorded' | 'voided';
    kind: 'donation' | 'money' | 'purchase';
    donor: string;
    receivedOn: string;
    storeId?: string;
    goods: readonly DisclosureGoods[];
    valueFen: number;
  }[];
  readonly purchases: readonly {
    status: 'recorded' | 'voided';
    supplier: string;
    receivedOn: string;
    storeId: string;
    goods: readonly DisclosureGoods[];
    valueFen: number;
  }[];
  readonly honourRoll?: {
    readonly volunteers: readonly { name: string; hours: number; town?: string }[];
    readonly winners: readonly { name: string; prizePoints?: number }[];
  };
}

export interface DisclosureState {
  readonly month: string;
  readonly phase: 'loading' | 'ready' | 'failed';
  readonly disclosure: DisclosureView | undefined;
  readonly problem: string | undefined;
}

export type DisclosureEvent =
  | { readonly type: 'monthChosen'; readonly month: string }
  | { readonly type: 'loaded'; readonly month: string; readonly disclosure: DisclosureView }
  | { readonly type: 'failed'; readonly month: string; readonly problem: string };

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month before `today`'s (YYYY-MM-DD, China): the last whole month, what a notice is about. */
export function lastMonth(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** The month the address names (`?month=2026-11`), when it is a month not after this one; else last month. */
export function monthToShow(asked: string | null, today: string): string {
  if (asked !== null && MONTH.test(asked) && asked <= today.slice(0, 7)) return asked;
  return lastMonth(today);
}

export const initialDisclosure = (month: string): DisclosureState => ({
  month,
  phase: 'loading',
  disclosure: undefined,
  problem: undefined,
});

export function reduceDisclosure(state: DisclosureState, event: DisclosureEvent): DisclosureState {
  switch (event.type) {
    case 'monthChosen':
      return event.month === state.month && state.phase !== 'failed' ? state : initialDisclosure(event.month);
    case 'loaded':
      // An answer for a month no longer chosen changes nothing.
      return event.month === state.month
        ? { month: state.month, phase: 'ready', disclosure: event.disclosure, problem: undefined }
        : state;
    case 'failed':
      return event.month === state.month ? { ...state, phase: 'failed', problem: event.problem } : state;
  }
}

/** The CSV download of a month (UTF-8 with BOM, opens in Excel), from the API's own answer. */
export const csvHref = (apiBase: string, month: string): string =>
  `${apiBase}/disclosure?month=${encodeURIComponent(month)}&format=csv`;

/** A store's name as the notice gives it, or its id while the API sends no names. */
export function storeNamer(disclosure: Pick<DisclosureView, 'stores'>): (storeId: string) => string {
  const names = new Map(disclosure.stores.map((store) => [store.storeId, store.name ?? store.storeId]));
  return (storeId) => names.get(storeId) ?? storeId;
}

/** 大米 5kg × 3、毛巾 × 2, or — for none. */
export const goodsText = (goods: readonly DisclosureGoods[] | undefined): string =>
  goods === undefined || goods.length === 0
    ? '—'
    : goods.map((one) => t('donations.goodsLine', { name: one.name, qty: formatNumber(one.qty) })).join('、');

/** Whether the API sent the goods redeemed by store (a column shown only then). */
export const hasStoreGoods = (disclosure: Pick<DisclosureView, 'stores'>): boolean =>
  disclosure.stores.some((store) => store.goods !== undefined);
