import type { LedgerPage } from '../../../shared/ledger/contract/ledger';
import { entryFacts, entryTitle, type LedgerEntry } from '../ledger/ledger';
import { call } from '../platform/api';
import { countyFoot } from '../platform/county';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDateTime, formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { mountShell, requireRole } from '../platform/shell';

/**
 * 爱心存折: the whole passbook on paper, oldest line first like a bank passbook, with the running
 * balance. A volunteer prints their own; the office prints anyone's it may see (?volunteer=ID).
 */
const PAGE_LIMIT = 100;
/** Bounded: 5,000 lines is decades of service. */
const PAGES_MAX = 50;

async function main(): Promise<void> {
  const session = await requireRole(['volunteer', 'admin', 'coordinator'], 'passbook.title');
  if (session === undefined) return;
  const shell = mountShell('passbook.title', session);
  document.body.classList.add('large-type', 'printable');
  const asked = new URLSearchParams(location.search).get('volunteer');
  const volunteerId = session.claims.volunteerId ?? asked ?? undefined;
  if (volunteerId === undefined || volunteerId === '') {
    show(shell.main, h('p', { class: 'lead' }, t('volunteer.noVolunteer')));
    return;
  }
  show(shell.main, h('p', { class: 'loading' }, t('common.loading')));
  const base = `/volunteers/${encodeURIComponent(volunteerId)}`;
  try {
    const [profile, entries] = await Promise.all([
      call<{ name: string; id: string; externalId?: string }>('GET', base).catch(() => ({
        name: '',
        id: volunteerId,
        externalId: undefined,
      })),
      (async () => {
        const all: LedgerEntry[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < PAGES_MAX; page += 1) {
          const answer = await call<LedgerPage>('GET', `${base}/ledger`, {
            query: { limit: PAGE_LIMIT, cursor },
          });
          all.push(...answer.entries);
          if (answer.nextCursor === null) break;
          cursor = answer.nextCursor;
        }
        return all.reverse();
      })(),
    ]);
    const last = entries.at(-1);
    show(
      shell.main,
      h(
        'article',
        { class: 'passbook-sheet' },
        h('h2', { class: 'sheet-title' }, t('passbook.sheetTitle')),
        h(
          'dl',
          { class: 'sheet-facts' },
          h('dt', null, t('passbook.name')),
          h('dd', null, profile.name),
          h('dt', null, t('passbook.number')),
          h('dd', { class: 'mono' }, profile.externalId ?? volunteerId),
          h('dt', null, t('passbook.balance')),
          h('dd', null, t('unit.points', { n: formatNumber(last?.balanceAfter ?? 0) })),
          h('dt', null, t('passbook.printedAt')),
          h('dd', null, formatDateTime(new Date().toISOString())),
        ),
        h(
          'table',
          { class: 'sheet-table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', null, t('passbook.date')),
              h('th', null, t('passbook.summary')),
              h('th', { class: 'num' }, t('passbook.in')),
              h('th', { class: 'num' }, t('passbook.out')),
              h('th', { class: 'num' }, t('passbook.balanceColumn')),
            ),
          ),
          h(
            'tbody',
            null,
            entries.length === 0
              ? h('tr', null, h('td', { colspan: 5 }, t('volunteer.noEntries')))
              : entries.map((entry) =>
                  h(
                    'tr',
                    { 'data-kind': entry.kind },
                    h('td', { class: 'sheet-date' }, formatWrittenDate(entry.at)),
                    // What happened: the activity and its place with the day it was served, or
                    // the store and the goods.
                    h(
                      'td',
                      { class: 'sheet-summary' },
                      entryTitle(entry),
                      entryFacts(entry).map((fact) => [h('br'), h('span', { class: 'sheet-fact' }, fact)]),
                    ),
                    h('td', { class: 'num' }, entry.amount > 0 ? formatNumber(entry.amount) : ''),
                    h('td', { class: 'num' }, entry.amount < 0 ? formatNumber(-entry.amount) : ''),
                    h('td', { class: 'num' }, formatNumber(entry.balanceAfter)),
                  ),
                ),
          ),
        ),
        countyFoot(session),
      ),
      h(
        'div',
        { class: 'no-print actions' },
        h(
          'button',
          { type: 'button', class: 'button primary big', onclick: () => window.print() },
          t('passbook.print'),
        ),
        h(
          'a',
          {
            class: 'button big',
            href: session.claims.volunteerId === undefined ? '/office.html' : '/volunteer.html',
          },
          t('passbook.back'),
        ),
      ),
    );
  } catch (error) {
    show(shell.main, h('p', { class: 'lead' }, describeError(error)));
  }
  document.body.dataset.ready = 'true';
}

void main();
