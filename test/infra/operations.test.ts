import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ALARM_PERIOD,
  API_5XX_MIN_ERRORS,
  API_5XX_RATE_PERCENT,
  METRICS_PER_ALARM_MAX,
  TABLE_OPERATIONS,
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
  dev = synthesize('dev', { alarmEmail: ALARM_EMAIL });
  alarms = resourcesOf(dev.stateless, 'AWS::CloudWatch::Alarm');
});

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
  it('is encrypted with its own rotating key and refuses publishing without TLS', () => {
    const keyId = logicalIdAt('AWS::KMS::Key', `${STACK}/Monitoring/TopicKey/Resource`);
    dev.stateless.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(resourcesOf(dev.stateless, 'AWS::KMS::Key')[keyId]?.Properties?.EnableKeyRotation).toBe(true);
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

  it('lets CloudWatch, for this account only, use the key (alarms cannot publish to the topic otherwise)', () => {
    const keyId = logicalIdAt('AWS::KMS::Key', `${STACK}/Monitoring/TopicKey/Resource`);
    const policy = propertyOf<{ Statement: Record<string, unknown>[] }>(
      resourcesOf(dev.stateless, 'AWS::KMS::Key')[keyId],
      'KeyPolicy',
    );
    expect(policy.Statement).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
      }),
    );
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
  it('all notify the one alarm topic, and none is named by hand', () => {
    expect(Object.keys(alarms).length).toBeGreaterThan(0);
    for (const [logicalId, alarm] of Object.entries(alarms)) {
      expect(alarm.Properties?.AlarmActions, logicalId).toEqual([{ Ref: topicId() }]);
      expect(alarm.Properties, logicalId).not.toHaveProperty('AlarmName');
      expect(alarm.Properties?.TreatMissingData, logicalId).toBe('notBreaching');
      // CloudWatch refuses an alarm over more than 10 metrics.
      const metrics = (alarm.Properties?.Metrics as AlarmMetric[] | undefined) ?? [];
      expect(metrics.filter((metric) => metric.MetricStat !== undefined).length).toBeLessThanOrEqual(
        METRICS_PER_ALARM_MAX,
      );
    }
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

  it('watch Errors and Throttles of every route function, each exactly once', () => {
    // Prepare
    const expected = ROUTE_DEFINITIONS.map((route) => route.id).flatMap((id) => [
      `${functionId(id)} Errors`,
      `${functionId(id)} Throttles`,
    ]);
    // Act
    const watched = Object.values(alarms)
      .filter((alarm) => constructPath(alarm).startsWith(`${STACK}/Monitoring/FunctionErrors`))
      .flatMap((alarm) => {
        const metrics = metricsOf(alarm);
        const expression = metrics.find((metric) => metric.Expression !== undefined)?.Expression ?? '';
        return metrics.flatMap((metric) => {
          if (metric.MetricStat === undefined) return [];
          // Every metric is in the sum, each with missing data read as zero.
          expect(expression).toContain(`FILL(${metric.Id}, 0)`);
          const fn = dimension(metric, 'FunctionName') as { Ref: string };
          return [`${fn.Ref} ${metric.MetricStat.Metric.MetricName}`];
        });
      });
    // Assess
    expect(watched.sort()).toEqual(expected.sort());
  });

  it.each(JOBS.map((job) => [job.id, job] as const))('raise one alarm when the job %s fails', (id) => {
    const alarm = alarmAt(`${id}Failed`);
    const names = metricsOf(alarm).flatMap((metric) =>
      metric.MetricStat && (dimension(metric, 'FunctionName') as { Ref: string }).Ref === functionId(id)
        ? [metric.MetricStat.Metric.MetricName]
        : [],
    );
    expect(names.sort()).toEqual(['Errors', 'Throttles']);
    expect(alarm.Properties?.Threshold).toBe(1);
  });

  it('raise one alarm when the audit finds a problem (AuditProblems >= 1)', () => {
    expect(alarmAt('AuditProblems').Properties).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: METRIC.auditProblems,
      Dimensions: [{ Name: 'service', Value: 'aixin-points' }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it.each([
    ['TableThrottles', 'ThrottledRequests'],
    ['TableSystemErrors', 'SystemErrors'],
  ])('%s watches %s on the ledger table for every operation the code uses', (id, metricName) => {
    const metrics = metricsOf(alarmAt(id)).filter((metric) => metric.MetricStat !== undefined);
    expect(metrics.map((metric) => dimension(metric, 'Operation')).sort()).toEqual(
      [...TABLE_OPERATIONS].sort(),
    );
    for (const metric of metrics) {
      expect(metric.MetricStat?.Metric).toMatchObject({ Namespace: 'AWS/DynamoDB', MetricName: metricName });
      expect(JSON.stringify(dimension(metric, 'TableName'))).toContain('ExportsOutputRefLedgerTable');
    }
  });
});

describe('dashboard', () => {
  it('shows the API, the ledger metrics, the table and every job', () => {
    const dashboard = onlyResource(dev.stateless, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties?.DashboardBody);
    for (const name of ['Count', 'Latency', '5xx', 'ThrottledRequests', 'ConsumedWriteCapacityUnits']) {
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
