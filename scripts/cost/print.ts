/**
 * The report as text for a terminal, as the Markdown section docs/deploy.md carries, or as JSON.
 * Formatting only: every figure comes from report.ts.
 */
import type { Bill, BillLine } from './bill';
import { FREE_TIERS, NEW_ACCOUNT_CREDITS, PRICES, type PriceId, type UnitPrice } from './prices';
import type { Report } from './report';
import type { Scale } from './workloads';

export const usd = (value: number): string =>
  value > 0 && value < 0.005
    ? '<$0.01'
    : `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** A quantity: whole numbers with separators, small ones with up to three significant decimals. */
export function quantity(value: number): string {
  if (value === 0) return '0';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A unit for a quantity: `1 key-month`, `3 key-months`, `0.2 GB` (GB takes no s). */
export const unitFor = (unit: string, count: number): string =>
  count === 1 || unit === 'GB' ? unit : `${unit}s`;

/** `$0.10 per alarm metric-month`, `$0.625 per 1,000,000 write request units`. */
export function unitPrice(price: UnitPrice): string {
  const amount = `$${price.usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 10 })}`;
  return price.per === 1
    ? `${amount} per ${price.unit}`
    : `${amount} per ${price.per.toLocaleString('en-US')} ${unitFor(price.unit, price.per)}`;
}

const BASIS_MARK: Record<BillLine['basis'], string> = {
  template: 'counted in the template',
  measured: 'measured',
  seed: 'from the seed',
  estimated: 'estimated',
};

/** Price ids in the order the bill first uses them, for the numbered source list. */
function priceOrder(bill: Bill): PriceId[] {
  return [...new Set(bill.lines.map((entry) => entry.priceId))];
}

const sourceTag = (order: readonly PriceId[], id: PriceId): string => `[P${order.indexOf(id) + 1}]`;

function header(report: Report): string {
  const dates = [...new Set(report.measured.map((figure) => figure.measuredOn))].sort().join(', ');
  return (
    `Prod stage, as synthesized from infra/ (${report.summary.stacks.length} stacks, nested ones included); ` +
    `us-east-1 list prices in USD read ${report.pricesRead}; DynamoDB units per operation measured by npm run bench on ${dates || 'no date (bench/measured-units.json is missing)'}.`
  );
}

// ---------------------------------------------------------------------------------------------
// Terminal

function textBill(report: Report, scale: Scale): string[] {
  const bill = report.bills[scale];
  const out = [
    `Monthly bill for ${bill.label}`,
    header(report),
    '',
    `No free tier counted: ${usd(bill.total)} a month (steady state: a year of data, both key rotations billed, logs at full retention).`,
    '',
  ];
  for (const entry of bill.lines) {
    out.push(
      `${entry.service}, ${entry.what}: ${quantity(entry.quantity)} ${unitFor(entry.unit, entry.quantity)} → ${usd(entry.usd)}  [${entry.kind}; ${BASIS_MARK[entry.basis]}]`,
      `    ${entry.derivation}`,
      `    ${unitPrice(entry.price)}: ${entry.price.sources[0].url} (read ${entry.price.sources[0].read}, ${entry.price.sources[0].evidence})${entry.price.unverified === undefined ? '' : `; UNVERIFIED: ${entry.price.unverified}`}`,
    );
  }
  out.push('', ...firstYearText(bill), '', ...findingsText(report));
  return out;
}

function firstYearText(bill: Bill): string[] {
  return [
    `First year: ${usd(bill.firstYear.withFreeTiers)} for the twelve months with the always-free and 12-month free tiers (${usd(bill.firstYear.withFreeTiers / 12)} a month on average); ${usd(bill.firstYear.alwaysFreeOnly)} with the always-free ones only; ${usd(bill.firstYear.noFreeTier)} with none.`,
    `KMS keys and rotations: ${usd(bill.kms.yearOne)} a month in year 1, ${usd(bill.kms.steadyState)} from year 3 on.`,
    'Free tiers used (month 12):',
    ...bill.firstYear.freeTiersUsed.map((tier) => `  ${tier.name} (${tier.kind}): saves ${usd(tier.usd)}`),
    NEW_ACCOUNT_CREDITS.says,
  ];
}

function findingsText(report: Report): string[] {
  return [
    ...(report.findings.length === 0
      ? ['Template findings: none.']
      : ['Template findings:', ...report.findings.map((text) => `  ${text}`)]),
    'Prices no source settled:',
    ...report.unverifiedPrices.map((price) => `  ${price.what}: ${price.reason}`),
  ];
}

/** All three scales side by side, line by line. */
function textScales(report: Report): string[] {
  const { county, city, province } = report.bills;
  const width = Math.max(...county.lines.map((entry) => `${entry.service}, ${entry.what}`.length));
  const row = (label: string, values: string[], kind: string) =>
    `${label.padEnd(width)}  ${values.map((value) => value.padStart(10)).join('  ')}  ${kind}`;
  return [
    header(report),
    '',
    row('', ['county', 'city', 'province'], ''),
    ...county.lines.map((entry, index) =>
      row(
        `${entry.service}, ${entry.what}`,
        [entry.usd, city.lines[index]?.usd ?? 0, province.lines[index]?.usd ?? 0].map(usd),
        entry.kind,
      ),
    ),
    row('Total a month, no free tier', [county.total, city.total, province.total].map(usd), ''),
    row(
      'First year, free tiers counted',
      [county, city, province].map((bill) => usd(bill.firstYear.withFreeTiers)),
      '',
    ),
    '',
    ...findingsText(report),
  ];
}

export function text(report: Report, scale: Scale | 'all'): string {
  return `${(scale === 'all' ? textScales(report) : textBill(report, scale)).join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Markdown (the section of docs/deploy.md between the cost markers)

const cell = (value: string): string => value.replaceAll('|', '/').replaceAll('\n', ' ');
const tableRow = (cells: readonly string[]): string => `| ${cells.map(cell).join(' | ')} |`;
const table = (
  head: readonly string[],
  align: readonly ('l' | 'r')[],
  rows: readonly string[][],
): string[] => [
  tableRow(head),
  `| ${align.map((side) => (side === 'r' ? '---:' : '---')).join(' | ')} |`,
  ...rows.map(tableRow),
];

function markdownBill(report: Report, order: readonly PriceId[]): string[] {
  const bill = report.bills.county;
  return table(
    ['item', 'quantity a month', 'derivation', 'unit price', 'source', 'USD/month'],
    ['l', 'r', 'l', 'l', 'l', 'r'],
    [
      ...bill.lines.map((entry) => [
        `${entry.service}: ${entry.what}`,
        `${quantity(entry.quantity)} ${unitFor(entry.unit, entry.quantity)}`,
        `${entry.derivation} (${BASIS_MARK[entry.basis]})`,
        unitPrice(entry.price),
        sourceTag(order, entry.priceId),
        usd(entry.usd),
      ]),
      ['**Total, no free tier**', '', '', '', '', `**${usd(bill.total)}**`],
    ],
  );
}

function markdownFirstYear(report: Report): string[] {
  const bill = report.bills.county;
  return [
    `**First year with the free tiers: ${usd(bill.firstYear.withFreeTiers)}** for the twelve months (${usd(bill.firstYear.withFreeTiers / 12)} a month on average), against ${usd(bill.firstYear.noFreeTier)} with none; ${usd(bill.firstYear.alwaysFreeOnly)} with the always-free tiers only. The first year is cheaper than the steady state also because the table is young, the logs are not yet at full retention and no key has rotated (KMS: ${usd(bill.kms.yearOne)} a month in year 1, ${usd(bill.kms.steadyState)} from year 3 on). ${NEW_ACCOUNT_CREDITS.says} [F]`,
    '',
    ...table(
      ['free tier (month 12 of the first year)', 'kind', 'saves USD/month'],
      ['l', 'l', 'r'],
      bill.firstYear.freeTiersUsed.map((tier) => [tier.name, tier.kind, usd(tier.usd)]),
    ),
  ];
}

function markdownScales(report: Report): string[] {
  const { county, city, province } = report.bills;
  return table(
    ['item', 'kind', 'county', 'city', 'province'],
    ['l', 'l', 'r', 'r', 'r'],
    [
      ...county.lines
        .map((entry, index) => ({
          entry,
          values: [entry.usd, city.lines[index]?.usd ?? 0, province.lines[index]?.usd ?? 0],
        }))
        .filter(({ values }) => values.some((value) => value >= 0.005))
        .map(({ entry, values }) => [`${entry.service}: ${entry.what}`, entry.kind, ...values.map(usd)]),
      [
        '**Total a month, no free tier**',
        '',
        ...[county.total, city.total, province.total].map((value) => `**${usd(value)}**`),
      ],
      [
        'First year with free tiers',
        '',
        ...[county, city, province].map((bill) => usd(bill.firstYear.withFreeTiers)),
      ],
    ],
  );
}

function markdownWorkload(report: Report): string[] {
  const workload = report.workloads.county;
  return table(
    ['activity', 'a month', 'API requests', 'DynamoDB work', 'why'],
    ['l', 'r', 'r', 'l', 'l'],
    workload.activities.map((activity) => [
      activity.what,
      quantity(activity.perMonth.value),
      quantity(activity.perMonth.value * activity.apiRequests),
      `${activity.operation}${report.measured.some((figure) => figure.operation === activity.operation) ? ' (measured)' : ''}`,
      `${activity.perMonth.why} (${activity.perMonth.basis})`,
    ]),
  );
}

function markdownCounts(report: Report): string[] {
  const s = report.summary;
  const byRole = (role: string) => s.functions.filter((fn) => fn.role === role);
  const memory = (role: string) =>
    [...new Set(byRole(role).map((fn) => `${fn.memoryMb} MB ${fn.architecture}`))].join(', ');
  return table(
    ['resource', 'in the prod templates'],
    ['l', 'l'],
    [
      [
        'alarms',
        `${s.alarms.length}, watching ${s.alarms.reduce((n, alarm) => n + alarm.metrics, 0)} metrics`,
      ],
      ['dashboards', `${s.dashboards.length}`],
      ['KMS keys', `${s.kmsKeys.length} (${s.kmsKeys.filter((key) => key.rotates).length} rotating)`],
      ['Secrets Manager secrets', `${s.secrets.length}`],
      [
        'SSM parameters',
        `${s.parameters.length} (${s.parameters.filter((p) => p.tier !== 'Standard').length} advanced)`,
      ],
      [
        'route functions',
        `${byRole('route').length} (${memory('route')}), ${byRole('route').filter((fn) => fn.tracing).length} traced`,
      ],
      ['job functions', `${byRole('job').length} (${memory('job')})`],
      ['stream functions', `${byRole('stream').length} (${memory('stream')})`],
      ['deployment-time functions', `${byRole('deployment').length}`],
      [
        'log groups',
        `${s.logGroups.length}, retention ${[...new Set(s.logGroups.map((g) => g.retentionDays ?? 'none'))].join('/')} days`,
      ],
      [
        'backup rules',
        s.backupRules
          .map(
            (rule) =>
              `${rule.schedule}, ${rule.deleteAfterDays ?? 'never'} days: ${rule.copiesKept} copies kept`,
          )
          .join('; ') || 'none',
      ],
      [
        'tables',
        s.tables
          .map(
            (t) =>
              `${t.onDemand ? 'on-demand' : 'provisioned'}, PITR ${t.pointInTimeRecovery ? 'on' : 'off'}, ${t.indexes} indexes, stream ${t.stream ?? 'off'}`,
          )
          .join('; '),
      ],
      ['SQS queues', s.queues.map((q) => q.encryption).join(', ') || 'none'],
      ['SNS topics', `${s.topics.length}${s.topics.some((t) => t.encrypted) ? ' (a key of ours)' : ''}`],
      ['Cognito user pools', `${s.userPools.length}`],
      ['CloudFront distributions, S3 buckets', `${s.distributions.length}, ${s.buckets.length}`],
      ['schedules', s.schedules.map((schedule) => schedule.expression).join(', ')],
    ],
  );
}

function markdownSources(order: readonly PriceId[]): string[] {
  const lines = order.map((id, index) => {
    const price: UnitPrice = PRICES[id];
    const sources = price.sources.map(
      (source) => `${source.url} (${source.evidence}, read ${source.read}: "${source.says}")`,
    );
    const unverified = price.unverified === undefined ? '' : ` **Unverified:** ${price.unverified}.`;
    return `- [P${index + 1}] ${price.what}: ${sources.join('; ')}.${unverified}`;
  });
  const tiers = Object.values(FREE_TIERS).map(
    (tier) =>
      `- ${tier.name} (${tier.kind}): ${tier.sources.map((source) => `${source.url} (${source.evidence}, read ${source.read})`).join('; ')}.`,
  );
  return [
    ...lines,
    `- [F] ${NEW_ACCOUNT_CREDITS.sources.map((source) => `${source.url} (${source.evidence}, read ${source.read})`).join('; ')}.`,
    '',
    'Free tiers:',
    '',
    ...tiers,
  ];
}

export function markdown(report: Report): string {
  const bill = report.bills.county;
  const order = priceOrder(bill);
  const measured = report.measured.map(
    (figure) =>
      `${figure.operation} ${figure.writeUnits} write and ${figure.readUnits} read units (${figure.measuredOn})`,
  );
  return [
    `_Generated by \`npm run cost -- --markdown\` (scripts/cost); edit the code, not this section._ ${header(report)} Each figure says whether it was counted in the template, measured, taken from the seed report or estimated (scripts/cost/workloads.ts argues every estimate).`,
    '',
    `**${usd(bill.total)} a month for ${bill.label}, no free tier counted** (steady state: a year of data, both key rotations billed, logs at full retention).`,
    '',
    ...markdownBill(report, order),
    '',
    ...markdownFirstYear(report),
    '',
    '**What the templates hold** (read by scripts/cost/template.ts):',
    '',
    ...markdownCounts(report),
    '',
    `**The county's month** (bench/measured-units.json: ${measured.join('; ')}):`,
    '',
    ...markdownWorkload(report),
    '',
    '**County, city, province** (`npm run cost -- --scale all`; lines under half a cent everywhere left out): fixed lines are the same at every scale, usage lines grow with the volunteers.',
    '',
    ...markdownScales(report),
    '',
    ...(report.findings.length === 0
      ? [
          'Template findings: none (every log group has a retention; no Cognito user pool; no high-resolution alarm).',
        ]
      : ['Template findings:', '', ...report.findings.map((finding) => `- ${finding}`)]),
    '',
    'Sources (price, page, how it was checked, date read):',
    '',
    ...markdownSources(order),
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON

export function json(report: Report, scale: Scale | 'all'): string {
  const scales = scale === 'all' ? (['county', 'city', 'province'] as const) : [scale];
  return `${JSON.stringify(
    {
      stage: report.stage,
      region: 'us-east-1',
      currency: 'USD',
      pricesRead: report.pricesRead,
      measuredUnits: report.measured,
      template: report.summary,
      findings: report.findings,
      unverifiedPrices: report.unverifiedPrices,
      newAccountCredits: NEW_ACCOUNT_CREDITS,
      bills: scales.map((name) => ({
        ...report.bills[name],
        lines: report.bills[name].lines.map(({ price, ...entry }) => ({ ...entry, unitPrice: price })),
        workload: report.workloads[name],
      })),
    },
    null,
    2,
  )}\n`;
}

// ---------------------------------------------------------------------------------------------
// The section in docs/deploy.md

export const COST_BEGIN = '<!-- cost:begin -->';
export const COST_END = '<!-- cost:end -->';

/** The text between the cost markers of a document, or undefined when the markers are missing. */
export function costSection(document: string): string | undefined {
  const begin = document.indexOf(COST_BEGIN);
  const end = document.indexOf(COST_END);
  if (begin < 0 || end < begin) return undefined;
  return document.slice(begin + COST_BEGIN.length, end);
}

/**
 * Markdown as Biome leaves it, made comparable with what `--markdown` prints: table cells without
 * their padding, separator rows without their run of dashes, emphasis with one marker, blank lines
 * collapsed. The repository's formatter pads tables; the words and numbers must stay the same.
 */
export function normalizeMarkdown(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.trimEnd())
    .map((line) =>
      line.startsWith('|')
        ? line
            .split('|')
            .map((cell) => cell.trim())
            .map((cell) => (/^:?-+:?$/.test(cell) ? cell.replace(/-+/, '---') : cell))
            .join('|')
        : line,
    )
    .map((line) => line.replace(/(^|[^\w*])\*([^*\s][^*]*?)\*(?![\w*])/g, '$1_$2_'))
    .join('\n')
    .replace(/\n{2,}/g, '\n\n')
    .trim();
}
