/**
 * What the synthesized CloudFormation templates hold that costs money, counted. Pure: it reads
 * template JSON (every stack of the app, the nested ones included) and knows nothing of the CDK
 * code that wrote it, so whatever the templates hold is what the bill counts.
 */

type Json = unknown;

export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
}

export interface CfnTemplate {
  Resources?: Record<string, CfnResource>;
}

/** One stack's template, named by its construct path (`aixin-points-prod-stateless/IdentityRoutes`). */
export interface NamedTemplate {
  stack: string;
  template: CfnTemplate;
}

/** Where a resource is: its stack and logical id. */
export interface Located {
  stack: string;
  id: string;
}

export interface AlarmSummary extends Located {
  /** The metrics CloudWatch bills for it: 1 for a plain alarm, its MetricStat entries for metric math. */
  metrics: number;
  math: boolean;
  /** Period under 60 s makes a high-resolution alarm, billed at another rate. */
  highResolution: boolean;
}

export interface KeySummary extends Located {
  spec: string;
  rotates: boolean;
  /** Days between automatic rotations (365 unless RotationPeriodInDays says otherwise). */
  rotationPeriodDays: number;
}

/** What a function is for, read from what invokes it. */
export type FunctionRole = 'route' | 'job' | 'stream' | 'deployment';

export interface FunctionSummary extends Located {
  role: FunctionRole;
  /** The route or job id: the first word of the description (`GetBalance: ...`). */
  name: string;
  memoryMb: number;
  architecture: 'arm64' | 'x86_64';
  tracing: boolean;
  /** Secrets Manager secrets it reads (environment variables naming a secret's ARN). */
  readsSecrets: number;
  /** SSM parameters it reads (environment variables naming a parameter). */
  readsParameters: number;
}

export interface LogGroupSummary extends Located {
  retentionDays: number | undefined;
}

export interface BackupRuleSummary extends Located {
  rule: string;
  schedule: string;
  deleteAfterDays: number | undefined;
  /** Recovery points kept at once: retention over the interval between runs. */
  copiesKept: number;
}

export interface TableSummary extends Located {
  pointInTimeRecovery: boolean;
  onDemand: boolean;
  stream: string | undefined;
  indexes: number;
  customerManagedKey: boolean;
}

export interface QueueSummary extends Located {
  encryption: 'kms' | 'sqs-managed' | 'none';
}

export interface ScheduleSummary extends Located {
  expression: string;
  /** Runs a month, read from the cron expression. */
  runsPerMonth: number;
  /** Logical id of the function it invokes, when it invokes one of this stack's functions. */
  target: string | undefined;
}

export interface ParameterSummary extends Located {
  tier: string;
  type: string;
  /** Written by a custom resource (CloudFormation cannot create a SecureString) rather than AWS::SSM::Parameter. */
  custom: boolean;
}

export interface TemplateSummary {
  stacks: string[];
  alarms: AlarmSummary[];
  dashboards: (Located & { metrics: number })[];
  kmsKeys: KeySummary[];
  secrets: Located[];
  parameters: ParameterSummary[];
  functions: FunctionSummary[];
  logGroups: LogGroupSummary[];
  backupRules: BackupRuleSummary[];
  tables: TableSummary[];
  queues: QueueSummary[];
  topics: (Located & { encrypted: boolean; emailSubscriptions: number })[];
  userPools: (Located & { tier: string | undefined })[];
  distributions: (Located & { priceClass: string | undefined })[];
  buckets: Located[];
  schedules: ScheduleSummary[];
  httpApis: Located[];
}

interface Entry {
  stack: string;
  id: string;
  resource: CfnResource;
}

function entriesOf(templates: readonly NamedTemplate[]): Entry[] {
  return templates.flatMap(({ stack, template }) =>
    Object.entries(template.Resources ?? {}).map(([id, resource]) => ({ stack, id, resource })),
  );
}

const ofType = (entries: readonly Entry[], type: string): Entry[] =>
  entries.filter((entry) => entry.resource.Type === type);

const prop = (entry: Entry, name: string): Json => entry.resource.Properties?.[name];

const record = (value: Json): Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, Json>) : {};

const list = (value: Json): Json[] => (Array.isArray(value) ? value : []);

const numberOr = (value: Json, fallback: number | undefined): number | undefined => {
  const parsed = typeof value === 'string' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : fallback;
};

/** `{Ref: X}` or `{Fn::GetAtt: [X, ...]}`: the logical id X it points at, if any. */
function referencedId(value: Json): string | undefined {
  const node = record(value);
  if (typeof node.Ref === 'string') return node.Ref;
  const getAtt = list(node['Fn::GetAtt']);
  return typeof getAtt[0] === 'string' ? getAtt[0] : undefined;
}

/** Every logical id referenced anywhere inside a value. */
function referencesIn(value: Json, found = new Set<string>()): Set<string> {
  const id = referencedId(value);
  if (id !== undefined) found.add(id);
  if (Array.isArray(value)) for (const item of value) referencesIn(item, found);
  else if (typeof value === 'object' && value !== null)
    for (const item of Object.values(value)) referencesIn(item, found);
  return found;
}

/**
 * CloudWatch bills an alarm per metric it watches: a plain alarm watches one, a metric-math alarm
 * each MetricStat among its Metrics (the expressions themselves are free).
 */
function summarizeAlarm(entry: Entry): AlarmSummary {
  const metrics = list(prop(entry, 'Metrics'));
  const math = metrics.length > 0;
  const periods = math
    ? metrics.map((metric) => numberOr(record(record(metric).MetricStat).Period, 60) ?? 60)
    : [numberOr(prop(entry, 'Period'), 60) ?? 60];
  return {
    stack: entry.stack,
    id: entry.id,
    math,
    metrics: math ? metrics.filter((metric) => record(metric).MetricStat !== undefined).length : 1,
    highResolution: periods.some((period) => period < 60),
  };
}

/** A dashboard body as one string (CDK writes it as an Fn::Join of text and references). */
function flatText(value: Json): string {
  if (typeof value === 'string') return value;
  const join = list(record(value)['Fn::Join']);
  if (join.length === 2)
    return list(join[1])
      .map(flatText)
      .join(String(join[0] ?? ''));
  return '';
}

/**
 * Metrics a dashboard shows: each metric array starts with a namespace (`["AWS/Lambda", ...`,
 * `["AixinPoints", ...`) and each math expression is an object with `expression`. The free tier
 * covers dashboards of up to 50.
 */
function dashboardMetrics(entry: Entry): number {
  const body = flatText(prop(entry, 'DashboardBody'));
  const arrays = body.match(/\[\s*"[A-Za-z0-9/_-]+"\s*,\s*"[A-Za-z0-9_-]+"/g) ?? [];
  const expressions = body.match(/"expression"\s*:/g) ?? [];
  return arrays.length + expressions.length;
}

const DEFAULT_ROTATION_DAYS = 365;

function summarizeKey(entry: Entry): KeySummary {
  return {
    stack: entry.stack,
    id: entry.id,
    spec: String(prop(entry, 'KeySpec') ?? 'SYMMETRIC_DEFAULT'),
    rotates: prop(entry, 'EnableKeyRotation') === true,
    rotationPeriodDays:
      numberOr(prop(entry, 'RotationPeriodInDays'), DEFAULT_ROTATION_DAYS) ?? DEFAULT_ROTATION_DAYS,
  };
}

/** Environment variables that name a Secrets Manager secret or an SSM parameter the function reads. */
const SECRET_VARIABLE = /_SECRET_ARN$/;
const PARAMETER_VARIABLE = /_(PARAM|PARAMETER)(_NAME)?$/;

function summarizeFunction(entry: Entry, roleOf: (id: string) => FunctionRole): FunctionSummary {
  const variables = record(record(prop(entry, 'Environment')).Variables);
  const architectures = list(prop(entry, 'Architectures'));
  const description = String(prop(entry, 'Description') ?? '');
  return {
    stack: entry.stack,
    id: entry.id,
    role: roleOf(entry.id),
    name: description.split(':')[0]?.trim() || entry.id,
    memoryMb: numberOr(prop(entry, 'MemorySize'), 128) ?? 128,
    architecture: architectures.includes('arm64') ? 'arm64' : 'x86_64',
    tracing: record(prop(entry, 'TracingConfig')).Mode === 'Active',
    readsSecrets: Object.keys(variables).filter((name) => SECRET_VARIABLE.test(name)).length,
    readsParameters: Object.keys(variables).filter((name) => PARAMETER_VARIABLE.test(name)).length,
  };
}

/** Days of a month on average (365.25 / 12), for schedules and retention. */
export const DAYS_PER_MONTH = 30.4375;

/**
 * Runs a month of a cron expression, for the shapes a schedule here takes: `cron(m h * * ? *)` is
 * daily, a fixed day of month is monthly, a fixed weekday weekly. Anything else is counted daily
 * (the dearer reading) so that an unknown shape never makes the bill smaller.
 */
export function runsPerMonth(expression: string): number {
  const rate = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (rate !== null) {
    const every = Number(rate[1]);
    const unit = rate[2] ?? 'day';
    const perDay = unit.startsWith('minute')
      ? 1440 / every
      : unit.startsWith('hour')
        ? 24 / every
        : 1 / every;
    return perDay * DAYS_PER_MONTH;
  }
  const cron = /^cron\((.+)\)$/.exec(expression)?.[1]?.trim().split(/\s+/);
  if (cron === undefined || cron.length < 5) return DAYS_PER_MONTH;
  const [, , dayOfMonth = '*', month = '*', dayOfWeek = '?'] = cron;
  const days = (field: string) => (field === '*' || field === '?' ? undefined : field.split(',').length);
  if (month !== '*' && month !== '?') return DAYS_PER_MONTH;
  const monthDays = days(dayOfMonth);
  if (monthDays !== undefined) return monthDays;
  const weekDays = days(dayOfWeek);
  if (weekDays !== undefined && !dayOfWeek.includes('-') && !dayOfWeek.includes('#'))
    return (weekDays * DAYS_PER_MONTH) / 7;
  return DAYS_PER_MONTH;
}

/**
 * A backup rule keeps one recovery point per run until each is deleted: DeleteAfterDays over the
 * days between runs (35 daily copies, or 5 weekly ones kept 35 days). Without DeleteAfterDays the
 * points are never deleted; a year of them is counted.
 */
function summarizeBackupRules(entry: Entry): BackupRuleSummary[] {
  const plan = record(prop(entry, 'BackupPlan'));
  return list(plan.BackupPlanRule).map((value) => {
    const rule = record(value);
    const schedule = String(rule.ScheduleExpression ?? 'cron(0 5 ? * * *)');
    const deleteAfterDays = numberOr(record(rule.Lifecycle).DeleteAfterDays, undefined);
    const daysBetweenRuns = DAYS_PER_MONTH / runsPerMonth(schedule);
    return {
      stack: entry.stack,
      id: entry.id,
      rule: String(rule.RuleName ?? ''),
      schedule,
      deleteAfterDays,
      copiesKept: Math.max(1, Math.ceil((deleteAfterDays ?? 365) / daysBetweenRuns)),
    };
  });
}

function summarizeTable(entry: Entry): TableSummary {
  const sse = record(prop(entry, 'SSESpecification'));
  return {
    stack: entry.stack,
    id: entry.id,
    pointInTimeRecovery:
      record(prop(entry, 'PointInTimeRecoverySpecification')).PointInTimeRecoveryEnabled === true,
    onDemand: prop(entry, 'BillingMode') === 'PAY_PER_REQUEST',
    stream: record(prop(entry, 'StreamSpecification')).StreamViewType as string | undefined,
    indexes: list(prop(entry, 'GlobalSecondaryIndexes')).length,
    customerManagedKey: sse.SSEEnabled === true && sse.KMSMasterKeyId !== undefined,
  };
}

function summarizeQueue(entry: Entry): QueueSummary {
  const encryption =
    prop(entry, 'KmsMasterKeyId') !== undefined
      ? 'kms'
      : prop(entry, 'SqsManagedSseEnabled') === false
        ? 'none'
        : 'sqs-managed';
  return { stack: entry.stack, id: entry.id, encryption };
}

/**
 * What each function is for, from what points at it: an API Gateway integration makes a route, a
 * Scheduler schedule a job, a stream event source mapping a stream consumer. Anything else (CDK's
 * own custom-resource functions) runs only while a deployment does.
 */
function functionRoles(entries: readonly Entry[]): (id: string) => FunctionRole {
  const targets = (type: string, property: (entry: Entry) => Json) =>
    new Set(ofType(entries, type).flatMap((entry) => [...referencesIn(property(entry))]));
  const routes = targets('AWS::ApiGatewayV2::Integration', (entry) => prop(entry, 'IntegrationUri'));
  const jobs = targets('AWS::Scheduler::Schedule', (entry) => record(prop(entry, 'Target')).Arn);
  const streams = targets('AWS::Lambda::EventSourceMapping', (entry) => prop(entry, 'FunctionName'));
  return (id) =>
    routes.has(id) ? 'route' : jobs.has(id) ? 'job' : streams.has(id) ? 'stream' : 'deployment';
}

/**
 * A custom resource that writes SSM parameters: its type names a parameter (`Custom::KeyParameter`)
 * and it gives the parameter's path as `Name` (CloudFormation's own AWS::SSM::Parameter cannot hold
 * a SecureString, so secret values are written this way). A `PublicName` is a second parameter.
 */
const isParameterResource = (entry: Entry): boolean =>
  entry.resource.Type.startsWith('Custom::') &&
  /Parameter/.test(entry.resource.Type) &&
  typeof prop(entry, 'Name') === 'string';

function customParameters(entry: Entry): ParameterSummary[] {
  const names = [prop(entry, 'Name'), prop(entry, 'PublicName')].filter((name) => typeof name === 'string');
  return names.map((name) => ({
    stack: entry.stack,
    id: `${entry.id} ${String(name)}`,
    tier: String(prop(entry, 'Tier') ?? 'Standard'),
    type: 'SecureString',
    custom: true,
  }));
}

function summarizeSchedule(entry: Entry): ScheduleSummary {
  const expression = String(prop(entry, 'ScheduleExpression') ?? '');
  return {
    stack: entry.stack,
    id: entry.id,
    expression,
    runsPerMonth: runsPerMonth(expression),
    target: referencedId(record(prop(entry, 'Target')).Arn),
  };
}

/** Every costed resource of every template, counted. */
export function summarizeTemplates(templates: readonly NamedTemplate[]): TemplateSummary {
  const entries = entriesOf(templates);
  const at = (entry: Entry): Located => ({ stack: entry.stack, id: entry.id });
  const roleOf = functionRoles(entries);
  const eventRules = ofType(entries, 'AWS::Events::Rule').filter(
    (entry) => typeof prop(entry, 'ScheduleExpression') === 'string',
  );
  return {
    stacks: templates.map((template) => template.stack),
    alarms: ofType(entries, 'AWS::CloudWatch::Alarm').map(summarizeAlarm),
    dashboards: ofType(entries, 'AWS::CloudWatch::Dashboard').map((entry) => ({
      ...at(entry),
      metrics: dashboardMetrics(entry),
    })),
    kmsKeys: ofType(entries, 'AWS::KMS::Key').map(summarizeKey),
    secrets: ofType(entries, 'AWS::SecretsManager::Secret').map(at),
    parameters: [
      ...ofType(entries, 'AWS::SSM::Parameter').map((entry) => ({
        ...at(entry),
        tier: String(prop(entry, 'Tier') ?? 'Standard'),
        type: String(prop(entry, 'Type') ?? 'String'),
        custom: false,
      })),
      ...entries.filter(isParameterResource).flatMap(customParameters),
    ],
    functions: ofType(entries, 'AWS::Lambda::Function').map((entry) => summarizeFunction(entry, roleOf)),
    logGroups: [
      ...ofType(entries, 'AWS::Logs::LogGroup').map((entry) => ({
        ...at(entry),
        retentionDays: numberOr(prop(entry, 'RetentionInDays'), undefined),
      })),
      // A function that names no log group writes to /aws/lambda/<name>, which Lambda makes on first
      // use with no retention at all: it counts as a group kept forever.
      ...ofType(entries, 'AWS::Lambda::Function')
        .filter((entry) => record(prop(entry, 'LoggingConfig')).LogGroup === undefined)
        .map((entry) => ({
          ...at(entry),
          id: `${entry.id} (its implicit /aws/lambda group)`,
          retentionDays: undefined,
        })),
    ],
    backupRules: ofType(entries, 'AWS::Backup::BackupPlan').flatMap(summarizeBackupRules),
    tables: ofType(entries, 'AWS::DynamoDB::Table').map(summarizeTable),
    queues: ofType(entries, 'AWS::SQS::Queue').map(summarizeQueue),
    topics: ofType(entries, 'AWS::SNS::Topic').map((entry) => ({
      ...at(entry),
      encrypted: prop(entry, 'KmsMasterKeyId') !== undefined,
      emailSubscriptions:
        list(prop(entry, 'Subscription')).filter((sub) => record(sub).Protocol === 'email').length +
        ofType(entries, 'AWS::SNS::Subscription').filter(
          (sub) => prop(sub, 'Protocol') === 'email' && referencedId(prop(sub, 'TopicArn')) === entry.id,
        ).length,
    })),
    userPools: ofType(entries, 'AWS::Cognito::UserPool').map((entry) => ({
      ...at(entry),
      tier: prop(entry, 'UserPoolTier') as string | undefined,
    })),
    distributions: ofType(entries, 'AWS::CloudFront::Distribution').map((entry) => ({
      ...at(entry),
      priceClass: record(prop(entry, 'DistributionConfig')).PriceClass as string | undefined,
    })),
    buckets: ofType(entries, 'AWS::S3::Bucket').map(at),
    schedules: [...ofType(entries, 'AWS::Scheduler::Schedule'), ...eventRules].map(summarizeSchedule),
    httpApis: ofType(entries, 'AWS::ApiGatewayV2::Api').map(at),
  };
}

/** Problems the template itself has, whatever the workload: a log group kept forever is one. */
export function templateFindings(summary: TemplateSummary): string[] {
  return [
    ...summary.logGroups
      .filter((group) => group.retentionDays === undefined)
      .map(
        (group) =>
          `log group ${group.stack}/${group.id} has no RetentionInDays: its logs are kept, and billed, forever`,
      ),
    ...summary.userPools.map(
      (pool) =>
        `Cognito user pool ${pool.stack}/${pool.id} (${pool.tier ?? 'ESSENTIALS'} tier): sign-in is the product's own issuer`,
    ),
    ...summary.alarms
      .filter((alarm) => alarm.highResolution)
      .map(
        (alarm) =>
          `alarm ${alarm.stack}/${alarm.id} is high-resolution, billed at a higher rate than the bill assumes`,
      ),
  ];
}
