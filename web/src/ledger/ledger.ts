import type { LedgerEntry } from '../../../shared/ledger/contract/ledger';
import { h } from '../platform/dom';
import { formatDate, formatNumber, type MessageKey, t } from '../platform/i18n';

/** One passbook line as the API gives it: newest first, amount signed, the balance after it. */
export type { LedgerEntry };

export const kindLabel = (kind: string): string => t(`ledger.kind.${kind}` as MessageKey);

export const signed = (amount: number): string =>
  amount > 0 ? `+${formatNumber(amount)}` : amount < 0 ? `−${formatNumber(-amount)}` : '0';

/** A passbook line for the phone: what, when, how much, and the balance after. */
export function ledgerRow(entry: LedgerEntry): HTMLElement {
  return h(
    'li',
    { class: `entry entry-${entry.amount >= 0 ? 'in' : 'out'}` },
    h(
      'div',
      { class: 'entry-main' },
      h('span', { class: 'entry-kind' }, kindLabel(entry.kind)),
      h('span', { class: 'entry-amount' }, signed(entry.amount)),
    ),
    h(
      'div',
      { class: 'entry-meta' },
      h('span', null, formatDate(entry.at)),
      h('span', null, t('ledger.balanceAfter', { n: formatNumber(entry.balanceAfter) })),
    ),
    entry.memo === undefined ? null : h('div', { class: 'entry-memo' }, entry.memo),
  );
}
