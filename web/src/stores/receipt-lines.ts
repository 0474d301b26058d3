import { h } from '../platform/dom';
import { points } from '../platform/i18n';

/** A receipt's goods, one line each: the name, the count, the points (the counter's and the van's). */
export function receiptLines(lines: readonly { name: string; qty: number; points: number }[]): HTMLElement {
  return h(
    'table',
    { class: 'receipt-lines' },
    h(
      'tbody',
      null,
      lines.map((line) =>
        h(
          'tr',
          null,
          h('td', null, line.name),
          h('td', { class: 'num' }, `× ${line.qty}`),
          h('td', { class: 'num' }, points(line.points)),
        ),
      ),
    ),
  );
}
