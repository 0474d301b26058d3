import type { FinanceView } from '../../../shared/donations/contract/donations';
import type { MonthlyReportResponse, StarCounts, Trend } from '../../../shared/reports/contract/reports';
import { yuanText } from '../donations/money';
import { call } from '../platform/api';
import { chinaMonth } from '../platform/clock';
import { h, show } from '../platform/dom';
import { formatDateTime, formatNumber, t } from '../platform/i18n';
import { monthPicker } from '../platform/month-picker';
import { field, type Office, sectionFrame, showFailure } from '../platform/office';
import { barChart } from './charts';
import { type FinanceLine, financeLines, financeTotal } from './finance';

/** 月报: a month's hours and points, by town and by store, as bars and as a CSV for Excel. */
type MonthlyReport = MonthlyReportResponse;

export function renderReport(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.report.title');
  const month = monthPicker({ id: 'report-month', value: chinaMonth(), max: chinaMonth() });
  const result = h('div', { class: 'report' });
  const download = h(
    'button',
    { type: 'button', class: 'button', onclick: () => void downloadCsv(office, month.value) },
    t('office.report.csv'),
  );
  month.addEventListener('change', () => void load(office, month.value, result));
  show(body, h('div', { class: 'inline-form' }, field(t('office.report.month'), month), download), result);
  void load(office, month.value, result);
  return root;
}

async function load(office: Office, month: string, result: HTMLElement): Promise<void> {
  if (!/^\d{4}-\d{2}$/.test(month)) return;
  show(result, h('p', { class: 'loading' }, t('common.loading')));
  let report: MonthlyReport;
  try {
    report = await call('GET', '/reports/monthly', { query: { month } });
  } catch (error) {
    showFailure(result, error);
    return;
  }
  const storeNames = new Map(
    (await office.stores().catch(() => [])).map((store) => [store.storeId, store.name]),
  );
  const towns = report.byOrg.filter((org) => org.level === 'town');
  const trendBlock = h('div', { id: 'report-trend' });
  void loadTrend(month, trendBlock);
  const starsBlock = h('div', { id: 'report-stars' });
  void loadStars(starsBlock);
  const financeBlock = h('div', { id: 'report-finance' });
  void loadFinance(month, financeBlock, (storeId) => storeNames.get(storeId) ?? storeId);
  const figure = (label: string, value: string) =>
    h(
      'div',
      { class: 'figure' },
      h('span', { class: 'figure-label' }, label),
      h('strong', { class: 'figure-value' }, value),
    );
  show(
    result,
    report.final ? null : h('p', { class: 'hint' }, t('office.report.notFinal')),
    // Two clocks: hours by the day served (as the draw), points by the day posted.
    h(
      'p',
      { class: 'hint', id: 'report-basis' },
      t('office.report.basis', { asOf: formatDateTime(report.hoursAsOf ?? report.generatedAt) }),
    ),
    h(
      'div',
      { class: 'figures' },
      figure(t('office.report.hours'), formatNumber(report.hours)),
      figure(t('office.report.issued'), formatNumber(report.pointsIssued)),
      figure(t('office.report.redeemed'), formatNumber(report.pointsRedeemed)),
      figure(t('office.report.prizes'), formatNumber(report.prizePoints)),
    ),
    trendBlock,
    starsBlock,
    h('h3', null, t('office.report.byTown')),
    towns.length === 0
      ? h('p', { class: 'hint' }, t('office.report.nothing'))
      : barChart(
          towns.map((town) => ({ label: town.name, value: town.pointsIssued })),
          t('office.report.byTown'),
          t('office.report.pointsUnit'),
        ),
    towns.length === 0 ? null : h('h3', { id: 'report-hours-title' }, t('office.report.hoursByTown')),
    towns.length === 0
      ? null
      : barChart(
          towns.map((town) => ({ label: town.name, value: town.hours })),
          t('office.report.hoursByTown'),
          t('office.report.hoursUnit'),
        ),
    h('h3', null, t('office.report.byStore')),
    report.byStore.length === 0
      ? h('p', { class: 'hint' }, t('office.report.nothing'))
      : barChart(
          report.byStore.map((store) => ({
            label: storeNames.get(store.storeId) ?? store.storeId,
            value: store.pointsRedeemed,
          })),
          t('office.report.byStore'),
          t('office.report.pointsUnit'),
        ),
    financeBlock,
  );
}

/** 财务视图: what the month's points bought, in yuan, per store and in all (GET /reports/goods-redeemed). */
async function loadFinance(month: string, block: HTMLElement, nameOf: (storeId: string) => string) {
  let view: FinanceView;
  try {
    view = await call('GET', '/reports/goods-redeemed', { query: { month } });
  } catch (error) {
    showFailure(block, error);
    return;
  }
  const lines = financeLines(view, nameOf);
  const total = financeTotal(lines);
  const yuan = (fen: number) => `¥${yuanText(fen)}`;
  const row = (name: string, line: Omit<FinanceLine, 'storeId' | 'name'>, header = false) =>
    h(
      'tr',
      null,
      h(header ? 'th' : 'td', header ? { scope: 'row' } : null, name),
      h('td', { class: 'num' }, formatNumber(line.points)),
      h('td', { class: 'num' }, yuan(line.valueFen)),
      h('td', { class: 'num' }, yuan(line.estimatedFen)),
      h('td', { class: 'num' }, formatNumber(line.unvaluedUnits)),
      h('td', { class: 'num' }, line.per100 === undefined ? '—' : `¥${line.per100}`),
    );
  show(
    block,
    h('h3', null, t('office.report.finance')),
    h(
      'p',
      { id: 'finance-sentence' },
      total.points === 0
        ? t('office.report.financeNone')
        : t('office.report.financeSentence', {
            points: formatNumber(total.points),
            value: yuan(total.valueFen + total.estimatedFen),
            estimated: yuan(total.estimatedFen),
          }),
    ),
    total.unvaluedUnits === 0
      ? null
      : h(
          'p',
          { class: 'hint' },
          t('office.report.financeUnvalued', { n: formatNumber(total.unvaluedUnits) }),
        ),
    lines.length === 0
      ? null
      : h(
          'div',
          null,
          h(
            'table',
            { class: 'table', id: 'finance-table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ...(
                  [
                    'office.report.financeStore',
                    'office.report.financePoints',
                    'office.report.financeValue',
                    'office.report.financeEstimated',
                    'office.report.financeUnvaluedUnits',
                    'office.report.financePer100',
                  ] as const
                ).map((key) => h('th', { scope: 'col' }, t(key))),
              ),
            ),
            h(
              'tbody',
              null,
              ...lines.map((line) => row(line.name, line, true)),
              row(t('office.report.financeTotal'), total, true),
            ),
          ),
        ),
  );
}

async function downloadCsv(office: Office, month: string): Promise<void> {
  try {
    const text = await call<string>('GET', '/reports/monthly', {
      query: { month, format: 'csv' },
      text: true,
    });
    // Excel reads UTF-8 Chinese correctly only with the byte-order mark.
    const blob = new Blob([text.startsWith('\uFEFF') ? text : `\uFEFF${text}`], {
      type: 'text/csv;charset=utf-8',
    });
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `aixin-report-${month}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    office.onError(error);
  }
}

/** 星级志愿者: the county's volunteers at each star level now (not the month's: stars are for life). */
async function loadStars(block: HTMLElement): Promise<void> {
  let stars: StarCounts;
  try {
    stars = await call('GET', '/reports/stars');
  } catch (error) {
    showFailure(block, error);
    return;
  }
  show(
    block,
    h('h3', null, t('office.report.stars')),
    h('p', { class: 'hint' }, t('office.report.starsNote')),
    barChart(
      stars.levels.map((level) => ({ label: level.label, value: level.volunteers })),
      t('office.report.stars'),
      t('office.report.peopleUnit'),
    ),
  );
}

/** 趋势: the six months up to the one shown, side by side, as bars (each month its own report). */
async function loadTrend(to: string, block: HTMLElement): Promise<void> {
  let trend: Trend;
  try {
    trend = await call('GET', '/reports/trend', { query: { to, months: '6' } });
  } catch (error) {
    showFailure(block, error);
    return;
  }
  const label = (month: string) => {
    const [year = '', number = ''] = month.split('-');
    return t('office.report.monthLabel', { year, month: String(Number(number)) });
  };
  const bars = (value: (month: Trend['months'][number]) => number) =>
    trend.months.map((month) => ({ label: label(month.month), value: value(month) }));
  show(
    block,
    h('h3', null, t('office.report.trend')),
    h('h4', null, t('office.report.trendHours')),
    barChart(
      bars((month) => month.hours),
      t('office.report.trendHours'),
      t('office.report.hoursUnit'),
    ),
    h('h4', null, t('office.report.trendIssued')),
    barChart(
      bars((month) => month.pointsIssued),
      t('office.report.trendIssued'),
      t('office.report.pointsUnit'),
    ),
    h('h4', null, t('office.report.trendRedeemed')),
    barChart(
      bars((month) => month.pointsRedeemed),
      t('office.report.trendRedeemed'),
      t('office.report.pointsUnit'),
    ),
  );
}
