import {
  csvHref,
  type DisclosureEvent,
  type DisclosureState,
  type DisclosureView,
  goodsText,
  hasStoreGoods,
  initialDisclosure,
  monthToShow,
  reduceDisclosure,
  storeNamer,
} from '../donations/disclosure-state';
import { kindWords } from '../donations/donations-state';
import { yuanText } from '../donations/money';
import { callOpen } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { loadConfig } from '../platform/config';
import { type Child, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatNumber, formatWrittenDate, type MessageKey, points, t } from '../platform/i18n';
import { addMonths, monthLabel, monthPicker } from '../platform/month-picker';
import { mountShell } from '../platform/shell';

/**
 * 公示 (公益事业捐赠法 第二十二条): a month of the county in the open, for anyone, with no sign-in —
 * hours and points by town, redemptions, goods and stock by store, the donations received (by
 * public name, a voided one marked 作废), the purchases, the honour roll when the county shows it,
 * and the same as a CSV download. Last month unless the address names one (`?month=2026-11`).
 */
async function main(): Promise<void> {
  const shell = mountShell('disclosure.title', undefined);
  const config = await loadConfig();
  const today = chinaDate();
  let state: DisclosureState = initialDisclosure(
    monthToShow(new URLSearchParams(location.search).get('month'), today),
  );
  const picker = monthPicker({
    id: 'disclosure-month',
    value: state.month,
    max: today.slice(0, 7),
    min: addMonths(today.slice(0, 7), -36),
  });
  const csv = h('a', { class: 'button', id: 'disclosure-csv' }, t('disclosure.csv'));
  const content = h('div', { id: 'disclosure', 'aria-live': 'polite' });
  show(
    shell.main,
    h('p', { class: 'lead' }, t('disclosure.lead')),
    h(
      'div',
      { class: 'inline-form no-print' },
      h('label', { class: 'field' }, h('span', { class: 'field-label' }, t('disclosure.month')), picker),
      csv,
      h('button', { type: 'button', class: 'button', onclick: () => window.print() }, t('disclosure.print')),
    ),
    content,
  );

  const render = () => {
    csv.setAttribute('href', csvHref(config.apiBase, state.month));
    csv.setAttribute('download', t('disclosure.csvName', { month: state.month }));
    if (state.phase === 'loading') show(content, h('p', { class: 'loading' }, t('common.loading')));
    else if (state.phase === 'failed')
      show(content, h('p', { class: 'warning', role: 'alert' }, state.problem ?? ''));
    else if (state.disclosure !== undefined) show(content, notice(state.disclosure));
  };

  const load = async (month: string) => {
    try {
      const disclosure = await callOpen<DisclosureView>(config.apiBase, 'GET', '/disclosure', {
        query: { month },
      });
      dispatch({ type: 'loaded', month, disclosure });
    } catch (error) {
      dispatch({ type: 'failed', month, problem: describeError(error) });
    }
  };

  function dispatch(event: DisclosureEvent): void {
    const before = state;
    state = reduceDisclosure(state, event);
    render();
    if (state.phase === 'loading' && (before.phase !== 'loading' || before.month !== state.month)) {
      history.replaceState(null, '', `${location.pathname}?month=${state.month}`);
      void load(state.month);
    }
    if (state.phase !== 'loading') document.body.dataset.ready = 'true';
  }

  picker.addEventListener('change', () => dispatch({ type: 'monthChosen', month: picker.value }));
  render();
  void load(state.month);
}

const num = (value: number) => formatNumber(value);

/** A table with a caption, column heads and rows; each cell named by its column on a phone. */
function table(
  id: string,
  heads: readonly (readonly [MessageKey, 'num' | 'text'])[],
  rows: readonly (readonly Child[])[],
  extra: { foot?: readonly Child[]; rowStatus?: readonly (string | undefined)[] } = {},
): HTMLElement {
  const labels = heads.map(([key]) => t(key));
  const cells = (row: readonly Child[]) =>
    row.map((value, index) =>
      h('td', { 'data-label': labels[index], class: heads[index]?.[1] === 'num' ? 'num' : undefined }, value),
    );
  // On a phone each row is a block (styles.css): nothing to scroll sideways.
  return h(
    'table',
    { class: 'sheet-table disclosure-table', id },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        heads.map(([key, kind]) =>
          h('th', { scope: 'col', class: kind === 'num' ? 'num' : undefined }, t(key)),
        ),
      ),
    ),
    h(
      'tbody',
      null,
      rows.map((row, index) =>
        h(
          'tr',
          {
            'data-status': extra.rowStatus?.[index],
            class: extra.rowStatus?.[index] === 'voided' ? 'voided' : undefined,
          },
          cells(row),
        ),
      ),
    ),
    extra.foot === undefined ? null : h('tfoot', null, h('tr', null, cells(extra.foot))),
  );
}

const none = (key: MessageKey) => h('p', { class: 'hint' }, t(key));
const voidedMark = (status: string) =>
  status === 'voided'
    ? h('strong', { class: 'voided-word' }, t('donations.status.voided'))
    : t('donations.status.recorded');

function notice(disclosure: DisclosureView): HTMLElement {
  const storeName = storeNamer(disclosure);
  const goods = hasStoreGoods(disclosure);
  const roll = disclosure.honourRoll;
  return h(
    'article',
    { class: 'disclosure-sheet', 'data-month': disclosure.month },
    h(
      'h2',
      { class: 'sheet-title', id: 'disclosure-heading' },
      t('disclosure.heading', { month: monthLabel(disclosure.month) }),
    ),
    h('h3', null, t('disclosure.towns')),
    disclosure.towns.length === 0
      ? none('disclosure.noTowns')
      : table(
          'disclosure-towns',
          [
            ['disclosure.town', 'text'],
            ['disclosure.hours', 'num'],
            ['disclosure.pointsIssued', 'num'],
            ['disclosure.pointsRedeemed', 'num'],
          ],
          disclosure.towns.map((town) => [
            town.name,
            num(town.hours),
            num(town.pointsIssued),
            num(town.pointsRedeemed),
          ]),
          {
            foot: [
              t('disclosure.total'),
              num(disclosure.total.hours),
              num(disclosure.total.pointsIssued),
              num(disclosure.total.pointsRedeemed),
            ],
          },
        ),
    h('h3', null, t('disclosure.stores')),
    disclosure.stores.length === 0
      ? none('disclosure.noStores')
      : table(
          'disclosure-stores',
          [
            ['disclosure.store', 'text'],
            ['disclosure.redemptions', 'num'],
            ...(goods ? ([['disclosure.goods', 'text']] as const) : []),
            ['disclosure.pointsRedeemed', 'num'],
            ['disclosure.stockOnHand', 'num'],
          ],
          disclosure.stores.map((store) => [
            store.name ?? store.storeId,
            store.voids === 0
              ? num(store.redemptions)
              : t('disclosure.redemptionsVoids', { n: num(store.redemptions), voids: num(store.voids) }),
            ...(goods ? [goodsText(store.goods)] : []),
            num(store.pointsRedeemed),
            num(store.stockOnHand),
          ]),
        ),
    h('h3', null, t('disclosure.donations')),
    disclosure.donations.length === 0
      ? none('disclosure.noDonations')
      : table(
          'disclosure-donations',
          [
            ['disclosure.receiptNumber', 'text'],
            ['disclosure.date', 'text'],
            ['disclosure.donor', 'text'],
            ['disclosure.kind', 'text'],
            ['disclosure.goodsOrMoney', 'text'],
            ['disclosure.value', 'num'],
            ['disclosure.status', 'text'],
          ],
          disclosure.donations.map((one) => [
            h('span', { class: 'mono' }, one.receiptNumber),
            formatWrittenDate(one.receivedOn),
            one.donor,
            kindWords(one.kind),
            one.kind === 'money'
              ? t('disclosure.money')
              : `${goodsText(one.goods)}${one.storeId === undefined ? '' : ` · ${storeName(one.storeId)}`}`,
            yuanText(one.valueFen),
            voidedMark(one.status),
          ]),
          { rowStatus: disclosure.donations.map((one) => one.status) },
        ),
    h('h3', null, t('disclosure.purchases')),
    disclosure.purchases.length === 0
      ? none('disclosure.noPurchases')
      : table(
          'disclosure-purchases',
          [
            ['disclosure.date', 'text'],
            ['disclosure.supplier', 'text'],
            ['disclosure.store', 'text'],
            ['disclosure.goods', 'text'],
            ['disclosure.value', 'num'],
            ['disclosure.status', 'text'],
          ],
          disclosure.purchases.map((one) => [
            formatWrittenDate(one.receivedOn),
            one.supplier,
            storeName(one.storeId),
            goodsText(one.goods),
            yuanText(one.valueFen),
            voidedMark(one.status),
          ]),
          { rowStatus: disclosure.purchases.map((one) => one.status) },
        ),
    roll === undefined
      ? null
      : h(
          'section',
          { id: 'disclosure-honour' },
          h('h3', null, t('disclosure.honour')),
          roll.volunteers.length === 0
            ? none('disclosure.noHonour')
            : table(
                'disclosure-honour-volunteers',
                [
                  ['disclosure.name', 'text'],
                  ['disclosure.town', 'text'],
                  ['disclosure.hours', 'num'],
                ],
                roll.volunteers.map((one) => [one.name, one.town ?? '—', num(one.hours)]),
              ),
          roll.winners.length === 0
            ? null
            : [
                h('h4', null, t('disclosure.winners')),
                table(
                  'disclosure-honour-winners',
                  [
                    ['disclosure.name', 'text'],
                    ['disclosure.prize', 'text'],
                  ],
                  roll.winners.map((one) => [
                    one.name,
                    one.prizePoints === undefined ? '—' : points(one.prizePoints),
                  ]),
                ),
              ],
        ),
    h('p', { class: 'hint' }, t('disclosure.values')),
  );
}

void main();
