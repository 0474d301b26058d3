import { Aws, CfnOutput, Duration } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  AlarmStatusWidget,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  SingleValueWidget,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, SERVICE_DIMENSIONS } from '../../shared/platform/metrics';
import type { StageSettings } from '../stages';

/** How often alarms look at request-path metrics. */
export const ALARM_PERIOD = Duration.minutes(5);
/** Jobs run for minutes and rarely: a failure stays visible for an hour. */
export const JOB_ALARM_PERIOD = Duration.hours(1);
/** The 5xx alarm: at least this share of requests failed in a period... */
export const API_5XX_RATE_PERCENT = 5;
/** ...and at least this many, so that one failure at 3 a.m. does not page anybody. */
export const API_5XX_MIN_ERRORS = 3;
/** DynamoDB throttles or server errors in one period that raise the alarm (the SDK retries a few). */
export const TABLE_EVENTS_THRESHOLD = 5;
/**
 * The operations whose DynamoDB server errors are watched (SystemErrors is published per
 * operation, and CloudWatch bills each watched metric): every points movement is a
 * TransactWriteItems, every balance, code and profile read a GetItem. A server error elsewhere that
 * the SDK's retries do not absorb reaches a caller as a 5xx, which the API alarm counts.
 */
export const TABLE_ERROR_OPERATIONS = ['TransactWriteItems', 'GetItem'] as const;

/**
 * The ceiling on alarms, and the alarm metrics they watch between them (CloudWatch bills per
 * metric an alarm watches, so a math alarm over four metrics costs four). The infra tests hold the
 * synthesized prod stage to both, so a later change cannot raise the bill unseen.
 */
export const MAX_ALARMS = 10;
export const MAX_ALARM_METRICS = 13;

/** The stream projector is behind when its oldest unread record is this old. */
export const PROJECTOR_ITERATOR_AGE_MAX = Duration.minutes(5);

/** What the projector's alarms watch: its function and its dead-letter queue. */
export interface MonitoredProjector {
  function: IFunction;
  deadLetterQueue: IQueue;
}

export interface MonitoredFunction {
  /** Route or job id, used in alarm descriptions and construct ids. */
  id: string;
  function: IFunction;
}

export interface MonitoringProps {
  settings: StageSettings;
  api: HttpApi;
  table: ITable;
  /** Scheduled jobs, by id: the audit and the monthly draw each have a failure alarm. */
  jobs: readonly MonitoredFunction[];
}

/** A custom metric of the application, as Powertools publishes it (dimension `service`). */
export function appMetric(metricName: string, statistic = 'Sum', period = ALARM_PERIOD): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { ...SERVICE_DIMENSIONS },
    statistic,
    period,
  });
}

/**
 * `FILL(x0, 0) + FILL(x1, 0) + ...`: a missing datapoint counts as zero instead of hiding the sum.
 * `idPrefix` keeps the metric ids apart when two sums share a graph.
 */
function sumOf(
  metrics: readonly IMetric[],
  label: string,
  idPrefix: string,
  period = ALARM_PERIOD,
): MathExpression {
  const usingMetrics = Object.fromEntries(metrics.map((metric, index) => [`${idPrefix}${index}`, metric]));
  return new MathExpression({
    expression: Object.keys(usingMetrics)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + '),
    usingMetrics,
    label,
    period,
  });
}

/**
 * Alarms, one SNS topic for them, and (when the stage asks for one) a dashboard. Every alarm
 * notifies the topic; `alarmEmail` in the stage settings subscribes an address. Alarms have no
 * physical names: each is named after its stack and construct id, so stages never collide.
 *
 * Few alarms, each watching few metrics (CloudWatch bills per watched metric): Lambda's
 * account-wide errors and throttles instead of one alarm per function, the API's 5xx rate, a failed
 * audit, a failed draw, the projector's stream age and its dead letters (watchProjector), and the
 * table's throttles and server errors. The topic is not encrypted with a key of ours: alarm
 * notifications carry metric names and thresholds, never personal data, and CloudWatch cannot
 * publish to a topic encrypted with the AWS-managed SNS key; it accepts TLS only.
 */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];
  readonly dashboard: Dashboard | undefined;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { settings, api, table } = props;

    this.topic = new Topic(this, 'AlarmTopic', {
      displayName: `Aixin Points ${settings.name} alarms`,
      enforceSSL: true,
    });
    // CloudWatch publishes alarm notifications as a service, and only on behalf of alarms in this
    // account (the confused-deputy guard).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    if (settings.alarmEmail !== undefined) {
      this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    }
    this.action = new SnsAction(this.topic);

    // API: the share of 5xx answers (function failures, timeouts, throttled integrations).
    const apiErrors = api.metricServerError({ period: ALARM_PERIOD, statistic: 'Sum' });
    const apiRequests = api.metricCount({ period: ALARM_PERIOD, statistic: 'Sum' });
    const api5xxRate = new MathExpression({
      expression: `IF(FILL(errors, 0) >= ${API_5XX_MIN_ERRORS}, 100 * FILL(errors, 0) / FILL(requests, 1), 0)`,
      usingMetrics: { errors: apiErrors, requests: apiRequests },
      label: '5xx (% of requests)',
      period: ALARM_PERIOD,
    });
    this.alarm(
      'Api5xxRate',
      api5xxRate,
      API_5XX_RATE_PERCENT,
      `At least ${API_5XX_RATE_PERCENT}% of API requests (and at least ${API_5XX_MIN_ERRORS}) answered 5xx in ${ALARM_PERIOD.toMinutes()} minutes.`,
    );

    // Every function at once: Lambda's account-wide Errors and Throttles (no dimension). A failed
    // request, job or projector batch shows here; the function's log group says which.
    const lambdaMetric = (metricName: 'Errors' | 'Throttles') =>
      new Metric({ namespace: 'AWS/Lambda', metricName, statistic: 'Sum', period: ALARM_PERIOD });
    this.alarm(
      'LambdaErrors',
      sumOf([lambdaMetric('Errors'), lambdaMetric('Throttles')], 'errors + throttles', 'lambda'),
      1,
      "A function failed (error, timeout) or was throttled somewhere in this account; Logs Insights over the stage's log groups names it.",
    );

    // The audit: problems in the books, or the job itself failing.
    const audit = this.jobFunction(props, 'RunAudit');
    this.alarm(
      'AuditFailed',
      sumOf(
        [
          appMetric(METRIC.auditProblems, 'Maximum', JOB_ALARM_PERIOD),
          audit.metricErrors({ period: JOB_ALARM_PERIOD, statistic: 'Sum' }),
        ],
        'problems + errors',
        'audit',
        JOB_ALARM_PERIOD,
      ),
      1,
      'The nightly audit found balances that do not match their movements, or could not finish; do not correct by hand before reading the audit log.',
    );

    // The monthly draw: a failed run must be rerun before winners are announced.
    this.alarm(
      'DrawFailed',
      this.jobFunction(props, 'RunMonthlyDraw').metricErrors({ period: JOB_ALARM_PERIOD, statistic: 'Sum' }),
      1,
      "The monthly draw failed; see its log group and rerun it (a rerun finds the month's draw and does not draw twice).",
    );

    // The table: throttled reads and writes, and DynamoDB's own server errors on the busy paths.
    const tableMetric = (metricName: string, dimensions: Record<string, string> = {}) =>
      new Metric({
        namespace: 'AWS/DynamoDB',
        metricName,
        dimensionsMap: { TableName: table.tableName, ...dimensions },
        statistic: 'Sum',
        period: ALARM_PERIOD,
      });
    const tableTrouble = sumOf(
      [
        tableMetric('ReadThrottleEvents'),
        tableMetric('WriteThrottleEvents'),
        ...TABLE_ERROR_OPERATIONS.map((operation) => tableMetric('SystemErrors', { Operation: operation })),
      ],
      'throttles + server errors',
      'table',
    );
    this.alarm(
      'TableThrottlesOrErrors',
      tableTrouble,
      TABLE_EVENTS_THRESHOLD,
      'DynamoDB throttled the ledger table (a hot partition or the account limit) or answered with server errors.',
    );

    this.dashboard =
      settings.dashboard === true ? this.createDashboard(props, { tableTrouble, api5xxRate }) : undefined;
    new CfnOutput(scope, 'AlarmTopicArn', {
      value: this.topic.topicArn,
      description: 'SNS topic of every alarm: subscribe an email or a chat webhook to it',
    });
    if (this.dashboard !== undefined)
      new CfnOutput(scope, 'DashboardName', { value: this.dashboard.dashboardName });
  }

  private jobFunction(props: MonitoringProps, jobId: string): IFunction {
    const job = props.jobs.find((entry) => entry.id === jobId);
    if (job === undefined) throw new Error(`Monitoring: no job ${jobId} to watch`);
    return job.function;
  }

  /**
   * The stream projector: a stream read that falls behind, and any record given up on (in the
   * dead-letter queue). Its failed invocations are in the account-wide Lambda alarm; partial batch
   * failures are not Lambda errors, they show as a growing iterator age, and at last as a dead letter.
   */
  watchProjector(projector: MonitoredProjector): void {
    const fn = projector.function;
    const iteratorAge = fn.metric('IteratorAge', {
      period: ALARM_PERIOD,
      statistic: 'Maximum',
      label: 'iterator age (ms)',
    });
    this.alarm(
      'ProjectorIteratorAge',
      iteratorAge,
      PROJECTOR_ITERATOR_AGE_MAX.toMilliseconds(),
      `The stream projector is more than ${PROJECTOR_ITERATOR_AGE_MAX.toMinutes()} minutes behind the ledger: daily totals lag, and records are being retried.`,
    );
    const deadLetters = projector.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: ALARM_PERIOD,
      statistic: 'Maximum',
      label: 'dead letters',
    });
    this.alarm(
      'ProjectorDeadLetters',
      deadLetters,
      1,
      "The stream projector gave up on some movements: those days' totals are short until they are projected again (see docs/projections.md); the audit names the days.",
    );
    this.dashboard?.addWidgets(
      new GraphWidget({
        title: 'Stream projector',
        left: [
          fn.metric('Invocations', { period: ALARM_PERIOD, statistic: 'Sum', label: 'batches' }),
          fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum', label: 'errors' }),
          deadLetters,
        ],
        right: [iteratorAge],
        width: 24,
      }),
    );
  }

  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // No data means nothing happened: no requests, no runs, no throttles.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  private createDashboard(
    props: MonitoringProps,
    shared: { tableTrouble: IMetric; api5xxRate: IMetric },
  ): Dashboard {
    const { api, table, settings } = props;
    const period = ALARM_PERIOD;
    const width = 8;
    const dashboard = new Dashboard(this, 'Dashboard', { defaultInterval: Duration.days(7) });
    const jobMetric = (name: 'Invocations' | 'Errors' | 'Duration', fn: IFunction, label: string) =>
      fn.metric(name, {
        period: JOB_ALARM_PERIOD,
        statistic: name === 'Duration' ? 'Maximum' : 'Sum',
        label,
      });
    dashboard.addWidgets(
      new TextWidget({
        markdown: `# Aixin Points (${settings.name})\nAPI, ledger, table and scheduled jobs. Alarms notify the SNS topic in the stack outputs.`,
        width: 24,
        height: 2,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'API requests',
        left: [api.metricCount({ period, statistic: 'Sum', label: 'requests' })],
        width,
      }),
      new GraphWidget({
        title: 'API latency (ms)',
        left: [
          api.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          api.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          api.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
        ],
        width,
      }),
      new GraphWidget({
        title: 'API errors',
        left: [
          api.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          api.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ],
        right: [shared.api5xxRate],
        width,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Points moved',
        left: [
          appMetric(METRIC.pointsIssued).with({ label: 'issued' }),
          appMetric(METRIC.pointsRedeemed).with({ label: 'redeemed' }),
        ],
        right: [appMetric(METRIC.redemptions).with({ label: 'redemptions' })],
        width,
      }),
      new GraphWidget({
        title: 'Ledger contention',
        left: [
          appMetric(METRIC.conditionalCheckFailures).with({ label: 'conditional check failures' }),
          appMetric(METRIC.ledgerRetries).with({ label: 'retries' }),
          appMetric(METRIC.idempotentReplays).with({ label: 'idempotent replays' }),
        ],
        width,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Ledger table: throttles and server errors',
        left: [shared.tableTrouble],
        width,
      }),
      new GraphWidget({
        title: 'Ledger table: consumed capacity units',
        left: [
          table.metricConsumedReadCapacityUnits({ period, statistic: 'Sum', label: 'read units' }),
          table.metricConsumedWriteCapacityUnits({ period, statistic: 'Sum', label: 'write units' }),
        ],
        width,
      }),
      new SingleValueWidget({
        title: 'Audit (last run): problems, movements read',
        metrics: [
          appMetric(METRIC.auditProblems, 'Maximum', Duration.days(1)),
          appMetric(METRIC.auditedMovements, 'Maximum', Duration.days(1)),
        ],
        width,
      }),
    );
    dashboard.addWidgets(
      new GraphWidget({
        title: 'Scheduled jobs: runs and failures',
        left: props.jobs.map((job) => jobMetric('Invocations', job.function, `${job.id} runs`)),
        right: props.jobs.map((job) => jobMetric('Errors', job.function, `${job.id} errors`)),
        width: 12,
      }),
      new GraphWidget({
        title: 'Scheduled jobs: longest run (ms)',
        left: props.jobs.map((job) => jobMetric('Duration', job.function, job.id)),
        width: 12,
      }),
    );
    dashboard.addWidgets(
      new AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    return dashboard;
  }
}
