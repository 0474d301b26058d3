import { type Child, h } from '../platform/dom';
import { points, t } from '../platform/i18n';

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

/** One good as a big button to add it to the basket: its name, price, what is left, how many are in. */
export function goodsButton(
  good: { sku: string; name: string; pricePoints: number },
  shown: { inBasket: number; stockWords: string; disabled: boolean },
  onAdd: () => void,
): HTMLElement {
  return h(
    'li',
    null,
    h(
      'button',
      {
        type: 'button',
        class: `goods${shown.inBasket > 0 ? ' chosen' : ''}`,
        'data-sku': good.sku,
        disabled: shown.disabled,
        onclick: onAdd,
      },
      h('span', { class: 'goods-name' }, good.name),
      h('span', { class: 'goods-price' }, points(good.pricePoints)),
      h('span', { class: 'goods-stock' }, shown.stockWords),
      shown.inBasket > 0
        ? h('span', { class: 'goods-count', 'aria-hidden': 'true' }, `×${shown.inBasket}`)
        : null,
    ),
  );
}

/**
 * One basket line with its − / + stepper (the counter's and the van's): the name, the price × the
 * count and any notes under it (a changed price, what is left).
 */
export function basketLine(
  line: { sku: string; name: string; pricePoints: number; qty: number },
  shown: { short?: boolean; locked?: boolean; moreDisabled: boolean; notes?: Child[] },
  step: (type: 'removeOne' | 'addOne') => void,
): HTMLElement {
  const stepButton = (type: 'removeOne' | 'addOne', disabled: boolean) =>
    h(
      'button',
      {
        type: 'button',
        class: 'step',
        disabled,
        'aria-label': t(type === 'removeOne' ? 'counter.less' : 'counter.more', { name: line.name }),
        onclick: () => step(type),
      },
      type === 'removeOne' ? '−' : '+',
    );
  return h(
    'li',
    { class: `basket-line${shown.short === true ? ' short' : ''}`, 'data-sku': line.sku },
    h(
      'div',
      { class: 'line-text' },
      h('span', { class: 'line-name' }, line.name),
      h('span', { class: 'line-price' }, `${points(line.pricePoints)} × ${line.qty}`, shown.notes ?? null),
    ),
    h(
      'div',
      { class: 'stepper' },
      stepButton('removeOne', shown.locked === true),
      h('span', { class: 'qty' }, String(line.qty)),
      stepButton('addOne', shown.locked === true || shown.moreDisabled),
    ),
  );
}
