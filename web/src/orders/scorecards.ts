import type { ScorecardRowView, Scorecards } from '../../../shared/orders/contract/scorecards';
import {
  RANKING_MIN_ORDERS,
  SCORE_WEIGHTS,
  type ScorecardGrouping,
  type ScorecardPeriod,
  UNASSIGNED_ROW,
} from '../../../shared/orders/rules/scorecards';
import { call, currentSession } from '../platform/api';
import { chinaMonth } from '../platform/clock';
import { h, show } from '../platform/dom';
import { formatNumber, type MessageKey, t } from '../platform/i18n';
import { monthPicker } from '../platform/month-picker';
import { field, type Office, sectionFrame, showFailure } from '../platform/office';
import { problemFromResponse } from '../platform/problem';
import { barChart } from '../reports/charts';

/**
 * 六单考核: per team or per town, for a month, a quarter or a year: the orders' figures as a table
 * and bars, the ranking the county picks 优秀志愿服务项目 from, and the same as CSV or Excel.
 */
interface Choice {
  period: ScorecardPeriod;
  value: string;
  by: ScorecardGrouping;
}

const COLUMNS: readonly { key: MessageKey; value: (row: ScorecardRowView) => string }[] = [
  { key: 'office.scorecards.col.received', value: (row) => formatNumber(row.received) },
  { key: 'office.scorecards.col.accepted', value: (row) => formatNumber(row.accepted) },
  { key: 'office.scorecards.col.returned', value: (row) => formatNumber(row.returnedOrders) },
  { key: 'office.scorecards.col.overdue', value: (row) => formatNumber(row.overdue) },
  { key: 'office.scorecards.col.closed', value: (row) => formatNumber(row.closed) },
  { key: 'office.scorecards.col.toAccept', value: (row) => maybe(row.medianHoursToAccept) },
  { key: 'office.scorecards.col.toFinish', value: (row) => maybe(row.medianHoursToFinish) },
  {
    key: 'office.scorecards.col.completion',
    value: (row) =>
      row.completionRate === null ? '—' : `${formatNumber(Math.round(row.completionRate * 1000) / 10)}%`,
  },
  { key: 'office.scorecards.col.rating', value: (row) => maybe(row.averageRating) },
  { key: 'office.scorecards.col.complaints', value: (row) => formatNumber(row.complaints) },
  { key: 'office.scorecards.col.hours', value: (row) => formatNumber(row.volunteerHours) },
  { key: 'office.scorecards.col.points', value: (row) => formatNumber(row.pointsIssued) },
];

const maybe = (value: number | null): string => (value === null ? '—' : formatNumber(value));

const nameOf = (row: ScorecardRowView, by: ScorecardGrouping): string =>
  row.orgId === UNASSIGNED_ROW
    ? t(by === 'team' ? 'office.scorecards.unassignedTeam' : 'office.scorecards.unassignedTown')
    : row.name;

export function renderScorecards(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.scorecards.title', 'office.scorecards.lead');
  const month = chinaMonth();
  const year = month.slice(0, 4);
  const select = (id: string, options: [string, MessageKey | string][], selected: string) =>
    h(
      'select',
      { id },
      options.map(([value, label]) =>
        h(
          'option',
          { value, selected: value === selected },
          label.startsWith('office.') ? t(label as MessageKey) : label,
        ),
      ),
    );
  const period = select(
    'scorecards-period',
    [
      ['month', 'office.scorecards.month'],
      ['quarter', 'office.scorecards.quarter'],
      ['year', 'office.scorecards.year'],
    ],
    'month',
  );
  const by = select(
    'scorecards-by',
    [
      ['team', 'office.scorecards.byTeam'],
      ['town', 'office.scorecards.byTown'],
    ],
    'team',
  );
  const monthInput = monthPicker({ id: 'scorecards-month', value: month, max: month });
  const yearInput = h('input', {
    type: 'number',
    id: 'scorecards-year',
    value: year,
    min: '2020',
    max: year,
    step: '1',
    inputmode: 'numeric',
  });
  const quarterInput = select(
    'scorecards-quarter',
    ['1', '2', '3', '4'].map((n) => [n, `Q${n}`]),
    String(Math.ceil(Number(month.slice(5)) / 3)),
  );
  const valueFields = h('span', { class: 'inline-form' });
  const result = h('div', { class: 'report' });

  const choice = (): Choice | undefined => {
    const chosen = period.value as ScorecardPeriod;
    const value =
      chosen === 'month'
        ? monthInput.value
        : chosen === 'quarter'
          ? `${yearInput.value}-Q${quarterInput.value}`
          : yearInput.value;
    const valid = chosen === 'month' ? /^\d{4}-\d{2}$/ : chosen === 'quarter' ? /^\d{4}-Q[1-4]$/ : /^\d{4}$/;
    return valid.test(value) ? { period: chosen, value, by: by.value as ScorecardGrouping } : undefined;
  };
  const showValueFields = () => {
    const chosen = period.value as ScorecardPeriod;
    show(
      valueFields,
      chosen === 'month'
        ? field(t('office.scorecards.month'), monthInput)
        : field(t('office.scorecards.year'), yearInput),
      chosen === 'quarter' ? field(t('office.scorecards.quarter'), quarterInput) : null,
    );
  };
  const reload = () => {
    const chosen = choice();
    if (chosen !== undefined) void load(chosen, result);
  };
  period.addEventListener('change', () => {
    showValueFields();
    reload();
  });
  for (const control of [by, monthInput, yearInput, quarterInput]) control.addEventListener('change', reload);
  const download = (format: 'csv' | 'xlsx', label: MessageKey) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        onclick: () => {
          const chosen = choice();
          if (chosen !== undefined) void downloadFile(office, chosen, format);
        },
      },
      t(label),
    );
  showValueFields();
  show(
    body,
    h(
      'div',
      { class: 'inline-form' },
      field(t('office.scorecards.period'), period),
      valueFields,
      field(t('office.scorecards.by'), by),
      download('csv', 'office.scorecards.csv'),
      download('xlsx', 'office.scorecards.xlsx'),
    ),
    result,
  );
  reload();
  return root;
}

async function load(choice: Choice, result: HTMLElement): Promise<void> {
  show(result, h('p', { class: 'loading' }, t('common.loading')));
  let card: Scorecards;
  try {
    card = await call<Scorecards>('GET', '/scorecards', { query: { ...choice } });
  } catch (error) {
    showFailure(result, error);
    return;
  }
  if (card.rows.length === 0) {
    show(result, h('p', { class: 'hint' }, t('office.scorecards.nothing')));
    return;
  }
  const excellent = new Set(card.ranking.filter((entry) => entry.excellent).map((entry) => entry.orgId));
  const rowCells = (row: ScorecardRowView, total = false) =>
    h(
      'tr',
      total ? { class: 'total' } : null,
      h(
        total ? 'th' : 'td',
        null,
        total ? t('office.scorecards.total') : nameOf(row, choice.by),
        excellent.has(row.orgId) ? h('span', { class: 'badge' }, t('office.scorecards.excellent')) : null,
      ),
      COLUMNS.map((column) => h('td', { class: 'num' }, column.value(row))),
    );
  const named = card.rows.filter((row) => row.orgId !== UNASSIGNED_ROW);
  show(
    result,
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, t(choice.by === 'team' ? 'office.scorecards.byTeam' : 'office.scorecards.byTown')),
            COLUMNS.map((column) => h('th', { class: 'num' }, t(column.key))),
          ),
        ),
        h(
          'tbody',
          null,
          card.rows.map((row) => rowCells(row)),
        ),
        h('tfoot', null, rowCells(card.total, true)),
      ),
    ),
    named.length === 0
      ? null
      : barChart(
          named.map((row) => ({ label: row.name, value: row.received })),
          t('office.scorecards.chartReceived'),
          t('office.scorecards.ordersUnit'),
        ),
    h('h3', null, t('office.scorecards.ranking')),
    h(
      'p',
      { class: 'hint' },
      t('office.scorecards.rankingHint', {
        completion: SCORE_WEIGHTS.completion,
        rating: SCORE_WEIGHTS.rating,
        timeliness: SCORE_WEIGHTS.timeliness,
        complaints: SCORE_WEIGHTS.complaintPenalty,
        n: RANKING_MIN_ORDERS,
      }),
    ),
    card.ranking.length === 0
      ? h('p', { class: 'hint' }, t('office.scorecards.noRanking', { n: RANKING_MIN_ORDERS }))
      : [
          h(
            'ol',
            { class: 'ranking' },
            card.ranking.map((entry) =>
              h(
                'li',
                null,
                `${entry.name} · ${t('office.scorecards.score', { n: formatNumber(entry.score) })}`,
                entry.excellent ? h('span', { class: 'badge' }, t('office.scorecards.excellent')) : null,
              ),
            ),
          ),
          barChart(
            card.ranking.map((entry) => ({ label: entry.name, value: entry.score })),
            t('office.scorecards.chartScore'),
            t('office.scorecards.scoreUnit'),
          ),
        ],
  );
}

/** The CSV or the workbook, saved by the browser under the name the API gives it. */
async function downloadFile(office: Office, choice: Choice, format: 'csv' | 'xlsx'): Promise<void> {
  try {
    const session = await currentSession();
    if (session === undefined) throw new Error('not signed in');
    const query = new URLSearchParams({ ...choice, format }).toString();
    const response = await fetch(`${session.apiBase}/scorecards/export?${query}`, {
      headers: { authorization: `Bearer ${session.token}` },
      cache: 'no-store',
    });
    if (!response.ok) throw await problemFromResponse(response);
    // The CSV carries its byte-order mark (Excel reads UTF-8 Chinese only with it); the XLSX is binary.
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `aixin-scorecards-${choice.by}-${choice.value}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    office.onError(error);
  }
}
