/**
 * The monthly bill: template counts × workload × unit prices, line by line. Pure: it takes the
 * template summary (template.ts), a workload (workloads.ts), the units per operation (measured by
 * the bench or estimated), the custom metrics the code publishes and the price book, and returns
 * numbers; nothing here reads a file or the clock.
 */
import {
  costAt,
  FREE_TIERS,
  type FreeTierId,
  type FreeTierKind,
  PRICES,
  type PriceId,
  type UnitPrice,
} from './prices';
import { DAYS_PER_MONTH, type FunctionSummary, type TemplateSummary } from './template';
import {
  type Activity,
  type Basis,
  ESTIMATED_UNITS,
  type MeasuredOperation,
  type OperationId,
  type OperationUnits,
  tableBytesAt,
  type Window,
  type Workload,
} from './workloads';

export const GB = 1024 ** 3;
export const HOURS_PER_MONTH = DAYS_PER_MONTH * 24;

/** The custom metrics the functions publish (shared/platform/metrics.ts, CUSTOM_METRICS). */
export interface CustomMetric {
  name: string;
  dimensions: readonly string[];
  published: 'per-request' | 'when-nonzero' | 'daily';
}

/** Units per measured operation, as bench/measured-units.json holds them. */
export type MeasuredUnits = Partial<Record<MeasuredOperation, OperationUnits & { measuredOn?: string }>>;

/**
 * The month the bill is for: how many months of data the table holds, how old the keys are (each
 * rotation of the first two adds to a key's price), how many months of logs are kept.
 */
export interface Moment {
  dataMonths: number;
  keyAgeMonths: number;
  logMonths: number;
}

/** The figure that must stay under US$5: a year of data, both key rotations billed, logs at full retention. */
export const STEADY_STATE: Moment = {
  dataMonths: 12,
  keyAgeMonths: Number.POSITIVE_INFINITY,
  logMonths: Number.POSITIVE_INFINITY,
};

/** Month `m` (1 to 12) of the first year: the table, the keys and the logs are `m - 1` months old as it starts. */
export const monthOfFirstYear = (month: number): Moment => ({
  dataMonths: month,
  keyAgeMonths: month - 1,
  logMonths: month,
});

export type LineKind = 'fixed' | 'usage';

export interface BillLine {
  id: string;
  service: string;
  what: string;
  /** Fixed lines come from the template alone; usage lines grow with the workload. */
  kind: LineKind;
  quantity: number;
  unit: string;
  /** How the quantity was reached, with its figures. */
  derivation: string;
  /** `template` when counted in the template; otherwise the weakest basis among the figures used. */
  basis: Basis | 'template';
  priceId: PriceId;
  price: UnitPrice;
  /** Dollars a month, no free tier counted. */
  usd: number;
  freeTier?: FreeTierId;
}

const sum = (values: readonly number[]): number => values.reduce((total, value) => total + value, 0);
const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
const weakest = (bases: readonly Basis[]): Basis =>
  bases.includes('estimated') ? 'estimated' : bases.includes('measured') ? 'measured' : 'seed';

function line(fields: Omit<BillLine, 'usd' | 'price'>): BillLine {
  const price: UnitPrice = PRICES[fields.priceId];
  return { ...fields, price, usd: costAt(price, fields.quantity) };
}

// ---------------------------------------------------------------------------------------------
// Units per operation

/** An operation's units: the bench's measurement where there is one, else the estimate. */
export function unitsOf(operation: OperationId, measured: MeasuredUnits): OperationUnits {
  if (operation in ESTIMATED_UNITS) return ESTIMATED_UNITS[operation as keyof typeof ESTIMATED_UNITS];
  const figure = measured[operation as MeasuredOperation];
  if (figure === undefined) {
    throw new Error(`bench/measured-units.json has no ${operation}: run npm run bench (see bench/README.md)`);
  }
  return figure;
}

/**
 * A redemption of `lines` lines: the 1-line measurement plus, per extra line, the 5-line
 * measurement's difference over its four extra lines (a stock item each).
 */
export function redemptionUnits(lines: number, measured: MeasuredUnits): OperationUnits {
  const one = unitsOf('redeem1Line', measured);
  const five = unitsOf('redeem5Lines', measured);
  const extra = Math.max(0, lines - 1) / 4;
  return {
    writeUnits: one.writeUnits + extra * (five.writeUnits - one.writeUnits),
    readUnits: one.readUnits + extra * (five.readUnits - one.readUnits),
    basis: 'measured',
    why: `${one.writeUnits} + (${lines} - 1) × (${five.writeUnits} - ${one.writeUnits}) / 4 write units`,
  };
}

function activityUnits(activity: Activity, measured: MeasuredUnits): OperationUnits {
  return activity.lines !== undefined && activity.operation === 'redeem1Line'
    ? redemptionUnits(activity.lines, measured)
    : unitsOf(activity.operation, measured);
}

// ---------------------------------------------------------------------------------------------
// What the workload asks of each service

interface JobUse {
  name: string;
  runs: number;
  seconds: number;
  memoryGb: number;
  architecture: FunctionSummary['architecture'];
  tracing: boolean;
  readUnits: number;
  writeUnits: number;
  basis: Basis;
}

const perMonth = (activity: Activity) => activity.perMonth.value;

/** The jobs the template schedules, with what each run costs at this workload. */
function jobsOf(summary: TemplateSummary, workload: Workload): JobUse[] {
  return summary.functions
    .filter((fn) => fn.role === 'job')
    .map((fn) => {
      const runs = sum(
        summary.schedules.filter((schedule) => schedule.target === fn.id).map((s) => s.runsPerMonth),
      );
      const known = workload.jobs[fn.name];
      return {
        name: fn.name,
        runs,
        // A job the workload does not know is counted at the timeout-free guess of 60 s, reads none.
        seconds: known?.seconds.value ?? 60,
        memoryGb: fn.memoryMb / 1024,
        architecture: fn.architecture,
        tracing: fn.tracing,
        readUnits: known?.readUnits.value ?? 0,
        writeUnits: known?.writeUnits.value ?? 0,
        basis: 'estimated',
      };
    });
}

const routeFunctions = (summary: TemplateSummary) => summary.functions.filter((fn) => fn.role === 'route');
const streamFunctions = (summary: TemplateSummary) => summary.functions.filter((fn) => fn.role === 'stream');

/** The most common value of a list (the first on a tie); `fallback` for an empty one. */
function mode<T>(values: readonly T[], fallback: T): T {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? fallback;
}

export interface Usage {
  apiRequests: number;
  movements: number;
  writeUnits: number;
  readUnits: number;
  writeDerivation: string;
  readDerivation: string;
  unitBasis: Basis;
  jobs: JobUse[];
}

/** DynamoDB units and API requests a month, from the activities and the jobs. */
export function usageOf(summary: TemplateSummary, workload: Workload, measured: MeasuredUnits): Usage {
  const jobs = jobsOf(summary, workload);
  const apiRequests = sum(workload.activities.map((activity) => perMonth(activity) * activity.apiRequests));
  const movements = sum(
    workload.activities.map((activity) => perMonth(activity) * (activity.movements ?? 0)),
  );
  const parts = workload.activities.map((activity) => ({
    activity,
    units: activityUnits(activity, measured),
  }));
  const projected = unitsOf('projectedMovement', measured);
  const streamed =
    streamFunctions(summary).length > 0 && summary.tables.some((table) => table.stream !== undefined);
  const projectorWrites = streamed ? movements * projected.writeUnits : 0;
  const writeUnits =
    sum(parts.map(({ activity, units }) => perMonth(activity) * units.writeUnits)) +
    projectorWrites +
    sum(jobs.map((job) => job.runs * job.writeUnits));
  const readUnits =
    sum(parts.map(({ activity, units }) => perMonth(activity) * units.readUnits)) +
    sum(jobs.map((job) => job.runs * job.readUnits));
  const describe = (pick: (units: OperationUnits) => number) =>
    parts
      .filter(({ activity, units }) => perMonth(activity) * pick(units) >= 1)
      .sort((a, b) => perMonth(b.activity) * pick(b.units) - perMonth(a.activity) * pick(a.units))
      .slice(0, 5)
      .map(
        ({ activity, units }) =>
          `${activity.what} ${fmt(perMonth(activity))} × ${fmt(pick(units), 3)}${units.basis === 'measured' ? ' (measured)' : ''}`,
      )
      .join(' + ');
  const jobReads = jobs
    .filter((job) => job.readUnits > 0)
    .map((job) => `${job.name} ${fmt(job.runs, 1)} runs × ${fmt(job.readUnits)}`)
    .join(' + ');
  return {
    apiRequests,
    movements,
    writeUnits,
    readUnits,
    writeDerivation: `${describe((units) => units.writeUnits)} + the rest of ${workload.activities.length} activities${
      streamed ? `; stream projector ${fmt(movements)} movements × ${projected.writeUnits}` : ''
    }`,
    readDerivation: `${describe((units) => units.readUnits)} + the rest${jobReads === '' ? '' : `; ${jobReads} (nightly scan of the table)`}`,
    unitBasis: weakest(parts.map(({ units }) => units.basis)),
    jobs,
  };
}

// ---------------------------------------------------------------------------------------------
// Custom metrics: billed by the hours they receive data

const WINDOW_HOURS = (workload: Workload): Record<Window, number> => ({
  day: workload.dayHours.value * DAYS_PER_MONTH,
  store: workload.storeHoursPerMonth.value,
  office: workload.officeHoursPerMonth.value,
});

/**
 * Hours of a month in which at least one of `events` falls, when they arrive at random within
 * `windowHours`: each hour sees none with probability e^(-events / windowHours).
 */
export const activeHours = (events: number, windowHours: number): number =>
  windowHours <= 0 ? 0 : windowHours * (1 - Math.exp(-events / windowHours));

export function metricHours(metric: CustomMetric, workload: Workload, apiRequests: number): number {
  const windows = WINDOW_HOURS(workload);
  if (metric.published === 'daily') return DAYS_PER_MONTH;
  const known = workload.metricEvents[metric.name];
  if (known !== undefined) return activeHours(known.perMonth, windows[known.window]);
  // Per request, or a metric the workload does not know: every hour that sees requests.
  return activeHours(apiRequests, windows.day);
}

// ---------------------------------------------------------------------------------------------
// The bill

/** Rotations billed for a key of `ageMonths`: one per period passed, the first two only. */
export function billedRotations(rotationPeriodDays: number, ageMonths: number): number {
  if (!Number.isFinite(ageMonths)) return 2;
  return Math.min(2, Math.floor((ageMonths * DAYS_PER_MONTH) / rotationPeriodDays));
}

export interface BillInput {
  summary: TemplateSummary;
  workload: Workload;
  measured: MeasuredUnits;
  customMetrics: readonly CustomMetric[];
  moment: Moment;
}

export function billLines(input: BillInput): BillLine[] {
  const { summary, workload, measured, customMetrics, moment } = input;
  const usage = usageOf(summary, workload, measured);
  return [
    ...fixedLines(summary, moment),
    ...monitoringLines(summary, workload, customMetrics, usage),
    ...dataLines(summary, workload, usage, moment),
    ...computeLines(summary, workload, usage),
    ...requestLines(summary, workload, usage, moment),
  ];
}

function fixedLines(summary: TemplateSummary, moment: Moment): BillLine[] {
  const rotating = summary.kmsKeys.filter((key) => key.rotates);
  const rotations = sum(rotating.map((key) => billedRotations(key.rotationPeriodDays, moment.keyAgeMonths)));
  const periods = [...new Set(rotating.map((key) => key.rotationPeriodDays))].join('/');
  const advanced = summary.parameters.filter((parameter) => parameter.tier !== 'Standard');
  const standard = summary.parameters.length - advanced.length;
  return [
    line({
      id: 'kms.keys',
      service: 'KMS',
      what: 'customer managed keys',
      kind: 'fixed',
      quantity: summary.kmsKeys.length,
      unit: 'key-month',
      derivation: `${summary.kmsKeys.length} AWS::KMS::Key${summary.kmsKeys.length === 0 ? '' : ` (${summary.kmsKeys.map((key) => `${key.id} ${key.spec}`).join(', ')})`}`,
      basis: 'template',
      priceId: 'kmsKey',
    }),
    line({
      id: 'kms.rotations',
      service: 'KMS',
      what: 'key rotations (the first two of each key)',
      kind: 'fixed',
      quantity: rotations,
      unit: 'rotation-month',
      derivation:
        rotating.length === 0
          ? 'no key rotates'
          : `${rotating.length} keys with EnableKeyRotation, every ${periods} days: ${
              Number.isFinite(moment.keyAgeMonths)
                ? `${fmt(moment.keyAgeMonths)} months old`
                : 'steady state (year 3 on)'
            }, ${rotations} rotations billed; year 1: 0, year 2: ${rotating.length}, then ${2 * rotating.length}`,
      basis: 'template',
      priceId: 'kmsRotation',
    }),
    line({
      id: 'secrets.secrets',
      service: 'Secrets Manager',
      what: 'secrets',
      kind: 'fixed',
      quantity: summary.secrets.length,
      unit: 'secret-month',
      derivation: `${summary.secrets.length} AWS::SecretsManager::Secret (${summary.secrets.map((secret) => secret.id).join(', ') || 'none'})`,
      basis: 'template',
      priceId: 'secretsManagerSecret',
    }),
    line({
      id: 'ssm.advanced',
      service: 'SSM Parameter Store',
      what: 'advanced parameters',
      kind: 'fixed',
      quantity: advanced.length,
      unit: 'parameter-month',
      derivation: `${advanced.length} advanced, ${standard} standard parameters (${summary.parameters.filter((parameter) => parameter.custom).length} written by a custom resource); standard ones cost nothing`,
      basis: 'template',
      priceId: 'ssmAdvancedParameter',
    }),
  ];
}

function monitoringLines(
  summary: TemplateSummary,
  workload: Workload,
  customMetrics: readonly CustomMetric[],
  usage: Usage,
): BillLine[] {
  const alarmMetrics = sum(summary.alarms.map((alarm) => alarm.metrics));
  const math = summary.alarms.filter((alarm) => alarm.math);
  const hours = customMetrics.map((metric) => ({
    metric,
    hours: metricHours(metric, workload, usage.apiRequests),
  }));
  const metricMonths = sum(hours.map(({ hours: value }) => value)) / HOURS_PER_MONTH;
  const dashboardsFree = summary.dashboards.every((dashboard) => dashboard.metrics <= 50);
  return [
    line({
      id: 'cloudwatch.alarms',
      service: 'CloudWatch',
      what: 'alarm metrics (standard resolution)',
      kind: 'fixed',
      quantity: alarmMetrics,
      unit: 'alarm metric-month',
      derivation: `${summary.alarms.length} AWS::CloudWatch::Alarm: ${summary.alarms.length - math.length} on one metric, ${math.length} metric-math alarms watching ${sum(math.map((alarm) => alarm.metrics))} metrics`,
      basis: 'template',
      priceId: 'cloudwatchAlarmMetric',
      freeTier: 'cloudwatchAlarms',
    }),
    line({
      id: 'cloudwatch.customMetrics',
      service: 'CloudWatch',
      what: 'custom metrics, prorated by the hours they receive data',
      kind: 'usage',
      quantity: metricMonths,
      unit: 'metric-month',
      derivation: `${customMetrics.length} metrics (CUSTOM_METRICS, one dimension set each): ${hours
        .map(({ metric, hours: value }) => `${metric.name} ${fmt(value)} h`)
        .join(
          ', ',
        )} of ${fmt(HOURS_PER_MONTH)} h (hours with data: every hour with a request, or with an event at the window's rate; daily metrics one hour a day)`,
      basis: 'estimated',
      priceId: 'cloudwatchCustomMetric',
      freeTier: 'cloudwatchMetrics',
    }),
    line({
      id: 'cloudwatch.dashboards',
      service: 'CloudWatch',
      what: 'dashboards',
      kind: 'fixed',
      quantity: summary.dashboards.length,
      unit: 'dashboard-month',
      derivation: `${summary.dashboards.length} AWS::CloudWatch::Dashboard (${summary.dashboards.map((dashboard) => `${dashboard.metrics} metrics`).join(', ') || 'none'})${dashboardsFree ? '' : '; over 50 metrics, outside the free tier'}`,
      basis: 'template',
      priceId: 'cloudwatchDashboard',
      ...(dashboardsFree ? { freeTier: 'cloudwatchDashboards' as const } : {}),
    }),
  ];
}

function dataLines(summary: TemplateSummary, workload: Workload, usage: Usage, moment: Moment): BillLine[] {
  const tableGb = tableBytesAt(workload, moment.dataMonths) / GB;
  const pitrTables = summary.tables.filter((table) => table.pointInTimeRecovery);
  const copies = sum(summary.backupRules.map((rule) => rule.copiesKept));
  const rules = summary.backupRules.map(
    (rule) =>
      `${rule.rule || rule.id} ${rule.schedule} kept ${rule.deleteAfterDays ?? 'forever'} days: ${rule.copiesKept} copies`,
  );
  const tableDerivation = `the table after ${fmt(moment.dataMonths)} months: ${fmt(workload.baseTableBytes.value / 1e6)} MB to start + ${fmt(workload.tableGrowthBytesPerMonth.value / 1e6, 1)} MB a month = ${fmt(tableGb, 3)} GB`;
  return [
    line({
      id: 'dynamodb.writes',
      service: 'DynamoDB',
      what: 'on-demand write request units',
      kind: 'usage',
      quantity: usage.writeUnits,
      unit: 'write request unit',
      derivation: usage.writeDerivation,
      basis: usage.unitBasis === 'measured' ? 'measured' : 'estimated',
      priceId: 'dynamodbWrite',
    }),
    line({
      id: 'dynamodb.reads',
      service: 'DynamoDB',
      what: 'on-demand read request units',
      kind: 'usage',
      quantity: usage.readUnits,
      unit: 'read request unit',
      derivation: usage.readDerivation,
      basis: 'estimated',
      priceId: 'dynamodbRead',
    }),
    line({
      id: 'dynamodb.storage',
      service: 'DynamoDB',
      what: 'storage (table and indexes)',
      kind: 'usage',
      quantity: tableGb * summary.tables.length,
      unit: 'GB-month',
      derivation: `${summary.tables.length} table; ${tableDerivation}`,
      basis: 'estimated',
      priceId: 'dynamodbStorage',
      freeTier: 'dynamodbStorage',
    }),
    line({
      id: 'dynamodb.pitr',
      service: 'DynamoDB',
      what: 'point-in-time recovery',
      kind: 'usage',
      quantity: tableGb * pitrTables.length,
      unit: 'GB-month',
      derivation: `${pitrTables.length} table with PointInTimeRecoveryEnabled × ${fmt(tableGb, 3)} GB`,
      basis: 'estimated',
      priceId: 'dynamodbPitr',
    }),
    line({
      id: 'dynamodb.streams',
      service: 'DynamoDB',
      what: 'stream reads by the Lambda projector',
      kind: 'usage',
      quantity: workload.projectorInvocations.value * streamFunctions(summary).length,
      unit: 'GetRecords call',
      derivation: `${streamFunctions(summary).length} stream event source, about one GetRecords per batch (${fmt(workload.projectorInvocations.value)} batches): free when Lambda reads`,
      basis: 'estimated',
      priceId: 'dynamodbStreamReadByLambda',
    }),
    line({
      id: 'backup.storage',
      service: 'AWS Backup',
      what: 'DynamoDB recovery points (warm)',
      kind: 'usage',
      quantity: copies * tableGb,
      unit: 'GB-month',
      derivation: `${rules.join('; ') || 'no backup rule'}; each a full copy of ${fmt(tableGb, 3)} GB`,
      basis: 'estimated',
      priceId: 'backupDynamodbWarm',
    }),
    line({
      id: 's3.storage',
      service: 'S3',
      what: 'the web pages (Standard)',
      kind: 'fixed',
      quantity: summary.buckets.length > 0 ? workload.siteBytes.value / GB : 0,
      unit: 'GB-month',
      derivation: `${summary.buckets.length} AWS::S3::Bucket; the built pages, ${fmt(workload.siteBytes.value / 1e6, 1)} MB`,
      basis: 'template',
      priceId: 's3Storage',
      freeTier: 's3Storage',
    }),
  ];
}

function computeLines(summary: TemplateSummary, workload: Workload, usage: Usage): BillLine[] {
  const routes = routeFunctions(summary);
  const streams = streamFunctions(summary);
  const routeMemoryGb =
    mode(
      routes.map((fn) => fn.memoryMb),
      1024,
    ) / 1024;
  const routeArch = mode(
    routes.map((fn) => fn.architecture),
    'arm64' as const,
  );
  const streamMemoryGb =
    mode(
      streams.map((fn) => fn.memoryMb),
      512,
    ) / 1024;
  const streamArch = mode(
    streams.map((fn) => fn.architecture),
    'arm64' as const,
  );
  const projectorInvocations = streams.length > 0 ? workload.projectorInvocations.value : 0;
  const deploymentRuns =
    workload.deployments.value * summary.functions.filter((fn) => fn.role === 'deployment').length;
  const parts = [
    {
      name: 'routes',
      arch: routeArch,
      gbSeconds: (usage.apiRequests * workload.routeMilliseconds.value * routeMemoryGb) / 1000,
    },
    {
      name: 'projector',
      arch: streamArch,
      gbSeconds: (projectorInvocations * workload.projectorMilliseconds.value * streamMemoryGb) / 1000,
    },
    ...usage.jobs.map((job) => ({
      name: job.name,
      arch: job.architecture,
      gbSeconds: job.runs * job.seconds * job.memoryGb,
    })),
  ];
  const byArch = (arch: FunctionSummary['architecture']) => parts.filter((part) => part.arch === arch);
  const invocations =
    usage.apiRequests + projectorInvocations + sum(usage.jobs.map((job) => job.runs)) + deploymentRuns;
  const traced =
    (routes.length === 0
      ? 0
      : (usage.apiRequests * routes.filter((fn) => fn.tracing).length) / routes.length) +
    (streams.some((fn) => fn.tracing) ? projectorInvocations : 0) +
    sum(usage.jobs.filter((job) => job.tracing).map((job) => job.runs));
  const computeLine = (arch: FunctionSummary['architecture']) =>
    line({
      id: `lambda.compute.${arch}`,
      service: 'Lambda',
      what: `duration, ${arch === 'arm64' ? 'Arm' : 'x86'}`,
      kind: 'usage',
      quantity: sum(byArch(arch).map((part) => part.gbSeconds)),
      unit: 'GB-second',
      derivation:
        byArch(arch)
          .map((part) =>
            part.name === 'routes'
              ? `${fmt(usage.apiRequests)} requests × ${workload.routeMilliseconds.value} ms × ${routeMemoryGb} GB`
              : part.name === 'projector'
                ? `projector ${fmt(projectorInvocations)} batches × ${workload.projectorMilliseconds.value} ms × ${streamMemoryGb} GB`
                : `${part.name} ${fmt(part.gbSeconds)} GB-s`,
          )
          .join(' + ') || 'none',
      basis: 'estimated',
      priceId: arch === 'arm64' ? 'lambdaArmGbSecond' : 'lambdaX86GbSecond',
      freeTier: 'lambdaCompute',
    });
  return [
    line({
      id: 'lambda.requests',
      service: 'Lambda',
      what: 'requests',
      kind: 'usage',
      quantity: invocations,
      unit: 'request',
      derivation: `${fmt(usage.apiRequests)} API requests to ${routes.length} route functions + ${fmt(projectorInvocations)} projector batches + ${fmt(sum(usage.jobs.map((job) => job.runs)), 1)} job runs + ${fmt(deploymentRuns)} deployment runs`,
      basis: 'estimated',
      priceId: 'lambdaRequests',
      freeTier: 'lambdaRequests',
    }),
    computeLine('arm64'),
    ...(byArch('x86_64').length > 0 ? [computeLine('x86_64')] : []),
    line({
      id: 'xray.traces',
      service: 'X-Ray',
      what: 'traces recorded',
      kind: 'usage',
      quantity: traced,
      unit: 'trace',
      derivation: `${routes.filter((fn) => fn.tracing).length} of ${routes.length} route functions, ${streams.filter((fn) => fn.tracing).length} stream and ${usage.jobs.filter((job) => job.tracing).length} job functions with TracingConfig Active; every invocation sampled at this rate (the default rule keeps one a second)`,
      basis: 'estimated',
      priceId: 'xrayTraces',
      freeTier: 'xrayTraces',
    }),
  ];
}

/**
 * Reads of secrets or parameters: a function re-reads a value when 5 minutes have passed since it
 * last did, so a route function reads once per 5-minute window of the day in which it runs, on
 * each warm instance; a job reads once per run.
 */
function keyReads(
  summary: TemplateSummary,
  workload: Workload,
  usage: Usage,
  count: (fn: FunctionSummary) => number,
): { reads: number; derivation: string } {
  const values = sum(routeFunctions(summary).map(count));
  const windows = workload.dayHours.value * DAYS_PER_MONTH * 12;
  const perValue = windows * workload.secretWindowShare.value * workload.concurrentInstances.value;
  const jobReads = sum(
    summary.functions
      .filter((fn) => fn.role === 'job')
      .map((fn) => count(fn) * sum(usage.jobs.filter((job) => job.name === fn.name).map((job) => job.runs))),
  );
  return {
    reads: values * perValue + jobReads,
    derivation: `${values} values held by route functions × ${fmt(windows)} five-minute windows of the day × ${workload.secretWindowShare.value} with traffic × ${workload.concurrentInstances.value} instances${jobReads > 0 ? ` + ${fmt(jobReads)} by jobs` : ''}`,
  };
}

function requestLines(
  summary: TemplateSummary,
  workload: Workload,
  usage: Usage,
  moment: Moment,
): BillLine[] {
  const invocations = usage.apiRequests + workload.projectorInvocations.value;
  const accessLogged = summary.httpApis.length > 0 ? usage.apiRequests : 0;
  const ingestGb =
    (invocations * workload.logBytesPerInvocation.value + accessLogged * workload.accessLogBytes.value) / GB;
  const retentions = summary.logGroups.map((group) => group.retentionDays);
  const longest = Math.max(0, ...retentions.map((days) => days ?? 730));
  const monthsKept = Math.min(moment.logMonths, longest / DAYS_PER_MONTH);
  const encryptedTable = summary.tables.some((table) => table.customerManagedKey);
  const activityKms = (pick: (activity: Activity) => number) =>
    sum(workload.activities.map((activity) => perMonth(activity) * pick(activity)));
  const symmetricKey = summary.kmsKeys.some((key) => key.spec === 'SYMMETRIC_DEFAULT');
  const asymmetricKey = summary.kmsKeys.some(
    (key) => key.spec.startsWith('RSA') || key.spec.startsWith('ECC'),
  );
  const idNumberRequests = symmetricKey ? activityKms((activity) => activity.kms?.symmetric ?? 0) : 0;
  const secretReads = keyReads(summary, workload, usage, (fn) => fn.readsSecrets);
  const parameterReads = keyReads(summary, workload, usage, (fn) => fn.readsParameters);
  const parameterReaders = summary.functions.filter((fn) => fn.readsParameters > 0).length;
  const symmetric =
    (encryptedTable ? workload.tableKeyRequests.value : 0) +
    idNumberRequests +
    parameterReads.reads +
    (summary.topics.some((topic) => topic.encrypted) ? 2 * workload.alarmEmails.value : 0);
  const sign = asymmetricKey
    ? activityKms((activity) => activity.kms?.sign ?? 0) + workload.publicKeyReads.value
    : 0;
  const stray = workload.strayRequests.value / 2;
  const pageRequests = workload.pageViews.value * workload.requestsPerPageView.value;
  const cloudfront = summary.distributions.length > 0;
  const emailSubscribers = Math.max(1, sum(summary.topics.map((topic) => topic.emailSubscriptions)));
  const scheduled = sum(summary.schedules.map((schedule) => schedule.runsPerMonth));
  return [
    line({
      id: 'apigateway.requests',
      service: 'API Gateway',
      what: 'HTTP API requests',
      kind: 'usage',
      quantity: summary.httpApis.length > 0 ? usage.apiRequests : 0,
      unit: 'request',
      derivation: `${workload.activities.length} activities of the workload (table above), ${fmt(usage.apiRequests)} requests`,
      basis: 'estimated',
      priceId: 'apiGatewayHttp',
      freeTier: 'apiGatewayHttp',
    }),
    line({
      id: 'logs.ingestion',
      service: 'CloudWatch Logs',
      what: 'ingestion',
      kind: 'usage',
      quantity: ingestGb,
      unit: 'GB',
      derivation: `${fmt(invocations)} invocations × ${fmt(workload.logBytesPerInvocation.value)} B + ${fmt(accessLogged)} access-log lines × ${workload.accessLogBytes.value} B`,
      basis: 'estimated',
      priceId: 'logsIngestion',
      freeTier: 'cloudwatchLogs',
    }),
    line({
      id: 'logs.storage',
      service: 'CloudWatch Logs',
      what: 'storage',
      kind: 'usage',
      quantity: ingestGb * monthsKept,
      unit: 'GB-month',
      derivation: `${summary.logGroups.length} log groups, retention ${[...new Set(retentions.map((days) => days ?? 'none'))].join('/')} days: ${fmt(monthsKept, 1)} months of ${fmt(ingestGb, 3)} GB kept (uncompressed, an upper bound)`,
      basis: 'estimated',
      priceId: 'logsStorage',
      freeTier: 'cloudwatchLogs',
    }),
    line({
      id: 'kms.requests.symmetric',
      service: 'KMS',
      what: 'symmetric requests (AWS managed keys included)',
      kind: 'usage',
      quantity: symmetric,
      unit: 'request',
      derivation: [
        encryptedTable
          ? `the table's customer key, refreshed by DynamoDB: ${fmt(workload.tableKeyRequests.value)}`
          : 'the table uses no key of ours',
        symmetricKey
          ? `ID numbers sealed and opened: ${fmt(idNumberRequests)}`
          : 'ID numbers use no KMS key (no symmetric key in the template)',
        `a Decrypt with the aws/ssm key per SecureString parameter read: ${fmt(parameterReads.reads)}`,
      ].join('; '),
      basis: 'estimated',
      priceId: 'kmsSymmetricRequests',
      freeTier: 'kmsSymmetricRequests',
    }),
    line({
      id: 'kms.requests.asymmetric',
      service: 'KMS',
      what: 'asymmetric requests (Sign, GetPublicKey)',
      kind: 'usage',
      quantity: sign,
      unit: 'request',
      derivation: asymmetricKey
        ? `a kms:Sign per token issued: ${fmt(activityKms((activity) => activity.kms?.sign ?? 0))} + ${fmt(workload.publicKeyReads.value)} GetPublicKey; no free tier`
        : 'no asymmetric KMS key in the template: tokens are signed without KMS',
      basis: 'estimated',
      priceId: 'kmsAsymmetricRequests',
    }),
    line({
      id: 'secrets.api',
      service: 'Secrets Manager',
      what: 'GetSecretValue calls',
      kind: 'usage',
      quantity: summary.secrets.length > 0 ? secretReads.reads : 0,
      unit: 'call',
      derivation: secretReads.derivation,
      basis: 'estimated',
      priceId: 'secretsManagerApi',
    }),
    line({
      id: 'ssm.api',
      service: 'SSM Parameter Store',
      what: 'GetParameter calls (standard throughput)',
      kind: 'usage',
      quantity: parameterReads.reads,
      unit: 'call',
      derivation: `${parameterReaders} functions read parameters; ${parameterReads.derivation}`,
      basis: 'estimated',
      priceId: 'ssmStandardApi',
    }),
    line({
      id: 'cloudfront.requests',
      service: 'CloudFront',
      what: 'HTTPS requests',
      kind: 'usage',
      quantity: cloudfront ? pageRequests + usage.apiRequests + stray : 0,
      unit: 'request',
      derivation: `${fmt(workload.pageViews.value)} page views × ${workload.requestsPerPageView.value} + ${fmt(usage.apiRequests)} API requests (same origin, /v1) + ${fmt(stray)} stray`,
      basis: 'estimated',
      priceId: 'cloudfrontHttpsRequests',
      freeTier: 'cloudfrontRequests',
    }),
    line({
      id: 'cloudfront.dataOut',
      service: 'CloudFront',
      what: 'data out',
      kind: 'usage',
      quantity: cloudfront
        ? (workload.pageViews.value * workload.bytesPerPageView.value + usage.apiRequests * 2_000) / GB
        : 0,
      unit: 'GB',
      derivation: `${fmt(workload.pageViews.value)} page views × ${fmt(workload.bytesPerPageView.value / 1000)} KB + ${fmt(usage.apiRequests)} API answers × 2 KB`,
      basis: 'estimated',
      priceId: 'cloudfrontDataOut',
      freeTier: 'cloudfrontDataOut',
    }),
    line({
      id: 's3.get',
      service: 'S3',
      what: 'GET requests (CloudFront revalidating no-cache pages)',
      kind: 'usage',
      quantity: summary.buckets.length > 0 ? workload.pageViews.value * 2 + stray : 0,
      unit: 'request',
      derivation: `${fmt(workload.pageViews.value)} page views × 2 (the page and /config.json) + ${fmt(stray)} stray paths`,
      basis: 'estimated',
      priceId: 's3GetRequests',
    }),
    line({
      id: 's3.put',
      service: 'S3',
      what: 'PUT and LIST requests (deployments)',
      kind: 'fixed',
      quantity: summary.buckets.length > 0 ? workload.deployments.value * 60 : 0,
      unit: 'request',
      derivation: `${workload.deployments.value} deployments × about 60 files and listings`,
      basis: 'estimated',
      priceId: 's3PutRequests',
    }),
    line({
      id: 'sqs.requests',
      service: 'SQS',
      what: 'requests',
      kind: 'fixed',
      quantity: summary.queues.length * 10,
      unit: 'request',
      derivation: `${summary.queues.length} queue (${summary.queues.map((queue) => `${queue.id}: ${queue.encryption}`).join(', ') || 'none'}): a dead-letter queue, empty unless the projector fails; a few messages and reads`,
      basis: 'estimated',
      priceId: 'sqsRequests',
      freeTier: 'sqsRequests',
    }),
    line({
      id: 'sns.email',
      service: 'SNS',
      what: 'alarm emails',
      kind: 'fixed',
      quantity: summary.topics.length > 0 ? workload.alarmEmails.value * emailSubscribers : 0,
      unit: 'email',
      derivation: `${summary.topics.length} topic; ${workload.alarmEmails.value} alarm emails × ${emailSubscribers} subscriber`,
      basis: 'estimated',
      priceId: 'snsEmail',
      freeTier: 'snsEmail',
    }),
    line({
      id: 'scheduler.invocations',
      service: 'EventBridge Scheduler',
      what: 'schedule invocations',
      kind: 'fixed',
      quantity: scheduled,
      unit: 'invocation',
      derivation: `${summary.schedules.length} schedules: ${summary.schedules.map((schedule) => `${schedule.expression} (${fmt(schedule.runsPerMonth, 1)} a month)`).join(', ')}`,
      basis: 'template',
      priceId: 'schedulerInvocations',
      freeTier: 'schedulerInvocations',
    }),
  ];
}

// ---------------------------------------------------------------------------------------------
// Free tiers and totals

export interface FreedLine extends BillLine {
  /** Dollars after the free tiers applied. */
  usdAfterFree: number;
}

/**
 * Applies the free tiers of the given kinds: each allowance is used up line by line in bill order
 * (CloudWatch Logs' 5 GB serves ingestion first, then storage; Lambda's GB-seconds serve Arm first).
 */
export function applyFreeTiers(lines: readonly BillLine[], kinds: readonly FreeTierKind[]): FreedLine[] {
  const left = new Map<FreeTierId, number>();
  return lines.map((entry) => {
    const tierId = entry.freeTier;
    if (tierId === undefined || !kinds.includes(FREE_TIERS[tierId].kind))
      return { ...entry, usdAfterFree: entry.usd };
    const allowance = left.get(tierId) ?? FREE_TIERS[tierId].allowance;
    const free = Math.min(allowance, entry.quantity);
    left.set(tierId, allowance - free);
    return { ...entry, usdAfterFree: costAt(entry.price, entry.quantity - free) };
  });
}

export const totalOf = (lines: readonly { usd: number }[]): number => sum(lines.map((entry) => entry.usd));
export const totalAfterFree = (lines: readonly FreedLine[]): number =>
  sum(lines.map((entry) => entry.usdAfterFree));

export interface Bill {
  scale: Workload['scale'];
  label: string;
  /** The steady-state month with no free tier counted. */
  lines: BillLine[];
  total: number;
  /** KMS keys and rotations in year 1 and from year 3 on. */
  kms: { yearOne: number; steadyState: number };
  firstYear: {
    /** The twelve months with the always-free and the 12-month offers. */
    withFreeTiers: number;
    /** The twelve months with the always-free offers only (an account opened on or after 15 July 2025). */
    alwaysFreeOnly: number;
    /** The twelve months with no free tier. */
    noFreeTier: number;
    /** Each free tier used in month 12, with what it saved. */
    freeTiersUsed: { id: FreeTierId; name: string; kind: FreeTierKind; usd: number }[];
  };
}

export function computeBill(input: Omit<BillInput, 'moment'>): Bill {
  const lines = billLines({ ...input, moment: STEADY_STATE });
  const months = Array.from({ length: 12 }, (_, index) =>
    billLines({ ...input, moment: monthOfFirstYear(index + 1) }),
  );
  const yearTotal = (kinds: readonly FreeTierKind[]) =>
    sum(months.map((monthLines) => totalAfterFree(applyFreeTiers(monthLines, kinds))));
  const kmsTotal = (billed: readonly BillLine[]) =>
    totalOf(billed.filter((entry) => entry.id === 'kms.keys' || entry.id === 'kms.rotations'));
  const lastMonth = applyFreeTiers(months[11] ?? [], ['always-free', '12-month']);
  const used = new Map<FreeTierId, number>();
  for (const entry of lastMonth) {
    if (entry.freeTier !== undefined && entry.usd > entry.usdAfterFree) {
      used.set(entry.freeTier, (used.get(entry.freeTier) ?? 0) + entry.usd - entry.usdAfterFree);
    }
  }
  return {
    scale: input.workload.scale,
    label: input.workload.label,
    lines,
    total: totalOf(lines),
    kms: { yearOne: kmsTotal(months[0] ?? []), steadyState: kmsTotal(lines) },
    firstYear: {
      withFreeTiers: yearTotal(['always-free', '12-month']),
      alwaysFreeOnly: yearTotal(['always-free']),
      noFreeTier: yearTotal([]),
      freeTiersUsed: [...used].map(([id, usd]) => ({
        id,
        name: FREE_TIERS[id].name,
        kind: FREE_TIERS[id].kind,
        usd,
      })),
    },
  };
}
