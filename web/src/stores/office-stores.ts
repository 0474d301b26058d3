import type { StockHistory, StoreItem, StoreItemList } from '../../../shared/stores/contract/stores';
import { parseYuan, UNIT_VALUE_FEN_MAX, yuanText } from '../donations/money';
import { call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { formValues, h, show } from '../platform/dom';
import { type FieldProblem, fieldLabel, showFieldProblems } from '../platform/field-problems';
import { formatDateTime, formatNumber, lang, type MessageKey, points, t } from '../platform/i18n';
import { madeByTheSystem, newId } from '../platform/ids';
import {
  busy,
  field,
  idField,
  moreButton,
  type Office,
  type Org,
  type Store,
  sectionFrame,
  showFailure,
} from '../platform/office';
import { tripsSection } from '../trips/office-trips';
import {
  openedSchedule,
  putKeeping,
  putWithSchedule,
  reduceSchedule,
  type ScheduleEvent,
  STOPS_MAX,
  type StopProblem,
  stopWords,
  WEEKDAYS,
} from './schedule-state';
import {
  actorOf,
  closedHistory,
  type HistoryEvent,
  historyQuery,
  itemChange,
  kindWord,
  lowItems,
  type Movement,
  pageStart,
  readLowStockAt,
  reasonOf,
  reduceHistory,
  signedDelta,
} from './stock-state';

/**
 * 门店: the 爱心超市 (fixed) and 流动超市 (mobile) stores, their catalogues and stock. Stock moves
 * only through the stock ledger (deliveries, write-offs, transfers between stores), each change
 * with one Idempotency-Key kept until its answer comes. A mobile shop's weekly stops
 * (schedule-state.ts), the goods under their low-stock mark and each item's 库存记录
 * (stock-state.ts) are kept as data and drawn from it.
 */
type Item = StoreItem;

/** Movements one 库存记录 page asks for. */
const HISTORY_PAGE = 20;

const pendingKeys = new Map<string, string>();

/** The same key for the same form submission until it is answered (a retry never moves stock twice). */
function keyFor(purpose: string): string {
  const existing = pendingKeys.get(purpose);
  if (existing !== undefined) return existing;
  const key = newIdempotencyKey();
  pendingKeys.set(purpose, key);
  return key;
}

const said = (text: { key: MessageKey } | { text: string }): string =>
  'key' in text ? t(text.key) : text.text;

/** Problems found before sending, beside their fields as the API's are. */
function showLocalProblems(
  form: HTMLFormElement,
  problems: readonly { name: string; sentence: string }[],
): void {
  showFieldProblems(
    form,
    problems.map(
      (problem): FieldProblem => ({ path: problem.name, name: problem.name, sentence: problem.sentence }),
    ),
  );
}

const valueSentence = (): string =>
  t('fieldProblem.sentence', {
    label: fieldLabel('valueFen') ?? t('office.stores.value'),
    what: t('office.stores.valueInvalid'),
  });

/** The 参考价值 field: yuan as typed (12.5, ¥12.50, １２元), empty for none. */
const valueInput = (fen: number | undefined, describedBy?: string) =>
  h('input', {
    name: 'valueFen',
    inputmode: 'decimal',
    autocomplete: 'off',
    maxlength: 16,
    value: fen === undefined ? '' : yuanText(fen),
    ...(describedBy === undefined ? {} : { 'aria-describedby': describedBy }),
  });

/** The form's low-stock mark and 参考价值, or the problems to show beside them. */
function readItemExtras(
  values: Record<string, string | undefined>,
):
  | { lowStockAt: number | undefined; valueFen: number | undefined }
  | { problems: { name: string; sentence: string }[] } {
  const lowStockAt = readLowStockAt(values.lowStockAt ?? '');
  const valueFen = parseYuan(values.valueFen ?? '', UNIT_VALUE_FEN_MAX);
  const problems = [
    ...(lowStockAt === 'invalid' ? [{ name: 'lowStockAt', sentence: lowStockSentence() }] : []),
    ...(valueFen === 'invalid' ? [{ name: 'valueFen', sentence: valueSentence() }] : []),
  ];
  if (lowStockAt === 'invalid' || valueFen === 'invalid') return { problems };
  return { lowStockAt, valueFen };
}

const lowStockSentence = (): string =>
  t('fieldProblem.sentence', {
    label: fieldLabel('lowStockAt') ?? t('office.stores.lowStockAt'),
    what: t('office.stores.lowStockAtInvalid'),
  });

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
    storeForm(office, stores, () => void load(office, body, current?.storeId)),
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
  reopenHistory?: string,
): Promise<void> {
  let items: Item[];
  let orgs: Org[];
  try {
    [items, orgs] = await Promise.all([
      call<StoreItemList>('GET', `/stores/${encodeURIComponent(store.storeId)}/items`).then(
        (answer) => answer.items,
      ),
      // The villages' names for the van's stops (never their ids) and the village picker.
      store.kind === 'mobile' ? office.orgs() : Promise.resolve([]),
    ]);
  } catch (error) {
    showFailure(detail, error);
    return;
  }
  const base = `/stores/${encodeURIComponent(store.storeId)}`;
  const history = historyPanel(office, base, items);
  // A change reloads the goods; an open 库存记录 stays open, read again with the change in it.
  const reload = () => void loadStore(office, store, stores, detail, history.openSku());

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

  /** An item's price and 低库存提醒, saved together: the PUT sets both (an empty mark is none). */
  const itemForm = (item: Item) => {
    const form = h(
      'form',
      { class: 'inline-form compact', 'data-item-form': item.sku },
      field(
        t('office.stores.price'),
        h('input', {
          name: 'pricePoints',
          type: 'number',
          min: 1,
          step: 1,
          required: true,
          value: String(item.pricePoints),
        }),
      ),
      field(
        t('office.stores.lowStockAt'),
        h('input', {
          name: 'lowStockAt',
          type: 'number',
          min: 0,
          step: 1,
          inputmode: 'numeric',
          value: item.lowStockAt === undefined ? '' : String(item.lowStockAt),
        }),
      ),
      field(t('office.stores.value'), valueInput(item.valueFen)),
      h('button', { type: 'submit', class: 'button' }, t('common.save')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        const extras = readItemExtras(formValues(form));
        const values = formValues(form);
        if ('problems' in extras) {
          showLocalProblems(form, extras.problems);
          return;
        }
        try {
          await call('PUT', `${base}/items/${encodeURIComponent(item.sku)}`, {
            body: itemChange(item, Number(values.pricePoints), extras.lowStockAt, extras.valueFen),
          });
          office.shell.notify('ok', t('office.stores.itemSaved', { item: item.name }));
          reload();
        } catch (error) {
          office.onError(error);
        }
      });
    });
    return form;
  };

  // Made once per form: the same goods if the form is sent again after a lost answer.
  const generatedSku = newId('g');
  const newItem = h(
    'form',
    { class: 'form-grid' },
    h('h3', null, t('office.stores.newItem')),
    // A barcode when the goods have one (scanned or typed); none: the system numbers them.
    idField(t('office.stores.sku'), 'sku', { optional: true, hint: t('office.stores.skuHint') }),
    field(t('office.stores.itemName'), h('input', { name: 'name', required: true, maxlength: 100 })),
    field(
      t('office.stores.price'),
      h('input', { name: 'pricePoints', type: 'number', min: 1, required: true }),
    ),
    field(t('office.stores.stock'), h('input', { name: 'stock', type: 'number', min: 0, value: '0' })),
    field(
      t('office.stores.lowStockAt'),
      h('input', {
        name: 'lowStockAt',
        type: 'number',
        min: 0,
        step: 1,
        inputmode: 'numeric',
        'aria-describedby': 'low-stock-hint',
      }),
    ),
    h('p', { class: 'hint', id: 'low-stock-hint' }, t('office.stores.lowStockAtHint')),
    field(t('office.stores.value'), valueInput(undefined, 'value-hint')),
    h('p', { class: 'hint', id: 'value-hint' }, t('office.stores.valueHint')),
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
      const extras = readItemExtras(values);
      if ('problems' in extras) {
        showLocalProblems(newItem, extras.problems);
        return;
      }
      try {
        const sku = values.sku?.trim() || generatedSku;
        await call('PUT', `${base}/items/${encodeURIComponent(sku)}`, {
          body: {
            ...itemChange(
              { name: values.name ?? '' },
              Number(values.pricePoints),
              extras.lowStockAt,
              extras.valueFen,
            ),
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

  // At the top: how many goods are at or under their low-stock mark, and which.
  const low = lowItems(items);
  const lowSummary =
    low.length > 0
      ? h(
          'p',
          { class: 'warning-box', id: 'low-stock-summary' },
          t('office.stores.lowCount', {
            n: low.length,
            names: low.map((item) => item.name).join(lang === 'en' ? ', ' : '、'),
          }),
        )
      : items.some((item) => item.lowStockAt !== undefined)
        ? h('p', { class: 'hint', id: 'low-stock-summary' }, t('office.stores.noneLow'))
        : null;

  show(
    detail,
    lowSummary,
    store.kind === 'mobile'
      ? h(
          'p',
          { class: 'actions' },
          h(
            'a',
            {
              class: 'button primary',
              id: 'trip-open-link',
              href: `/trip.html?store=${encodeURIComponent(store.storeId)}`,
            },
            t('trip.openLink'),
          ),
        )
      : null,
    store.kind === 'mobile' ? scheduleSection(office, store, orgs) : null,
    store.kind === 'mobile' ? tripsSection(office, store) : null,
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
                { 'data-sku': item.sku, 'data-low': item.low === true ? 'true' : undefined },
                h(
                  'td',
                  null,
                  item.name,
                  // A barcode is worth seeing; an id the system made is not.
                  madeByTheSystem(item.sku) ? null : h('div', { class: 'mono hint' }, item.sku),
                  // Said in words, not by colour alone.
                  item.low === true
                    ? h('div', { class: 'warning low-mark' }, t('office.stores.lowMark'))
                    : null,
                ),
                h(
                  'td',
                  {
                    class: 'num',
                    'data-label': t('office.stores.cellLabel', { label: t('office.stores.price') }),
                  },
                  points(item.pricePoints),
                ),
                h(
                  'td',
                  {
                    class: `num${item.stock === 0 || item.low === true ? ' warning' : ''}`,
                    'data-label': t('office.stores.cellLabel', { label: t('office.stores.stock') }),
                  },
                  formatNumber(item.stock),
                  item.lowStockAt === undefined
                    ? null
                    : h(
                        'div',
                        { class: 'hint' },
                        t('office.stores.lowStockAtNow', { n: formatNumber(item.lowStockAt) }),
                      ),
                ),
                h('td', null, office.isAdmin ? itemForm(item) : null, stockForm(item), history.button(item)),
              ),
            ),
          ),
        ),
    history.panel,
    office.isAdmin ? newItem : null,
    office.isAdmin && others.length > 0 && items.length > 0 ? transfer : null,
  );
  if (reopenHistory !== undefined && items.some((item) => item.sku === reopenHistory))
    history.open(reopenHistory, false);
}

/**
 * 每周停靠时间 of a mobile shop: its stops by village name, Monday first. The office adds a stop
 * (village, weekday, from, to) or removes one; each is saved at once with the store's PUT, which
 * keeps the store's name, kind and place.
 */
function scheduleSection(office: Office, store: Store, orgs: readonly Org[]): HTMLElement {
  const names = new Map(orgs.map((org) => [org.orgId, org.name]));
  const words = (stop: Parameters<typeof stopWords>[0]) => stopWords(stop, names.get(stop.orgId), t);
  let state = openedSchedule(store);
  // The store as last saved: its name, kind and place go with each new week.
  let current: Store = store;

  const heading = h('h3', { id: 'schedule-title', tabindex: '-1' }, t('office.stores.schedule.title'));
  const list = h('div', { id: 'schedule-stops' });

  // The village picker: each town's villages under the town's name.
  const byParent = new Map<string, Org[]>();
  for (const org of orgs) {
    if (org.level !== 'village') continue;
    const parent = org.parentId ?? '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), org]);
  }
  const villageOptions = (villages: readonly Org[]) =>
    villages.map((village) => h('option', { value: village.orgId }, village.name));
  const orgSelect = h(
    'select',
    null,
    h('option', { value: '' }, t('office.stores.stop.pickVillage')),
    [...byParent.entries()].map(([parentId, villages]) =>
      names.has(parentId)
        ? h('optgroup', { label: names.get(parentId) }, villageOptions(villages))
        : villageOptions(villages),
    ),
  );
  const weekdaySelect = h(
    'select',
    null,
    WEEKDAYS.map((day) => h('option', { value: String(day) }, t(`catalogue.weekday.${day}` as MessageKey))),
  );
  const fromInput = h('input', { type: 'time', value: '09:00' });
  const toInput = h('input', { type: 'time', value: '11:00' });
  const controls = { orgId: orgSelect, weekday: weekdaySelect, from: fromInput, to: toInput } as const;
  const labels: Record<StopProblem['field'], MessageKey> = {
    orgId: 'office.stores.stop.village',
    weekday: 'office.stores.stop.weekday',
    from: 'office.stores.stop.from',
    to: 'office.stores.stop.to',
  };
  // Checked here and said beside each field, as the API's refusals are (not in the browser's bubbles).
  const addButton = h(
    'button',
    { type: 'submit', class: 'button primary' },
    t('office.stores.stop.addButton'),
  );
  const form = h(
    'form',
    { class: 'form-grid', id: 'stop-form', novalidate: true },
    h('h4', null, t('office.stores.stop.add')),
    field(t(labels.orgId), orgSelect),
    field(t(labels.weekday), weekdaySelect),
    field(t(labels.from), fromInput),
    field(t(labels.to), toInput),
    h('div', { class: 'actions' }, addButton),
  );

  const sentence = (problem: StopProblem) =>
    t('fieldProblem.sentence', {
      label: t(labels[problem.field]),
      what: t(problem.key, {
        ...problem.params,
        ...(problem.clash === undefined ? {} : { stop: words(problem.clash) }),
      }),
    });

  const render = () => {
    // The add form's fields carry the names the API's refusal gives the new stop (schedule.N.to).
    for (const [name, control] of Object.entries(controls))
      control.setAttribute('name', `schedule.${state.stops.length}.${name}`);
    const saving = state.phase === 'saving';
    show(
      list,
      state.stops.length === 0
        ? h('p', { class: 'hint' }, t('office.stores.schedule.none'))
        : h(
            'ul',
            { class: 'devices' },
            state.stops.map((stop, index) =>
              h(
                'li',
                { class: 'device', 'data-weekday': String(stop.weekday), 'data-org': stop.orgId },
                h('span', { class: 'stop-words' }, words(stop)),
                office.isAdmin
                  ? h(
                      'button',
                      {
                        type: 'button',
                        class: 'button',
                        disabled: saving,
                        'aria-label': t('office.stores.stop.removeLabel', { stop: words(stop) }),
                        onclick: () => void remove(index),
                      },
                      t('office.stores.stop.remove'),
                    )
                  : null,
              ),
            ),
          ),
      state.stops.length >= STOPS_MAX
        ? h('p', { class: 'hint' }, t('office.stores.stop.full', { n: STOPS_MAX }))
        : null,
    );
  };

  const dispatch = (event: ScheduleEvent) => {
    state = reduceSchedule(state, event);
    render();
  };

  /** Saves the schedule the state is sending; true when it was saved. */
  const save = async (): Promise<boolean> => {
    const sending = state.sending;
    if (sending === undefined) return false;
    try {
      const saved = await call<Store>('PUT', `/stores/${encodeURIComponent(store.storeId)}`, {
        body: putWithSchedule(current, sending),
      });
      current = saved;
      dispatch({ type: 'saved', stops: saved.schedule ?? [] });
      // The stores list the tabs read holds the old week.
      office.forget();
      return true;
    } catch (error) {
      dispatch({ type: 'saveFailed' });
      office.onError(error);
      return false;
    }
  };

  const remove = async (index: number) => {
    dispatch({ type: 'removeAsked', index });
    if (state.phase !== 'saving') return;
    if (await save()) office.shell.notify('ok', t('office.stores.stop.removed'));
    // The button pressed is gone: the focus goes back to the list's heading.
    heading.focus();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void busy(form, async () => {
      dispatch({
        type: 'addSubmitted',
        draft: {
          orgId: orgSelect.value,
          weekday: weekdaySelect.value,
          from: fromInput.value,
          to: toInput.value,
        },
      });
      if (state.phase !== 'saving') {
        showLocalProblems(
          form,
          state.problems.map((problem) => ({
            name: controls[problem.field].getAttribute('name') ?? problem.field,
            sentence: sentence(problem),
          })),
        );
        return;
      }
      const added = state.sending?.at(-1);
      if (await save()) {
        office.shell.notify(
          'ok',
          added === undefined ? t('common.saved') : t('office.stores.stop.added', { stop: words(added) }),
        );
        orgSelect.value = '';
      }
    });
  });

  render();
  return h(
    'section',
    { class: 'schedule', 'aria-labelledby': 'schedule-title' },
    heading,
    h('p', { class: 'hint' }, t('office.stores.schedule.lead')),
    list,
    office.isAdmin ? form : null,
  );
}

/**
 * 库存记录: one item's stock changes, newest first, page by page (加载更多): when, what (进货,
 * 报损…), the change, the stock after it, why and by whom. One panel under the goods, for the
 * item whose button was pressed.
 */
function historyPanel(
  office: Office,
  base: string,
  items: readonly Item[],
): {
  panel: HTMLElement;
  button: (item: Item) => HTMLButtonElement;
  open: (sku: string, focus: boolean) => void;
  openSku: () => string | undefined;
} {
  let state = closedHistory;
  const panel = h('section', { class: 'stock-history', id: 'stock-history', hidden: true });
  const buttons = new Map<string, HTMLButtonElement>();
  const nameOf = (sku: string) => items.find((item) => item.sku === sku)?.name ?? sku;

  const line = (movement: Movement) =>
    h(
      'li',
      { class: 'recent', 'data-kind': movement.kind, 'data-id': movement.id },
      h(
        'div',
        { class: 'recent-head' },
        h('time', { datetime: movement.at }, formatDateTime(movement.at)),
        h('strong', null, `${t(kindWord(movement.kind))} ${signedDelta(movement.delta, formatNumber)}`),
        h('span', null, t('office.stores.history.stockAfter', { n: formatNumber(movement.stockAfter) })),
      ),
      h(
        'p',
        { class: 'recent-items' },
        t('office.stores.history.reason', { reason: said(reasonOf(movement)) }),
        ' · ',
        t('office.stores.history.by', { who: said(actorOf(movement)) }),
      ),
    );

  const render = (focus = false) => {
    for (const [sku, button] of buttons) button.setAttribute('aria-expanded', String(state.sku === sku));
    if (state.sku === undefined) {
      panel.hidden = true;
      panel.replaceChildren();
      return;
    }
    const sku = state.sku;
    panel.hidden = false;
    const heading = h(
      'h3',
      { id: 'stock-history-title', tabindex: '-1' },
      t('office.stores.history.title', { item: nameOf(sku) }),
    );
    show(
      panel,
      heading,
      h('p', { class: 'hint' }, t('office.stores.history.lead')),
      state.movements.length === 0 && state.phase === 'ready'
        ? h('p', { class: 'hint' }, t('office.stores.history.empty'))
        : h('ol', { class: 'recent-list' }, state.movements.map(line)),
      state.phase === 'loading' ? h('p', { class: 'loading' }, t('common.loading')) : null,
      state.phase === 'failed'
        ? h(
            'p',
            { class: 'warning' },
            t('office.stores.history.failed'),
            ' ',
            h(
              'button',
              { type: 'button', class: 'button', onclick: retry },
              t('office.stores.history.retry'),
            ),
          )
        : null,
      state.phase === 'ready' && state.nextBefore !== null
        ? moreButton(() => {
            dispatch({ type: 'moreAsked' });
            void fetchPage(sku);
          })
        : null,
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'button',
            onclick: () => {
              dispatch({ type: 'closed' });
              buttons.get(sku)?.focus();
            },
          },
          t('office.stores.history.close'),
        ),
      ),
    );
    if (focus) {
      panel.scrollIntoView({ block: 'start' });
      heading.focus({ preventScroll: true });
    }
  };

  const dispatch = (event: HistoryEvent, focus = false) => {
    state = reduceHistory(state, event);
    render(focus);
  };

  const fetchPage = async (sku: string) => {
    const before = pageStart(state);
    try {
      const page = await call<StockHistory>(
        'GET',
        `${base}/items/${encodeURIComponent(sku)}/history${historyQuery(state, HISTORY_PAGE)}`,
      );
      dispatch({ type: 'pageLoaded', sku, before, page });
    } catch (error) {
      dispatch({ type: 'pageFailed', sku });
      office.onError(error);
    }
  };

  /** After a failure: the page that did not come, asked for again. */
  const retry = () => {
    const sku = state.sku;
    if (sku === undefined) return;
    dispatch({ type: 'retried' });
    void fetchPage(sku);
  };

  const open = (sku: string, focus: boolean) => {
    dispatch({ type: 'opened', sku }, focus);
    void fetchPage(sku);
  };

  const button = (item: Item) => {
    const made = h(
      'button',
      {
        type: 'button',
        class: 'button',
        'aria-label': t('office.stores.history.openLabel', { item: item.name }),
        'aria-controls': 'stock-history',
        'aria-expanded': 'false',
        'data-history': item.sku,
        onclick: () => open(item.sku, true),
      },
      t('office.stores.history.open'),
    );
    buttons.set(item.sku, made);
    return made;
  };

  return { panel, button, open, openSku: () => state.sku };
}

function storeForm(office: Office, stores: readonly Store[], reload: () => void): HTMLElement | null {
  if (!office.isAdmin) return null;
  const form = h(
    'form',
    { class: 'form-grid' },
    h('h3', null, t('office.stores.newStore')),
    // The system names a new store; people only ever see its name.
    h('input', { type: 'hidden', name: 'storeId', value: newId('shop') }),
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
      const storeId = values.storeId ?? '';
      // A store's id given again renames it: its place and weekly stops stay.
      const existing = stores.find((store) => store.storeId === storeId);
      try {
        await call('PUT', `/stores/${encodeURIComponent(storeId)}`, {
          body: putKeeping(existing, values.name ?? '', values.kind === 'mobile' ? 'mobile' : 'fixed'),
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
