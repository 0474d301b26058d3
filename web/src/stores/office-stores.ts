import type { StoreItem, StoreItemList } from '../../../shared/stores/contract/stores';
import { call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { formatNumber, type MessageKey, points, t } from '../platform/i18n';
import { busy, field, idField, type Office, type Store, sectionFrame, showFailure } from '../platform/office';

/**
 * 门店: the 爱心超市 (fixed) and 流动超市 (mobile) stores, their catalogues and stock. Stock moves
 * only through the stock ledger (deliveries, write-offs, transfers between stores), each change
 * with one Idempotency-Key kept until its answer comes.
 */
type Item = StoreItem;

const pendingKeys = new Map<string, string>();

/** The same key for the same form submission until it is answered (a retry never moves stock twice). */
function keyFor(purpose: string): string {
  const existing = pendingKeys.get(purpose);
  if (existing !== undefined) return existing;
  const key = newIdempotencyKey();
  pendingKeys.set(purpose, key);
  return key;
}

export function renderStores(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.stores.title', 'office.stores.lead');
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement, selected?: string): Promise<void> {
  let stores: Store[];
  try {
    stores = await office.stores();
  } catch (error) {
    showFailure(body, error);
    return;
  }
  const current = stores.find((store) => store.storeId === selected) ?? stores[0];
  const tabId = (store: Store) => `store-tab-${store.storeId}`;
  // The stores as tabs (role tablist/tab, the chosen one aria-selected), the store's goods as the panel.
  const detail = h('div', {
    class: 'store-detail',
    id: 'store-panel',
    role: 'tabpanel',
    'aria-labelledby': current === undefined ? undefined : tabId(current),
  });
  const tabs = stores.map((store) => {
    const chosen = store.storeId === current?.storeId;
    return h(
      'button',
      {
        type: 'button',
        role: 'tab',
        id: tabId(store),
        class: `tab${chosen ? ' active' : ''}`,
        'aria-selected': chosen ? 'true' : 'false',
        'aria-controls': 'store-panel',
        tabindex: chosen ? '0' : '-1',
        onclick: () => void load(office, body, store.storeId),
        onkeydown: (event: KeyboardEvent) => moveAmongTabs(event, tabs),
      },
      store.name,
      ' ',
      h('span', { class: 'badge' }, t(`office.stores.kind.${store.kind}` as MessageKey)),
    );
  });
  // A tab chosen from the keyboard keeps the focus through the repaint.
  const focused = document.activeElement;
  const tabHadFocus = focused?.getAttribute('role') === 'tab' && body.contains(focused);
  show(
    body,
    h('div', { class: 'tabs', role: 'tablist', 'aria-label': t('office.stores.title') }, tabs),
    detail,
    storeForm(office, () => void load(office, body, current?.storeId)),
  );
  if (tabHadFocus) tabs.find((tab) => tab.getAttribute('aria-selected') === 'true')?.focus();
  if (current !== undefined) await loadStore(office, current, stores, detail);
}

/** Arrow keys, Home and End move between tabs, as a tablist does. */
function moveAmongTabs(event: KeyboardEvent, tabs: readonly HTMLButtonElement[]): void {
  const at = tabs.indexOf(event.currentTarget as HTMLButtonElement);
  const to =
    event.key === 'ArrowRight' || event.key === 'ArrowDown'
      ? (at + 1) % tabs.length
      : event.key === 'ArrowLeft' || event.key === 'ArrowUp'
        ? (at - 1 + tabs.length) % tabs.length
        : event.key === 'Home'
          ? 0
          : event.key === 'End'
            ? tabs.length - 1
            : undefined;
  if (to === undefined || at < 0) return;
  event.preventDefault();
  tabs[to]?.focus();
  tabs[to]?.click();
}

async function loadStore(
  office: Office,
  store: Store,
  stores: readonly Store[],
  detail: HTMLElement,
): Promise<void> {
  let items: Item[];
  try {
    items = (await call<StoreItemList>('GET', `/stores/${encodeURIComponent(store.storeId)}/items`)).items;
  } catch (error) {
    showFailure(detail, error);
    return;
  }
  const reload = () => void loadStore(office, store, stores, detail);
  const base = `/stores/${encodeURIComponent(store.storeId)}`;

  const stockForm = (item: Item) => {
    const form = h(
      'form',
      { class: 'inline-form compact' },
      h('input', {
        name: 'delta',
        type: 'number',
        required: true,
        step: 1,
        'aria-label': t('office.stores.delta'),
        placeholder: t('office.stores.delta'),
      }),
      h('input', {
        name: 'reason',
        required: true,
        maxlength: 200,
        'aria-label': t('office.stores.reason'),
        placeholder: t('office.stores.reason'),
      }),
      h('button', { type: 'submit', class: 'button' }, t('office.stores.changeStock')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        const values = formValues(form);
        const purpose = `stock:${store.storeId}:${item.sku}:${values.delta}:${values.reason}`;
        try {
          await call(`POST`, `${base}/items/${encodeURIComponent(item.sku)}/stock`, {
            body: { delta: Number(values.delta), reason: values.reason },
            idempotencyKey: keyFor(purpose),
          });
          pendingKeys.delete(purpose);
          office.shell.notify('ok', t('common.saved'));
          reload();
        } catch (error) {
          if (!outcomeUnknown(error)) pendingKeys.delete(purpose);
          office.onError(error);
        }
      });
    });
    return form;
  };

  const priceForm = (item: Item) => {
    const form = h(
      'form',
      { class: 'inline-form compact' },
      h('input', {
        name: 'pricePoints',
        type: 'number',
        min: 1,
        required: true,
        value: String(item.pricePoints),
        'aria-label': t('office.stores.price'),
      }),
      h('button', { type: 'submit', class: 'button' }, t('office.stores.setPrice')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        try {
          await call('PUT', `${base}/items/${encodeURIComponent(item.sku)}`, {
            body: { name: item.name, pricePoints: Number(formValues(form).pricePoints) },
          });
          office.shell.notify('ok', t('common.saved'));
          reload();
        } catch (error) {
          office.onError(error);
        }
      });
    });
    return form;
  };

  const newItem = h(
    'form',
    { class: 'form-grid' },
    h('h3', null, t('office.stores.newItem')),
    idField(t('office.stores.sku'), 'sku'),
    field(t('office.stores.itemName'), h('input', { name: 'name', required: true, maxlength: 100 })),
    field(
      t('office.stores.price'),
      h('input', { name: 'pricePoints', type: 'number', min: 1, required: true }),
    ),
    field(t('office.stores.stock'), h('input', { name: 'stock', type: 'number', min: 0, value: '0' })),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('common.save')),
    ),
  );
  newItem.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(newItem, async () => {
      const values = formValues(newItem);
      try {
        await call('PUT', `${base}/items/${encodeURIComponent(values.sku ?? '')}`, {
          body: {
            name: values.name,
            pricePoints: Number(values.pricePoints),
            stock: Number(values.stock || '0'),
          },
        });
        office.shell.notify('ok', t('common.saved'));
        reload();
      } catch (error) {
        office.onError(error);
      }
    });
  });

  const others = stores.filter((other) => other.storeId !== store.storeId);
  const transfer = h(
    'form',
    { class: 'form-grid' },
    h('h3', null, t('office.stores.transfer')),
    field(
      t('office.stores.transferTo'),
      h(
        'select',
        { name: 'toStoreId' },
        others.map((other) => h('option', { value: other.storeId }, other.name)),
      ),
    ),
    field(
      t('office.stores.itemName'),
      h(
        'select',
        { name: 'sku' },
        items.map((item) => h('option', { value: item.sku }, item.name)),
      ),
    ),
    field(t('office.stores.qty'), h('input', { name: 'qty', type: 'number', min: 1, required: true })),
    field(t('office.stores.reason'), h('input', { name: 'reason', required: true, maxlength: 200 })),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.stores.transferButton')),
    ),
  );
  transfer.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(transfer, async () => {
      const values = formValues(transfer);
      const purpose = `transfer:${store.storeId}:${JSON.stringify(values)}`;
      try {
        await call('POST', `${base}/transfers`, {
          body: {
            toStoreId: values.toStoreId,
            sku: values.sku,
            qty: Number(values.qty),
            reason: values.reason,
          },
          idempotencyKey: keyFor(purpose),
        });
        pendingKeys.delete(purpose);
        office.shell.notify('ok', t('office.stores.transferred'));
        transfer.reset();
        reload();
      } catch (error) {
        if (!outcomeUnknown(error)) pendingKeys.delete(purpose);
        office.onError(error);
      }
    });
  });

  show(
    detail,
    items.length === 0
      ? h('p', { class: 'hint' }, t('counter.noGoods'))
      : h(
          'table',
          { class: 'table items-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('office.stores.itemName')),
              h('th', { class: 'num' }, t('office.stores.price')),
              h('th', { class: 'num' }, t('office.stores.stock')),
              h('th', null, t('common.actions')),
            ),
          ),
          h(
            'tbody',
            null,
            items.map((item) =>
              h(
                'tr',
                { 'data-sku': item.sku },
                h('td', null, item.name, h('div', { class: 'mono hint' }, item.sku)),
                h('td', { class: 'num' }, points(item.pricePoints)),
                h('td', { class: `num${item.stock === 0 ? ' warning' : ''}` }, formatNumber(item.stock)),
                h('td', null, office.isAdmin ? priceForm(item) : null, stockForm(item)),
              ),
            ),
          ),
        ),
    office.isAdmin ? newItem : null,
    office.isAdmin && others.length > 0 && items.length > 0 ? transfer : null,
  );
}

function storeForm(office: Office, reload: () => void): HTMLElement | null {
  if (!office.isAdmin) return null;
  const form = h(
    'form',
    { class: 'form-grid' },
    h('h3', null, t('office.stores.newStore')),
    idField(t('office.stores.storeId'), 'storeId'),
    field(t('office.stores.storeName'), h('input', { name: 'name', required: true, maxlength: 100 })),
    field(
      t('office.stores.kind'),
      h(
        'select',
        { name: 'kind' },
        h('option', { value: 'fixed' }, t('office.stores.kind.fixed')),
        h('option', { value: 'mobile' }, t('office.stores.kind.mobile')),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('common.save')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      const values = formValues(form);
      try {
        await call('PUT', `/stores/${encodeURIComponent(values.storeId ?? '')}`, {
          body: { name: values.name, kind: values.kind },
        });
        office.shell.notify('ok', t('common.saved'));
        office.forget();
        reload();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  return form;
}
