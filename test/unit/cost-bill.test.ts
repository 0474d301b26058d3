import { describe, expect, it } from 'vitest';
import {
  activeHours,
  applyFreeTiers,
  type BillLine,
  billedRotations,
  billLines,
  type CustomMetric,
  computeBill,
  GB,
  HOURS_PER_MONTH,
  type MeasuredUnits,
  metricHours,
  monthOfFirstYear,
  redemptionUnits,
  STEADY_STATE,
  totalAfterFree,
  unitsOf,
} from '../../scripts/cost/bill';
import { metricFindings } from '../../scripts/cost/report';
import {
  type CfnResource,
  type NamedTemplate,
  runsPerMonth,
  summarizeTemplates,
  templateFindings,
} from '../../scripts/cost/template';
import { tableBytesAt, workloadFor } from '../../scripts/cost/workloads';

/**
 * The bill's rules on templates made by hand: each rule here is one a wrong count or a wrong
 * multiplication would break. The prod templates themselves are tested in test/infra/cost.test.ts.
 */

const MEASURED: MeasuredUnits = {
  redeem1Line: { writeUnits: 16, readUnits: 4, basis: 'measured', why: 'bench' },
  redeem5Lines: { writeUnits: 24, readUnits: 8, basis: 'measured', why: 'bench' },
  earnEntry: { writeUnits: 10.7, readUnits: 2, basis: 'measured', why: 'bench' },
  volunteerBalance: { writeUnits: 0, readUnits: 1, basis: 'measured', why: 'bench' },
  coordinatorBalanceWarm: { writeUnits: 0, readUnits: 1, basis: 'measured', why: 'bench' },
  coordinatorBalanceCold: { writeUnits: 0, readUnits: 2.5, basis: 'measured', why: 'bench' },
  doorSignIn: { writeUnits: 2, readUnits: 0, basis: 'measured', why: 'bench' },
  orderAccept: { writeUnits: 6, readUnits: 1, basis: 'measured', why: 'bench' },
  orderQueue: { writeUnits: 0, readUnits: 5, basis: 'measured', why: 'bench' },
};

const METRICS: CustomMetric[] = [
  { name: 'Redemptions', dimensions: ['service'], published: 'when-nonzero' },
  { name: 'AuditProblems', dimensions: ['service'], published: 'daily' },
];

const metricStat = (name: string) => ({
  Id: name,
  MetricStat: { Metric: { MetricName: name }, Period: 300 },
});

/** A small deployment: one table, an API with two routes, a scheduled job, a projector, alarms, keys. */
function resources(): Record<string, CfnResource> {
  return {
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        GlobalSecondaryIndexes: [{}, {}],
      },
    },
    Plan: {
      Type: 'AWS::Backup::BackupPlan',
      Properties: {
        BackupPlan: {
          BackupPlanRule: [
            {
              RuleName: 'Daily',
              ScheduleExpression: 'cron(0 18 * * ? *)',
              Lifecycle: { DeleteAfterDays: 35 },
            },
            {
              RuleName: 'Weekly',
              ScheduleExpression: 'cron(0 18 ? * SAT *)',
              Lifecycle: { DeleteAfterDays: 91 },
            },
          ],
        },
      },
    },
    TableKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    FastKey: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true, RotationPeriodInDays: 90 } },
    TokenKey: { Type: 'AWS::KMS::Key', Properties: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' } },
    Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors', Period: 300 } },
    Math: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        Metrics: [metricStat('a'), metricStat('b'), metricStat('c'), { Id: 'e', Expression: 'a + b + c' }],
      },
    },
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: {} },
    GetFn: lambda('GetBalance: a balance', { tracing: true, env: { SIGNING_SECRET_PARAM: '/x/y' } }),
    PostFn: lambda('PostRedemption: a redemption', { tracing: false }),
    GetIntegration: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: { IntegrationUri: { 'Fn::GetAtt': ['GetFn', 'Arn'] } },
    },
    PostIntegration: {
      Type: 'AWS::ApiGatewayV2::Integration',
      Properties: { IntegrationUri: { 'Fn::GetAtt': ['PostFn', 'Arn'] } },
    },
    AuditFn: lambda('RunAudit: scheduled job', { memory: 2048 }),
    AuditSchedule: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        ScheduleExpression: 'cron(30 3 * * ? *)',
        Target: { Arn: { 'Fn::GetAtt': ['AuditFn', 'Arn'] } },
      },
    },
    ProjectorFn: lambda('MovementProjector: stream', { memory: 512 }),
    Mapping: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: { FunctionName: { Ref: 'ProjectorFn' } },
    },
    CopyFn: lambda('copies the pages', {}),
    // A function naming no log group: Lambda makes /aws/lambda/<name> with no retention.
    NoGroupFn: lambda('empties a bucket', { ownLogGroup: false }),
    Kept: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 365 } },
    Forever: { Type: 'AWS::Logs::LogGroup', Properties: {} },
    Dlq: { Type: 'AWS::SQS::Queue', Properties: { SqsManagedSseEnabled: true } },
    Keyed: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'TableKey' } } },
    Secret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    KeyParameter: {
      Type: 'Custom::KeyParameter',
      Properties: { ServiceToken: 'x', Name: '/x/token-key', PublicName: '/x/token-key-public' },
    },
    Advanced: { Type: 'AWS::SSM::Parameter', Properties: { Tier: 'Advanced', Type: 'String' } },
  };
}

function lambda(
  description: string,
  options: { memory?: number; tracing?: boolean; env?: Record<string, string>; ownLogGroup?: boolean },
): CfnResource {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Description: description,
      MemorySize: options.memory ?? 1024,
      Architectures: ['arm64'],
      ...(options.ownLogGroup === false ? {} : { LoggingConfig: { LogGroup: { Ref: 'Kept' } } }),
      ...(options.tracing === true ? { TracingConfig: { Mode: 'Active' } } : {}),
      Environment: { Variables: options.env ?? {} },
    },
  };
}

/** The resources split over two stacks, as the app splits them over parent and nested stacks. */
function templates(overrides: Record<string, CfnResource | undefined> = {}): NamedTemplate[] {
  const all = { ...resources(), ...overrides };
  const entries = Object.entries(all).filter(
    (entry): entry is [string, CfnResource] => entry[1] !== undefined,
  );
  const half = Math.ceil(entries.length / 2);
  return [
    { stack: 'parent', template: { Resources: Object.fromEntries(entries.slice(0, half)) } },
    { stack: 'parent/Nested', template: { Resources: Object.fromEntries(entries.slice(half)) } },
  ];
}

const summary = summarizeTemplates(templates());
const county = workloadFor('county');
const lineOf = (lines: readonly BillLine[], id: string): BillLine => {
  const found = lines.find((entry) => entry.id === id);
  if (found === undefined) throw new Error(`no line ${id}`);
  return found;
};
const steady = billLines({
  summary,
  workload: county,
  measured: MEASURED,
  customMetrics: METRICS,
  moment: STEADY_STATE,
});

describe('reading templates', () => {
  it('counts a plain alarm as one metric and a metric-math alarm as its MetricStat entries, not its expressions', () => {
    expect(summary.alarms.map((alarm) => [alarm.id, alarm.metrics, alarm.math])).toEqual([
      ['Plain', 1, false],
      ['Math', 3, true],
    ]);
  });

  it('finds a high-resolution alarm by its period', () => {
    const fast = summarizeTemplates(
      templates({
        Plain: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors', Period: 10 } },
      }),
    );
    expect(fast.alarms.find((alarm) => alarm.id === 'Plain')?.highResolution).toBe(true);
    expect(templateFindings(fast).some((finding) => finding.includes('high-resolution'))).toBe(true);
  });

  it('tells routes, jobs, stream consumers and deployment functions apart by what invokes them', () => {
    expect(Object.fromEntries(summary.functions.map((fn) => [fn.id, fn.role]))).toEqual({
      GetFn: 'route',
      PostFn: 'route',
      AuditFn: 'job',
      ProjectorFn: 'stream',
      CopyFn: 'deployment',
      NoGroupFn: 'deployment',
    });
    expect(summary.functions.find((fn) => fn.id === 'AuditFn')?.name).toBe('RunAudit');
    expect(summary.functions.find((fn) => fn.id === 'GetFn')?.readsParameters).toBe(1);
  });

  it('keeps a backup rule’s recovery points for DeleteAfterDays over the days between its runs', () => {
    expect(summary.backupRules.map((rule) => [rule.rule, rule.copiesKept])).toEqual([
      ['Daily', 35],
      ['Weekly', 13],
    ]);
  });

  it('reads how often a schedule runs from its cron expression', () => {
    expect(runsPerMonth('cron(30 3 * * ? *)')).toBeCloseTo(30.44, 2);
    expect(runsPerMonth('cron(0 1 1 * ? *)')).toBe(1);
    expect(runsPerMonth('cron(0 18 ? * SAT *)')).toBeCloseTo(30.44 / 7, 2);
    expect(runsPerMonth('rate(1 hour)')).toBeCloseTo(24 * 30.44, 0);
  });

  it('reads key rotation, queue encryption and parameters written by a custom resource', () => {
    expect(summary.kmsKeys.map((key) => [key.id, key.rotates, key.rotationPeriodDays, key.spec])).toEqual([
      ['TableKey', true, 365, 'SYMMETRIC_DEFAULT'],
      ['FastKey', true, 90, 'SYMMETRIC_DEFAULT'],
      ['TokenKey', false, 365, 'RSA_2048'],
    ]);
    expect(summary.queues.map((queue) => queue.encryption)).toEqual(['sqs-managed', 'kms']);
    expect(summary.parameters.map((parameter) => [parameter.tier, parameter.custom])).toEqual([
      ['Advanced', false],
      ['Standard', true],
      ['Standard', true],
    ]);
  });

  it('flags a custom metric whose dimensions have more values than the one service', () => {
    expect(metricFindings(METRICS)).toEqual([]);
    expect(
      metricFindings([{ name: 'PointsIssued', dimensions: ['service', 'kind'], published: 'when-nonzero' }]),
    ).toEqual([expect.stringContaining('PointsIssued has the dimensions service, kind')]);
  });

  it('reports a log group with no retention, and a function that names none (its implicit group has none)', () => {
    expect(templateFindings(summary)).toEqual([
      expect.stringContaining('parent/Nested/Forever has no RetentionInDays'),
      expect.stringContaining('NoGroupFn (its implicit /aws/lambda group) has no RetentionInDays'),
    ]);
  });
});

describe('the bill', () => {
  it('bills each alarm metric, and the free tier takes ten of them', () => {
    const alarms = lineOf(steady, 'cloudwatch.alarms');
    expect(alarms.quantity).toBe(4);
    expect(alarms.usd).toBeCloseTo(0.4, 10);
    const thirteen = { ...alarms, quantity: 13, usd: 1.3 };
    expect(applyFreeTiers([thirteen], ['always-free'])[0]?.usdAfterFree).toBeCloseTo(0.3, 10);
    expect(applyFreeTiers([thirteen], [])[0]?.usdAfterFree).toBeCloseTo(1.3, 10);
  });

  it('bills a key $1 a month and each of its first two rotations $1 more, none in year 1', () => {
    expect(billedRotations(365, 0)).toBe(0);
    expect(billedRotations(365, 11)).toBe(0);
    expect(billedRotations(365, 12)).toBe(1);
    expect(billedRotations(365, 36)).toBe(2);
    expect(billedRotations(90, 7)).toBe(2);
    expect(billedRotations(365, Number.POSITIVE_INFINITY)).toBe(2);
    expect(lineOf(steady, 'kms.keys').usd).toBe(3);
    expect(lineOf(steady, 'kms.rotations').quantity).toBe(4);
    const yearOne = billLines({
      summary,
      workload: county,
      measured: MEASURED,
      customMetrics: METRICS,
      moment: monthOfFirstYear(1),
    });
    expect(lineOf(yearOne, 'kms.rotations').quantity).toBe(0);
  });

  it('keeps the highest KMS figure, year 3 on, for the steady state', () => {
    const bill = computeBill({ summary, workload: county, measured: MEASURED, customMetrics: METRICS });
    expect(bill.kms).toEqual({ yearOne: 3, steadyState: 7 });
  });

  it('prices a redemption of n lines between the one- and five-line measurements', () => {
    expect(redemptionUnits(1, MEASURED)).toMatchObject({ writeUnits: 16, readUnits: 4 });
    expect(redemptionUnits(2, MEASURED)).toMatchObject({ writeUnits: 18, readUnits: 5 });
    expect(redemptionUnits(5, MEASURED)).toMatchObject({ writeUnits: 24, readUnits: 8 });
  });

  it('refuses to price an operation the bench has not measured', () => {
    const { earnEntry: _, ...withoutEarn } = MEASURED;
    expect(() => unitsOf('earnEntry', withoutEarn)).toThrow(/measured-units.json has no earnEntry/);
    expect(unitsOf('codeIssue', {})).toMatchObject({ basis: 'estimated' });
  });

  it('bills custom metrics by the hours that receive data', () => {
    expect(activeHours(0, 100)).toBe(0);
    expect(activeHours(1e9, 100)).toBeCloseTo(100, 6);
    expect(activeHours(100, 100)).toBeCloseTo(100 * (1 - Math.exp(-1)), 6);
    const daily = metricHours(METRICS[1] as CustomMetric, county, 1000);
    expect(daily).toBeCloseTo(30.44, 2);
    const line = lineOf(steady, 'cloudwatch.customMetrics');
    const hours = METRICS.reduce((sum, metric) => sum + metricHours(metric, county, 141_247), 0);
    expect(line.quantity).toBeGreaterThan(0);
    expect(line.quantity).toBeLessThan(METRICS.length);
    expect(line.quantity * HOURS_PER_MONTH).toBeCloseTo(hours, -2);
  });

  it('bills each recovery point kept as a full copy of the table, and PITR once per table that has it', () => {
    const tableGb = tableBytesAt(county, 12) / GB;
    expect(lineOf(steady, 'backup.storage').quantity).toBeCloseTo((35 + 13) * tableGb, 10);
    expect(lineOf(steady, 'backup.storage').usd).toBeCloseTo((35 + 13) * tableGb * 0.1, 10);
    expect(lineOf(steady, 'dynamodb.pitr').quantity).toBeCloseTo(tableGb, 10);
    const noPitr = summarizeTemplates(
      templates({ Table: { Type: 'AWS::DynamoDB::Table', Properties: { BillingMode: 'PAY_PER_REQUEST' } } }),
    );
    const lines = billLines({
      summary: noPitr,
      workload: county,
      measured: MEASURED,
      customMetrics: METRICS,
      moment: STEADY_STATE,
    });
    expect(lineOf(lines, 'dynamodb.pitr').usd).toBe(0);
  });

  it('counts kms:Sign only where an asymmetric key exists, and bills no free tier on it', () => {
    expect(lineOf(steady, 'kms.requests.asymmetric').quantity).toBeGreaterThan(0);
    expect(lineOf(steady, 'kms.requests.asymmetric').freeTier).toBeUndefined();
    const keyless = summarizeTemplates(
      templates({ TableKey: undefined, FastKey: undefined, TokenKey: undefined }),
    );
    const lines = billLines({
      summary: keyless,
      workload: county,
      measured: MEASURED,
      customMetrics: METRICS,
      moment: STEADY_STATE,
    });
    expect(lineOf(lines, 'kms.requests.asymmetric').quantity).toBe(0);
    expect(lineOf(lines, 'kms.keys').usd).toBe(0);
  });

  it('traces only the share of route invocations whose functions have active tracing', () => {
    const requests = lineOf(steady, 'apigateway.requests').quantity;
    const auditRuns = runsPerMonth('cron(30 3 * * ? *)');
    // One of the two route functions is traced; the job and the projector are not.
    expect(lineOf(steady, 'xray.traces').quantity).toBeCloseTo(requests / 2, 6);
    expect(auditRuns).toBeGreaterThan(0);
  });

  it('shares one free allowance between the lines it covers, in bill order', () => {
    const ingestion = lineOf(steady, 'logs.ingestion');
    const storage = lineOf(steady, 'logs.storage');
    const big = [
      { ...ingestion, quantity: 4, usd: 2 },
      { ...storage, quantity: 3, usd: 0.09 },
    ];
    const freed = applyFreeTiers(big, ['always-free']);
    expect(freed[0]?.usdAfterFree).toBe(0);
    expect(freed[1]?.usdAfterFree).toBeCloseTo(2 * 0.03, 10);
  });

  it('applies 12-month offers only when asked, so the first year with them is the cheapest', () => {
    const apiLine = lineOf(steady, 'apigateway.requests');
    expect(applyFreeTiers([apiLine], ['always-free'])[0]?.usdAfterFree).toBe(apiLine.usd);
    expect(applyFreeTiers([apiLine], ['always-free', '12-month'])[0]?.usdAfterFree).toBe(0);
    const bill = computeBill({ summary, workload: county, measured: MEASURED, customMetrics: METRICS });
    expect(bill.firstYear.withFreeTiers).toBeLessThanOrEqual(bill.firstYear.alwaysFreeOnly);
    expect(bill.firstYear.alwaysFreeOnly).toBeLessThan(bill.firstYear.noFreeTier);
    expect(totalAfterFree(applyFreeTiers(bill.lines, []))).toBeCloseTo(bill.total, 10);
  });

  it('keeps template-only lines the same at every scale and grows the usage lines', () => {
    const province = billLines({
      summary,
      workload: workloadFor('province'),
      measured: MEASURED,
      customMetrics: METRICS,
      moment: STEADY_STATE,
    });
    for (const [index, entry] of steady.entries()) {
      const other = province[index] as BillLine;
      expect(other.id).toBe(entry.id);
      if (entry.kind === 'fixed') expect(other.usd).toBeCloseTo(entry.usd, 10);
      else expect(other.usd).toBeGreaterThanOrEqual(entry.usd);
    }
  });
});
