import { h } from '../platform/dom';
import { formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { monthLabel } from '../platform/month-picker';
import {
  type DonationView,
  donorWords,
  goodsWords,
  itemNamesOf,
  kindWords,
  type WhereWent,
  whereWentRows,
} from './donations-state';
import { capitalAmount, yuanText } from './money';

/**
 * A donation on A4, in Chinese: its receipt (捐赠收据, 公益事业捐赠法 第十六条), the thank-you letter
 * (感谢信), and where its goods went (捐赠去向). A voided one carries a large 作废 and why, and keeps
 * its number. On a phone the tables' lines become blocks, each cell named by its column.
 */

export interface SheetContext {
  /** The receiving organisation as printed: 皋兰县志愿服务中心. */
  organisation: string;
  storeName: (storeId: string) => string;
  foot: HTMLElement;
}

const yuan = (fen: number) => t('donations.yuan', { amount: yuanText(fen) });

function voidedMark(donation: DonationView): HTMLElement | null {
  if (donation.status !== 'voided') return null;
  return h(
    'div',
    { class: 'revoked-mark', id: 'donation-voided', role: 'note' },
    h('p', { class: 'revoked-word' }, t('donation.voided')),
    h(
      'p',
      { class: 'revoked-reason' },
      t('donation.voidedBecause', {
        reason: donation.voidReason ?? '',
        at: donation.voidedAt === undefined ? '' : formatWrittenDate(donation.voidedAt),
      }),
    ),
  );
}

const cell = (label: string, text: string, extra: Record<string, string> = {}) =>
  h('td', { 'data-label': label, ...extra }, text);

/** The goods lines with their estimated value, and the total. */
function goodsTable(donation: DonationView): HTMLElement {
  const [item, qty, unit, value] = [
    t('donation.item'),
    t('donation.qty'),
    t('donation.unitValue'),
    t('donation.value'),
  ];
  return h(
    'table',
    { class: 'sheet-table donation-goods', id: 'donation-goods' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, item),
        h('th', { scope: 'col', class: 'num' }, qty),
        h('th', { scope: 'col', class: 'num' }, unit),
        h('th', { scope: 'col', class: 'num' }, value),
      ),
    ),
    h(
      'tbody',
      null,
      donation.lines.map((line) =>
        h(
          'tr',
          { 'data-sku': line.sku },
          cell(item, line.name),
          cell(qty, formatNumber(line.qty), { class: 'num' }),
          cell(unit, yuanText(line.unitValueFen), { class: 'num' }),
          cell(value, yuanText(line.qty * line.unitValueFen), { class: 'num' }),
        ),
      ),
    ),
    h(
      'tfoot',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'row', colspan: 3 }, t('donation.total')),
        h(
          'td',
          { class: 'num', id: 'donation-total', 'data-label': t('donation.total') },
          yuanText(donation.valueFen),
        ),
      ),
    ),
  );
}

/** 捐赠收据: number, donor, date, goods or money (大写 for money), the receiving organisation. */
export function receiptSheet(donation: DonationView, context: SheetContext): HTMLElement {
  const money = donation.kind === 'money';
  return h(
    'article',
    {
      class: `certificate-sheet donation-sheet${donation.status === 'voided' ? ' revoked' : ''}`,
      id: 'donation-receipt',
      'data-status': donation.status,
    },
    voidedMark(donation),
    h('h2', { class: 'certificate-title' }, t('donation.receiptTitle')),
    h(
      'p',
      { class: 'certificate-number mono', id: 'donation-number' },
      t('donation.number', { number: donation.receiptNumber ?? '' }),
    ),
    h(
      'dl',
      { class: 'sheet-facts' },
      h('dt', null, t('donation.donor')),
      h('dd', { id: 'donation-donor' }, donorWords(donation)),
      h('dt', null, t('donation.kind')),
      h('dd', null, kindWords(donation.kind)),
      h('dt', null, t('donation.receivedOn')),
      h('dd', { id: 'donation-received-on' }, formatWrittenDate(donation.receivedOn)),
      donation.storeId === undefined
        ? null
        : [
            h('dt', null, t('donation.store')),
            h('dd', { id: 'donation-store' }, context.storeName(donation.storeId)),
          ],
      money
        ? [
            h('dt', null, t('donation.amount')),
            h('dd', { id: 'donation-amount' }, yuan(donation.valueFen)),
            h('dt', null, t('donation.capital')),
            h('dd', { id: 'donation-capital' }, capitalAmount(donation.valueFen)),
          ]
        : null,
      donation.note === undefined ? null : [h('dt', null, t('donation.note')), h('dd', null, donation.note)],
    ),
    money ? null : goodsTable(donation),
    money ? null : h('p', { class: 'hint' }, t('donation.estimated')),
    h(
      'dl',
      { class: 'sheet-facts donation-sign' },
      h('dt', null, t('donation.organisation')),
      h(
        'dd',
        { id: 'donation-organisation' },
        context.organisation,
        h('span', { class: 'stamp-space' }, t('donation.stamp')),
      ),
      h('dt', null, t('donation.handler')),
      h('dd', { class: 'blank-line' }, ''),
      h('dt', null, t('donation.issuedOn')),
      h('dd', null, formatWrittenDate(donation.recordedAt)),
    ),
    context.foot,
  );
}

/** 感谢信: a plain letter to the donor, naming the gift, the date and the receipt's number. */
export function letterSheet(donation: DonationView, context: SheetContext): HTMLElement {
  const named =
    donation.donor !== undefined && donation.donor.kind !== 'anonymous' && donation.donor.name !== undefined;
  const money = donation.kind === 'money';
  const gift = money
    ? t('donation.letter.money', {
        amount: yuanText(donation.valueFen),
        capital: capitalAmount(donation.valueFen),
      })
    : t('donation.letter.goods', { goods: goodsWords(donation.lines), amount: yuanText(donation.valueFen) });
  return h(
    'article',
    {
      class: `certificate-sheet donation-sheet letter-sheet${donation.status === 'voided' ? ' revoked' : ''}`,
      id: 'donation-letter',
      'data-status': donation.status,
    },
    voidedMark(donation),
    h('h2', { class: 'certificate-title' }, t('donation.letterTitle')),
    h(
      'p',
      { class: 'letter-greeting', id: 'letter-greeting' },
      named ? t('donation.letter.dear', { name: donorWords(donation) }) : t('donation.letter.dearAnonymous'),
    ),
    h(
      'p',
      { class: 'certificate-body', id: 'letter-body' },
      t('donation.letter.body', {
        date: formatWrittenDate(donation.receivedOn),
        organisation: context.organisation,
        gift,
      }),
    ),
    h(
      'p',
      { class: 'certificate-body' },
      money
        ? t('donation.letter.moneyUse')
        : t('donation.letter.goodsUse', {
            store: donation.storeId === undefined ? '' : context.storeName(donation.storeId),
          }),
    ),
    h('p', { class: 'certificate-body' }, t('donation.letter.thanks')),
    h(
      'div',
      { class: 'letter-sign' },
      h('p', { id: 'letter-organisation' }, context.organisation),
      h('p', null, formatWrittenDate(donation.recordedAt)),
      h('p', { class: 'hint mono' }, t('donation.number', { number: donation.receiptNumber ?? '' })),
    ),
    context.foot,
  );
}

/** The figures and the tables of where goods went, for one donation or a donor's all. */
function whereWentPart(
  report: WhereWent,
  donations: readonly DonationView[],
  context: SheetContext,
): HTMLElement[] {
  const rows = whereWentRows(report, itemNamesOf(donations), context.storeName);
  const [store, month, goods, units] = [
    t('donation.store'),
    t('donation.month'),
    t('donation.item'),
    t('donation.units'),
  ];
  return [
    h(
      'dl',
      { class: 'sheet-facts where-figures', id: 'where-figures' },
      h('dt', null, t('donation.where.received')),
      h('dd', { 'data-figure': 'received' }, t('donation.where.units', { n: formatNumber(report.received) })),
      h('dt', null, t('donation.where.redeemed')),
      h(
        'dd',
        { 'data-figure': 'redeemed' },
        t('donation.where.units', { n: formatNumber(rows.redeemedUnits) }),
      ),
      h('dt', null, t('donation.where.onShelf')),
      h(
        'dd',
        { 'data-figure': 'onShelf' },
        t('donation.where.units', { n: formatNumber(rows.onShelfUnits) }),
      ),
      h('dt', null, t('donation.where.writeoff')),
      h('dd', { 'data-figure': 'writeoff' }, t('donation.where.units', { n: formatNumber(report.writeoff) })),
      report.voided === 0
        ? null
        : [
            h('dt', null, t('donation.where.voided')),
            h(
              'dd',
              { 'data-figure': 'voided' },
              t('donation.where.units', { n: formatNumber(report.voided) }),
            ),
          ],
    ),
    h('h3', null, t('donation.where.redeemedTitle')),
    rows.redeemed.length === 0
      ? h('p', { class: 'hint', id: 'where-none-redeemed' }, t('donation.where.noneRedeemed'))
      : h(
          'table',
          { class: 'sheet-table where-table', id: 'where-redeemed' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, store),
              h('th', { scope: 'col' }, month),
              h('th', { scope: 'col' }, goods),
              h('th', { scope: 'col', class: 'num' }, units),
            ),
          ),
          h(
            'tbody',
            null,
            rows.redeemed.map((row) =>
              h(
                'tr',
                null,
                cell(store, row.store),
                cell(month, monthLabel(row.month)),
                cell(goods, row.goods),
                cell(units, formatNumber(row.units), { class: 'num' }),
              ),
            ),
          ),
        ),
    h('h3', null, t('donation.where.onShelfTitle')),
    rows.onShelf.length === 0
      ? h('p', { class: 'hint' }, t('donation.where.noneOnShelf'))
      : h(
          'table',
          { class: 'sheet-table where-table', id: 'where-on-shelf' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { scope: 'col' }, store),
              h('th', { scope: 'col' }, goods),
              h('th', { scope: 'col', class: 'num' }, units),
            ),
          ),
          h(
            'tbody',
            null,
            rows.onShelf.map((row) =>
              h(
                'tr',
                null,
                cell(store, row.store),
                cell(goods, row.goods),
                cell(units, formatNumber(row.units), { class: 'num' }),
              ),
            ),
          ),
        ),
  ];
}

/** 捐赠去向 of one donation: the gift as received, then where its goods went. */
export function donationReportSheet(
  report: WhereWent & { donation: DonationView },
  context: SheetContext,
): HTMLElement {
  const donation = report.donation;
  return h(
    'article',
    { class: 'certificate-sheet donation-sheet', id: 'donation-report', 'data-status': donation.status },
    voidedMark(donation),
    h('h2', { class: 'certificate-title' }, t('donation.reportTitle')),
    h(
      'p',
      { class: 'certificate-number mono' },
      donation.receiptNumber === undefined ? '' : t('donation.number', { number: donation.receiptNumber }),
    ),
    h(
      'p',
      { class: 'lead', id: 'report-gift' },
      t('donation.where.gift', {
        donor: donorWords(donation),
        date: formatWrittenDate(donation.receivedOn),
        goods: goodsWords(donation.lines),
      }),
    ),
    whereWentPart(report, [donation], context),
    h('p', { class: 'hint' }, t('donation.where.how')),
    context.foot,
  );
}

/** 捐赠去向 of one donor across all their donations. */
export function donorReportSheet(
  report: WhereWent & { donor: { name?: string; kind: string }; donations: readonly DonationView[] },
  context: SheetContext,
): HTMLElement {
  return h(
    'article',
    { class: 'certificate-sheet donation-sheet', id: 'donation-report' },
    h('h2', { class: 'certificate-title' }, t('donation.reportTitle')),
    h(
      'p',
      { class: 'lead', id: 'report-donor' },
      t('donation.where.donor', { donor: report.donor.name ?? t('donations.anonymous') }),
    ),
    h(
      'ul',
      { class: 'report-donations' },
      report.donations.map((donation) =>
        h(
          'li',
          { 'data-status': donation.status },
          [
            donation.receiptNumber ?? '',
            formatWrittenDate(donation.receivedOn),
            donation.kind === 'money' ? yuan(donation.valueFen) : goodsWords(donation.lines),
          ]
            .filter((part) => part !== '')
            .join(' · '),
          donation.status === 'voided'
            ? h('strong', { class: 'voided-word' }, ` ${t('donations.status.voided')}`)
            : null,
        ),
      ),
    ),
    whereWentPart(report, report.donations, context),
    h('p', { class: 'hint' }, t('donation.where.how')),
    context.foot,
  );
}
