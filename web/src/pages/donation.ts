import {
  donationReportSheet,
  donorReportSheet,
  letterSheet,
  receiptSheet,
  type SheetContext,
} from '../donations/donation-sheet';
import type { DonationView, WhereWent } from '../donations/donations-state';
import { call } from '../platform/api';
import { countyFoot, countyName } from '../platform/county';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { t } from '../platform/i18n';
import type { Store } from '../platform/office';
import { mountShell, requireRole } from '../platform/shell';

/**
 * A donation to print on A4, for the county office: its receipt (`?id=…&view=receipt`), its
 * thank-you letter (`view=letter`) or where its goods went (`view=report`); or one donor's report
 * across their donations (`?donor=…`). A voided one prints marked 作废.
 */
type View = 'receipt' | 'letter' | 'report';

async function main(): Promise<void> {
  const query = new URLSearchParams(location.search);
  const id = query.get('id') ?? '';
  const donor = query.get('donor') ?? '';
  const asked = query.get('view');
  const view: View = donor !== '' ? 'report' : asked === 'letter' || asked === 'report' ? asked : 'receipt';
  const session = await requireRole(['admin'], `donation.view.${view}`);
  if (session === undefined) return;
  const shell = mountShell(`donation.view.${view}`, session);
  document.body.classList.add('large-type', 'printable');
  const back = h('a', { class: 'button big', href: '/office.html#donations' }, t('donation.back'));
  if (id === '' && donor === '') {
    show(shell.main, h('p', { class: 'lead' }, t('donation.none')), back);
    document.body.dataset.ready = 'true';
    return;
  }
  show(shell.main, h('p', { class: 'loading' }, t('common.loading')));
  try {
    const [stores, county] = await Promise.all([
      call<{ stores: Store[] }>('GET', '/stores')
        .then((answer) => answer.stores)
        .catch(() => [] as Store[]),
      countyName(session),
    ]);
    const context: SheetContext = {
      organisation:
        county === undefined ? t('donation.organisationPlain') : t('donation.organisationOf', { county }),
      storeName: (storeId) => stores.find((store) => store.storeId === storeId)?.name ?? storeId,
      foot: countyFoot(session),
    };
    let sheet: HTMLElement;
    let views: HTMLElement | null = null;
    if (donor !== '') {
      const report = await call<
        WhereWent & { donor: { name?: string; kind: string }; donations: DonationView[] }
      >('GET', `/donors/${encodeURIComponent(donor)}/report`);
      sheet = donorReportSheet(report, context);
    } else if (view === 'report') {
      const report = await call<WhereWent & { donation: DonationView }>(
        'GET',
        `/donations/${encodeURIComponent(id)}/report`,
      );
      sheet = donationReportSheet(report, context);
      views = viewLinks(id, view, report.donation);
    } else {
      const donation = await call<DonationView>('GET', `/donations/${encodeURIComponent(id)}`);
      if (donation.receiptNumber === undefined) {
        show(shell.main, h('p', { class: 'lead', id: 'donation-none' }, t('donation.noReceipt')), back);
        document.body.dataset.ready = 'true';
        return;
      }
      sheet = view === 'letter' ? letterSheet(donation, context) : receiptSheet(donation, context);
      views = viewLinks(id, view, donation);
    }
    show(
      shell.main,
      views,
      sheet,
      h(
        'div',
        { class: 'no-print actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'button primary big',
            id: 'donation-print',
            onclick: () => window.print(),
          },
          t('donation.print'),
        ),
        back,
      ),
    );
  } catch (error) {
    show(shell.main, h('p', { class: 'lead', id: 'donation-none' }, describeError(error)), back);
  }
  document.body.dataset.ready = 'true';
}

/** 收据 · 感谢信 · 捐赠去向: the other papers of the same record. */
function viewLinks(id: string, current: View, donation: DonationView): HTMLElement {
  const offered: View[] =
    donation.kind === 'purchase'
      ? ['report']
      : donation.kind === 'money'
        ? ['receipt', 'letter']
        : ['receipt', 'letter', 'report'];
  return h(
    'nav',
    { class: 'no-print view-links', 'aria-label': t('donation.views') },
    offered.map((one) =>
      h(
        'a',
        {
          class: one === current ? 'button active' : 'button',
          href: `/donation.html?id=${encodeURIComponent(id)}&view=${one}`,
          'aria-current': one === current ? 'page' : undefined,
        },
        t(`donation.view.${one}`),
      ),
    ),
  );
}

void main();
