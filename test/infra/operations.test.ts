import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALARM_PERIOD,
  API_5XX_MIN_ERRORS,
  API_5XX_RATE_PERCENT,
  MAX_ALARM_METRICS,
  MAX_ALARMS,
  TABLE_ERROR_OPERATIONS,
} from '../../infra/constructs/monitoring';
import { routeStackId } from '../../infra/stateless-stack';
import { JOBS } from '../../shared/jobs';
import { BODY_BYTES_MAX } from '../../shared/platform/limits';
import { METRIC, METRICS_NAMESPACE } from '../../shared/platform/metrics';
import { ROUTE_DEFINITIONS } from '../../shared/routes';
import {
  type CfnResource,
  constructPath,
  onlyResource,
  propertyOf,
  resourcesOf,
  type Synthesized,
  synthesize,
} from './support';

const STACK = 'aixin-points-dev-stateless';
const ALARM_EMAIL = 'ops@county.example.cn';

interface AlarmMetric {
  Id: string;
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Metric: { Namespace: string; MetricName: string; Dimensions: { Name: string; Value: unknown }[] };
    Period: number;
    Stat: string;
  };
}

let dev: Synthesized;
let prod: Synthesized;
let alarms: Record<string, CfnResource>;

function logicalIdAt(type: string, path: string): string {
  const found = Object.entries(resourcesOf(dev.stateless, type)).filter(
    ([, resource]) => constructPath(resource) === path,
  );
  expect(found, `${type} at ${path}`).toHaveLength(1);
  return (found[0] as [string, CfnResource])[0];
}

/** A route's function is in its area's nested stack; a job's in the stack itself. */
function scopeOf(id: string): string {
  const route = ROUTE_DEFINITIONS.find((candidate) => candidate.id === id);
  return route === undefined ? `${STACK}/${id}` : `${STACK}/${routeStackId(route)}/${id}`;
}
const functionId = (id: string) => logicalIdAt('AWS::Lambda::Function', `${scopeOf(id)}/Function/Resource`);
const topicId = () => logicalIdAt('AWS::SNS::Topic', `${STACK}/Monitoring/AlarmTopic/Resource`);

function alarmAt(id: string): CfnResource {
  const logicalId = logicalIdAt('AWS::CloudWatch::Alarm', `${STACK}/Monitoring/${id}/Resource`);
  return alarms[logicalId] as CfnResource;
}

const metricsOf = (alarm: CfnResource): AlarmMetric[] => propertyOf<AlarmMetric[]>(alarm, 'Metrics');
const dimension = (metric: AlarmMetric, name: string) =>
  metric.MetricStat?.Metric.Dimensions.find((entry) => entry.Name === name)?.Value;

beforeAll(() => {
  dev = synthesize('dev', { alarmEmail: ALARM_EMAIL, dashboard: 'true' });
  prod = synthesize('prod');
  alarms = resourcesOf(dev.stateless, 'AWS::CloudWatch::Alarm');
});

/** Metrics an alarm watches, as CloudWatch bills them: one for a plain alarm, each MetricStat of a math one. */
function watchedMetrics(alarm: CfnResource): number {
  const metrics = alarm.Properties?.Metrics as AlarmMetric[] | undefined;
  return metrics === undefined ? 1 : metrics.filter((metric) => metric.MetricStat !== undefined).length;
}

describe('limits', () => {
  it('throttles hot and expensive routes per route, capped at the stage limits', () => {
    // Prepare: what shared/routes.ts asks for, capped by the stage.
    const stage = dev.settings.apiThrottle;
    const expected = Object.fromEntries(
      ROUTE_DEFINITIONS.filter((route) => route.throttle !== undefined).map((route) => [
        route.path === '$default' ? '$default' : `${route.method} ${route.path}`,
        {
          ThrottlingRateLimit: Math.min(route.throttle?.rate ?? 0, stage.rateLimitPerSecond),
          ThrottlingBurstLimit: Math.min(route.throttle?.burst ?? 0, stage.burstLimit),
        },
      ]),
    );
    // Act
    const apiStage = onlyResource(dev.stateless, 'AWS::ApiGatewayV2::Stage');
    // Assess
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    expect(apiStage.Properties?.RouteSettings).toEqual(expected);
    for (const setting of Object.values(expected)) {
      expect(setting.ThrottlingRateLimit).toBeGreaterThan(0);
      expect(setting.ThrottlingRateLimit).toBeLessThanOrEqual(stage.rateLimitPerSecond);
      expect(setting.ThrottlingBurstLimit).toBeLessThanOrEqual(stage.burstLimit);
    }
    // The catch-all route is throttled too: scanners probing random paths cost a Lambda each.
    expect(expected).toHaveProperty('$default');
  });

  it('creates the stage after the throttled routes (API Gateway refuses settings for unknown route keys)', () => {
    // The routes are in nested stacks: the stage waits for the nested stack of each throttled route.
    const parent = dev.statelessParent.toJSON().Resources as Record<
      string,
      { Type: string; DependsOn?: string[]; Metadata?: Record<string, unknown> }
    >;
    const apiStage = Object.values(parent).find((resource) => resource.Type === 'AWS::ApiGatewayV2::Stage');
    const nestedStackIdOf = (constructId: string): string => {
      const found = Object.entries(parent).filter(
        ([, resource]) =>
          resource.Type === 'AWS::CloudFormation::Stack' &&
          String(resource.Metadata?.['aws:cdk:path']).startsWith(`${STACK}/${constructId}.NestedStack/`),
      );
      expect(found, constructId).toHaveLength(1);
      return (found[0] as [string, unknown])[0];
    };
    for (const route of ROUTE_DEFINITIONS.filter((candidate) => candidate.throttle !== undefined)) {
      logicalIdAt('AWS::ApiGatewayV2::Route', `${STACK}/${routeStackId(route)}/${route.id}Route/Resource`);
      expect(apiStage?.DependsOn, route.id).toContain(nestedStackIdOf(routeStackId(route)));
    }
  });

  it('API functions stop within 10 s (API Gateway gives up at 30 s); jobs run long, one at a time', () => {
    const functions = resourcesOf(dev.stateless, 'AWS::Lambda::Function');
    for (const route of ROUTE_DEFINITIONS) {
      const timeout = functions[functionId(route.id)]?.Properties?.Timeout as number;
      expect(timeout, route.id).toBeLessThanOrEqual(10);
      expect(timeout * 2, `${route.id}: room for a retry`).toBeLessThan(30);
    }
    for (const job of JOBS) {
      const properties = functions[functionId(job.id)]?.Properties ?? {};
      expect(properties.Timeout, job.id).toBeGreaterThanOrEqual(300);
      expect(properties.ReservedConcurrentExecutions, job.id).toBe(1);
    }
    // No integration overrides API Gateway's 30-second default upwards or below the function.
    for (const integration of Object.values(resourcesOf(dev.stateless, 'AWS::ApiGatewayV2::Integration'))) {
      const timeout = integration.Properties?.TimeoutInMillis as number | undefined;
      if (timeout !== undefined) expect(timeout).toBeGreaterThan(10_000);
    }
  });

  it('refuses bodies over 64 KiB in the handler, far below the HTTP API payload cap of 10 MB', () => {
    expect(BODY_BYTES_MAX).toBe(64 * 1024);
    expect(BODY_BYTES_MAX).toBeLessThan(10 * 1024 * 1024);
  });

  it('leaves headroom under the CloudFormation limit of 500 resources per stack, nested stacks included', () => {
    // Each route costs 7 resources (function, role, policy, log group, route, integration,
    // permission), in its area's nested stack (infra/stateless-stack.ts, routeStackId); an area past
    // this line needs splitting. The stateless stack itself counts each nested stack as one.
    const counts: [string, number][] = [
      ['stateless', Object.keys(dev.statelessParent.toJSON().Resources).length],
      ...[...dev.routeTemplates].map(
        ([id, template]) => [id, Object.keys(template.toJSON().Resources).length] as [string, number],
      ),
    ];
    for (const [stack, count] of counts) {
      expect(count, `${count} resources in ${stack}`).toBeLessThanOrEqual(450);
    }
    const areas = new Set(ROUTE_DEFINITIONS.map((route) => routeStackId(route)));
    expect(new Set(dev.routeTemplates.keys())).toEqual(areas);
  });
});

describe('alarm topic', () => {
  it('takes no key of ours, refuses publishing without TLS, and lets only CloudWatch of this account publish', () => {
    const topic = resourcesOf(dev.stateless, 'AWS::SNS::Topic')[topicId()];
    expect(topic?.Properties).not.toHaveProperty('KmsMasterKeyId');
    dev.stateless.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topicId() }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sns:Publish',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          }),
        ]),
      },
    });
  });

  it('mails the stage alarm address when one is given', () => {
    dev.stateless.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: { Ref: topicId() },
    });
  });
});

describe('alarms', () => {
  it('all notify the one alarm topic, none is named by hand, and none watches more than 10 metrics', () => {
    expect(Object.keys(alarms).length).toBeGreaterThan(0);
    for (const [logicalId, alarm] of Object.entries(alarms)) {
      expect(alarm.Properties?.AlarmActions, logicalId).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties, logicalId).not.toHaveProperty('AlarmName');
      expect(alarm.Properties?.TreatMissingData, logicalId).toBe('notBreaching');
      // CloudWatch refuses an alarm over more than 10 metrics.
      expect(watchedMetrics(alarm), logicalId).toBeLessThanOrEqual(10);
    }
  });

  it(`are the same few in prod: at most ${MAX_ALARMS} alarms watching at most ${MAX_ALARM_METRICS} metrics between them`, () => {
    const inProd = resourcesOf(prod.stateless, 'AWS::CloudWatch::Alarm');
    const ids = Object.values(inProd).map((alarm) => constructPath(alarm).split('/').at(-2));
    expect(ids.sort()).toEqual(
      [
        'Api5xxRate',
        'LambdaErrors',
        'AuditFailed',
        'DrawFailed',
        'TableThrottlesOrErrors',
        'ProjectorIteratorAge',
        'ProjectorDeadLetters',
      ].sort(),
    );
    expect(ids.length).toBeLessThanOrEqual(MAX_ALARMS);
    const metrics = Object.values(inProd).reduce((sum, alarm) => sum + watchedMetrics(alarm), 0);
    expect(metrics).toBe(MAX_ALARM_METRICS);
  });

  it('watch the API 5xx rate', () => {
    const alarm = alarmAt('Api5xxRate');
    const apiId = logicalIdAt('AWS::ApiGatewayV2::Api', `${STACK}/HttpApi/Resource`);
    expect(alarm.Properties?.Threshold).toBe(API_5XX_RATE_PERCENT);
    const metrics = metricsOf(alarm);
    const expression = metrics.find((metric) => metric.Expression !== undefined)?.Expression ?? '';
    expect(expression).toContain(`>= ${API_5XX_MIN_ERRORS}`);
    expect(expression).toMatch(/100 \* FILL\(errors, 0\) \/ FILL\(requests, 1\)/);
    const names = metrics.flatMap((metric) =>
      metric.MetricStat ? [metric.MetricStat.Metric.MetricName] : [],
    );
    expect(names.sort()).toEqual(['5xx', 'Count']);
    for (const metric of metrics.filter((candidate) => candidate.MetricStat !== undefined)) {
      expect(metric.MetricStat?.Metric.Namespace).toBe('AWS/ApiGateway');
      expect(dimension(metric, 'ApiId')).toEqual({ Ref: apiId });
      expect(metric.MetricStat?.Period).toBe(ALARM_PERIOD.toSeconds());
    }
  });

  it("watch every function at once: Lambda's account-wide Errors and Throttles, summed with gaps as zero", () => {
    const metrics = metricsOf(alarmAt('LambdaErrors'));
    const expression = metrics.find((metric) => metric.Expression !== undefined)?.Expression ?? '';
    const stats = metrics.filter((metric) => metric.MetricStat !== undefined);
    expect(stats.map((metric) => metric.MetricStat?.Metric.MetricName).sort()).toEqual([
      'Errors',
      'Throttles',
    ]);
    for (const metric of stats) {
      expect(metric.MetricStat?.Metric).toMatchObject({ Namespace: 'AWS/Lambda' });
      expect(metric.MetricStat?.Metric.Dimensions ?? []).toEqual([]);
      expect(expression).toContain(`FILL(${metric.Id}, 0)`);
    }
    expect(alarmAt('LambdaErrors').Properties?.Threshold).toBe(1);
  });

  it('raise one alarm when the audit finds a problem or fails (AuditProblems or its Errors >= 1)', () => {
    const metrics = metricsOf(alarmAt('AuditFailed')).filter((metric) => metric.MetricStat !== undefined);
    expect(metrics.map((metric) => metric.MetricStat?.Metric.MetricName).sort()).toEqual([
      METRIC.auditProblems,
      'Errors',
    ]);
    const problems = metrics.find((metric) => metric.MetricStat?.Metric.MetricName === METRIC.auditProblems);
    expect(problems?.MetricStat).toMatchObject({
      Metric: { Namespace: METRICS_NAMESPACE, Dimensions: [{ Name: 'service', Value: 'aixin-points' }] },
      Stat: 'Maximum',
    });
    const errors = metrics.find((metric) => metric.MetricStat?.Metric.MetricName === 'Errors');
    expect(dimension(errors as AlarmMetric, 'FunctionName')).toEqual({ Ref: functionId('RunAudit') });
    expect(alarmAt('AuditFailed').Properties?.Threshold).toBe(1);
  });

  it('raise one alarm when the monthly draw fails', () => {
    expect(alarmAt('DrawFailed').Properties).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('RunMonthlyDraw') } }],
      Threshold: 1,
    });
  });

  it("watch the ledger table's read and write throttles and its server errors on the busy operations", () => {
    const metrics = metricsOf(alarmAt('TableThrottlesOrErrors')).filter(
      (metric) => metric.MetricStat !== undefined,
    );
    const watched = metrics.map((metric) =>
      `${metric.MetricStat?.Metric.MetricName} ${dimension(metric, 'Operation') ?? ''}`.trim(),
    );
    expect(watched.sort()).toEqual(
      [
        'ReadThrottleEvents',
        'WriteThrottleEvents',
        ...TABLE_ERROR_OPERATIONS.map((operation) => `SystemErrors ${operation}`),
      ].sort(),
    );
    for (const metric of metrics) {
      expect(metric.MetricStat?.Metric.Namespace).toBe('AWS/DynamoDB');
      expect(JSON.stringify(dimension(metric, 'TableName'))).toContain('ExportsOutputRefLedgerTable');
    }
  });
});

describe('dashboard', () => {
  it('is not made unless the stage asks for one (-c dashboard=true)', () => {
    expect(Object.keys(resourcesOf(prod.stateless, 'AWS::CloudWatch::Dashboard'))).toEqual([]);
    expect(Object.keys(prod.stateless.toJSON().Outputs ?? {})).not.toContain('DashboardName');
  });

  it('shows the API, the ledger metrics, the table and every job', () => {
    const dashboard = onlyResource(dev.stateless, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties?.DashboardBody);
    for (const name of ['Count', 'Latency', '5xx', 'WriteThrottleEvents', 'ConsumedWriteCapacityUnits']) {
      expect(body).toContain(`\\"${name}\\"`);
    }
    for (const name of Object.values(METRIC)) expect(body).toContain(`\\"${name}\\"`);
    expect(body).toContain(`\\"${METRICS_NAMESPACE}\\"`);
    for (const job of JOBS) expect(body).toContain(functionId(job.id));
    expect(dashboard.Properties).not.toHaveProperty('DashboardName');
  });

  it('is named in the outputs with the alarm topic', () => {
    const outputs = Object.keys(dev.stateless.toJSON().Outputs ?? {});
    expect(outputs).toEqual(expect.arrayContaining(['AlarmTopicArn', 'DashboardName']));
  });
});

describe('X-Ray', () => {
  // Our functions (routes, jobs, the projector); CDK's own deployment helpers are not traced.
  const tracingOf = (synthesized: Synthesized) =>
    Object.values(resourcesOf(synthesized.stateless, 'AWS::Lambda::Function'))
      .filter((fn) => constructPath(fn).endsWith('/Function/Resource'))
      .map((fn) => (fn.Properties?.TracingConfig as { Mode?: string } | undefined)?.Mode ?? 'off');

  it('is off in prod, on in dev, and on in prod when -c tracing=true asks', () => {
    expect(tracingOf(prod).length).toBeGreaterThan(ROUTE_DEFINITIONS.length);
    expect(new Set(tracingOf(prod))).toEqual(new Set(['off']));
    expect(new Set(tracingOf(dev))).toEqual(new Set(['Active']));
    expect(new Set(tracingOf(synthesize('prod', { tracing: 'true' })))).toEqual(new Set(['Active']));
  });
});
