import type { Catalogue } from '../../../shared/stores/contract/stores';
import { call } from '../platform/api';
import { h, show } from '../platform/dom';
import { type MessageKey, points, t } from '../platform/i18n';

type Shop = Catalogue['stores'][number];

/**
 * 积分能换什么 on the volunteer's page: each love supermarket's goods and prices (in stock or not;
 * what the volunteer's points already reach is marked), a fixed shop's place, and the mobile shop's
 * weekly stops by village. Read only when asked for, to spare a village phone's data.
 */
export function catalogueSection(
  balance: () => number | undefined,
  onError: (error: unknown) => void,
): HTMLElement {
  const list = h('div', { id: 'catalogue-list', 'aria-live': 'polite' });
  let open = false;
  const toggle: HTMLButtonElement = h(
    'button',
    { type: 'button', class: 'button big', id: 'catalogue-toggle', 'aria-expanded': 'false' },
    t('catalogue.show'),
  );
  toggle.onclick = async () => {
    open = !open;
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = t(open ? 'catalogue.hide' : 'catalogue.show');
    if (!open) {
      list.replaceChildren();
      return;
    }
    show(list, h('p', { class: 'hint' }, t('catalogue.loading')));
    try {
      const catalogue = await call<Catalogue>('GET', '/catalogue');
      show(list, ...renderShops(catalogue.stores, balance()));
    } catch (error) {
      list.replaceChildren();
      open = false;
      toggle.setAttribute('aria-expanded', 'false');
      toggle.textContent = t('catalogue.show');
      onError(error);
    }
  };
  return h(
    'section',
    { class: 'card', id: 'catalogue' },
    h('h2', null, t('catalogue.title')),
    h('p', { class: 'hint' }, t('catalogue.lead')),
    toggle,
    list,
  );
}

export function renderShops(shops: readonly Shop[], balance: number | undefined): HTMLElement[] {
  if (shops.length === 0) return [h('p', { class: 'hint' }, t('catalogue.empty'))];
  return shops.map((shop) =>
    h(
      'article',
      { class: 'shop', 'data-store': shop.storeId },
      h('h3', null, `${shop.name}（${t(shop.kind === 'fixed' ? 'catalogue.fixed' : 'catalogue.mobile')}）`),
      shop.placeName === undefined ? null : h('p', null, t('catalogue.at', { place: shop.placeName })),
      shop.kind === 'mobile'
        ? shop.schedule.length === 0
          ? h('p', { class: 'hint' }, t('catalogue.noStops'))
          : h(
              'ul',
              { class: 'stops' },
              shop.schedule.map((stop) =>
                h(
                  'li',
                  null,
                  t('catalogue.stop', {
                    weekday: t(`catalogue.weekday.${stop.weekday}` as MessageKey),
                    from: stop.from,
                    to: stop.to,
                    place: stop.placeName,
                  }),
                ),
              ),
            )
        : null,
      h(
        'ul',
        { class: 'goods' },
        shop.items.map((item) => {
          const reachable = item.available && balance !== undefined && item.pricePoints <= balance;
          return h(
            'li',
            { 'data-sku': item.sku, ...(reachable ? { class: 'affordable' } : {}) },
            `${item.name} · ${points(item.pricePoints)}`,
            item.available
              ? reachable
                ? h('span', { class: 'hint' }, ` · ${t('catalogue.affordable')}`)
                : null
              : h('span', { class: 'hint' }, ` · ${t('catalogue.outOfStock')}`),
          );
        }),
      ),
    ),
  );
}
