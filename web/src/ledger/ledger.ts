import type { LedgerEntry } from '../../../shared/ledger/contract/ledger';
import { h } from '../platform/dom';
import { formatNumber, formatWrittenDate, type MessageKey, t } from '../platform/i18n';

/** One passbook line as the API gives it: newest first, amount signed, the balance after it. */
export type { LedgerEntry };

export const kindLabel = (kind: string): string => t(`ledger.kind.${kind}` as MessageKey);

export const signed = (amount: number): string =>
  amount > 0 ? `+${formatNumber(amount)}` : amount < 0 ? `−${formatNumber(-amount)}` : '0';

/** What happened, in words: the kind, then the activity and its place (or a void's reason). */
export const entryTitle = (entry: LedgerEntry): string =>
  entry.memo === undefined ? kindLabel(entry.kind) : `${kindLabel(entry.kind)} · ${entry.memo}`;

/**
 * The facts under the title: for service, the day it was done ("服务日期 2026年11月20日") and its
 * hours; for a redemption or a void, the store and the goods ("什川镇爱心超市：肥皂×2、毛巾×1").
 * Lines written before these facts were kept have none.
 */
export function entryFacts(entry: LedgerEntry): string[] {
  const details = entry.details;
  if (details === undefined) return [];
  const facts: string[] = [];
  if (details.serviceDate !== undefined) {
    const served = t('ledger.serviceDate', { date: formatWrittenDate(details.serviceDate) });
    facts.push(
      details.hours === undefined
        ? served
        : `${served} · ${t('ledger.hours', { n: formatNumber(details.hours) })}`,
    );
  }
  if (details.storeName !== undefined || details.goods !== undefined) {
    facts.push(
      [details.storeName, details.goods].filter((part) => part !== undefined).join(t('ledger.goodsAt')),
    );
  }
  return facts;
}

/** A passbook line for the phone: what, when, how much, and the balance after. */
export function ledgerRow(entry: LedgerEntry): HTMLElement {
  return h(
    'li',
    { class: `entry entry-${entry.amount >= 0 ? 'in' : 'out'}`, 'data-kind': entry.kind },
    h(
      'div',
      { class: 'entry-main' },
      h('span', { class: 'entry-kind' }, kindLabel(entry.kind)),
      h('span', { class: 'entry-amount' }, signed(entry.amount)),
    ),
    h(
      'div',
      { class: 'entry-meta' },
      h('span', null, formatWrittenDate(entry.at)),
      h('span', null, t('ledger.balanceAfter', { n: formatNumber(entry.balanceAfter) })),
    ),
    entry.memo === undefined ? null : h('div', { class: 'entry-memo' }, entry.memo),
    entryFacts(entry).map((fact) => h('div', { class: 'entry-fact' }, fact)),
  );
}
