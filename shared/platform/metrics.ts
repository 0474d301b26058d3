import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Movement } from '../ledger/rules/ledger';
import type { LedgerObserver } from '../ledger/store/ledger-store';
import { type HandlerTrace, startHandlerTrace } from './tracing';

/**
 * The CloudWatch namespace, the service dimension and every custom metric name. The CDK app builds
 * its alarms and dashboard from these same constants, so a renamed metric cannot leave an alarm
 * watching nothing.
 */
export const METRICS_NAMESPACE = 'AixinPoints';
export const METRICS_SERVICE = 'aixin-points';
/** Powertools publishes every metric with this dimension set unless a kind is added. */
export const SERVICE_DIMENSIONS = { service: METRICS_SERVICE } as const;

export const METRIC = {
  /** Redemptions committed (one per basket), not counting replays. */
  redemptions: 'Redemptions',
  /** Points credited to volunteers; also published per movement kind (dimension `kind`). */
  pointsIssued: 'PointsIssued',
  /** Points debited from volunteers; also published per movement kind (dimension `kind`). */
  pointsRedeemed: 'PointsRedeemed',
  /** Ledger transactions cancelled by a failed condition (a race, a low balance, stock). */
  conditionalCheckFailures: 'ConditionalCheckFailures',
  /** Requests answered from an earlier answer for the same Idempotency-Key. */
  idempotentReplays: 'IdempotentReplays',
  /** Ledger attempts after the first (conflicts, throttling, unknown outcomes). */
  ledgerRetries: 'LedgerRetries',
  /** Published by the nightly audit: problems found (0 when the books balance). */
  auditProblems: 'AuditProblems',
  /** Published by the nightly audit: movements it read. */
  auditedMovements: 'AuditedMovements',
  /** One of these three per API request, from the status the handler answered with. */
  requestsSucceeded: 'RequestsSucceeded',
  requestsRefused: 'RequestsRefused',
  requestsFailed: 'RequestsFailed',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/**
 * Whether this process prints CloudWatch embedded-metric lines: only inside Lambda (EMF lines mean
 * something to CloudWatch Logs there, and would only clutter `npm start` and the tests), and not
 * when POWERTOOLS_METRICS_DISABLED=true. It reads the environment and never writes it.
 */
export function metricsPublishedIn(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.AWS_LAMBDA_FUNCTION_NAME !== undefined && env.POWERTOOLS_METRICS_DISABLED !== 'true';
}

/**
 * A function's metrics: one per runtime (shared/platform/runtime.ts builds it with the other
 * adapters), never a module-level instance. Values are always recorded; `flush()` prints them
 * only where they are published, and otherwise drops them.
 */
/** Powertools prints a metric by itself at 100 values (MAX_METRIC_VALUES_SIZE); stay below it. */
const UNPUBLISHED_VALUES_HELD_MAX = 99;

export class AppMetrics {
  /** The Powertools recorder (tests read what was recorded from it). */
  readonly recorder = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

  /** Datapoints recorded since the last flush or clear. */
  private held = 0;

  constructor(private readonly published: boolean) {}

  /**
   * Adds one datapoint; a metric must never break a request, so a value Powertools refuses is dropped.
   * Where metrics are not published (the local server, the bench, scripts), what was held is dropped
   * before Powertools would print it by itself: it publishes on its own once a metric holds 100 values.
   */
  add(name: MetricName | string, value: number): void {
    if (!this.published && this.held >= UNPUBLISHED_VALUES_HELD_MAX) {
      this.recorder.clearMetrics();
      this.held = 0;
    }
    this.held += 1;
    safely(() => this.recorder.addMetric(name, MetricUnit.Count, value));
  }

  /**
   * Adds one datapoint with an extra `kind` dimension. Powertools prints such a single metric at
   * once, on its own line, so where metrics are not published it is not recorded at all.
   */
  addByKind(name: MetricName, kind: string, value: number): void {
    if (!this.published) return;
    safely(() => {
      const byKind = this.recorder.singleMetric();
      byKind.addDimension('kind', kind);
      byKind.addMetric(name, MetricUnit.Count, value);
    });
  }

  /**
   * Publishes what was recorded (where metrics are published), or drops it. Only when there is
   * something: Powertools warns on every empty flush.
   */
  flush(): void {
    this.held = 0;
    if (!this.recorder.hasStoredMetrics()) return;
    if (this.published) this.recorder.publishStoredMetrics();
    else this.recorder.clearMetrics();
  }
}

interface MiddlewareRequest {
  response?: unknown;
  error?: unknown;
}

interface Middleware {
  before?: (request: MiddlewareRequest) => void;
  after?: (request: MiddlewareRequest) => void;
  onError?: (request: MiddlewareRequest) => void;
}

const statusOf = (response: unknown): number => {
  const status = (response as { statusCode?: unknown } | null | undefined)?.statusCode;
  return typeof status === 'number' ? status : 500;
};

export function outcomeMetric(status: number): MetricName {
  if (status >= 500) return METRIC.requestsFailed;
  if (status >= 400) return METRIC.requestsRefused;
  return METRIC.requestsSucceeded;
}

/**
 * Traces the handler in X-Ray (shared/platform/tracing.ts) without its response. By the time the error
 * hooks run, the problem mapper has answered: a refusal (4xx) closes the subsegment like a success,
 * and only a 5xx marks it as a fault, so the service map shows failures, not every 404.
 */
export function traceRequests(): Middleware {
  const traces = new WeakMap<MiddlewareRequest, HandlerTrace>();
  const close = (request: MiddlewareRequest) => {
    traces.get(request)?.end(statusOf(request.response), request.error);
    traces.delete(request);
  };
  return {
    before: (request) => {
      const trace = startHandlerTrace(METRICS_SERVICE);
      if (trace !== undefined) traces.set(request, trace);
    },
    after: close,
    onError: close,
  };
}

/** Where a middleware finds the metrics of the request's runtime (none before one is built). */
export type MetricsSource = () => AppMetrics | undefined;

/** Counts the outcome of every request; it must sit inside `publishMetrics()` in the chain. */
export function countOutcome(metricsOf: MetricsSource): Middleware {
  const count = (request: MiddlewareRequest) => {
    metricsOf()?.add(outcomeMetric(statusOf(request.response)), 1);
  };
  return { after: count, onError: count };
}

/** Flushes the stored metrics after every invocation, whether it succeeded or failed. */
export function publishMetrics(metricsOf: MetricsSource): Middleware {
  const flush = () => metricsOf()?.flush();
  return { after: flush, onError: flush };
}

/** A metric must never break a request: a bad value is dropped and logged by Powertools instead. */
function safely(record: () => void): void {
  try {
    record();
  } catch {
    // Powertools refuses invalid names or values with an exception; losing one datapoint is fine.
  }
}

/**
 * The ledger's observer over a runtime's metrics: what LedgerStore reports, as CloudWatch metrics. Points are published as
 * a total (dimension `service`, what alarms and the dashboard read) and per movement kind
 * (dimensions `service` and `kind`), so the kinds stay visible without a metric per volunteer.
 */
export function ledgerObserver(metrics: AppMetrics): LedgerObserver {
  return {
    movementPosted(movement: Movement) {
      const name = movement.direction === 'credit' ? METRIC.pointsIssued : METRIC.pointsRedeemed;
      metrics.add(name, movement.amount);
      metrics.addByKind(name, movement.kind, movement.amount);
      if (movement.kind === 'redeem') metrics.add(METRIC.redemptions, 1);
    },
    replayed: () => metrics.add(METRIC.idempotentReplays, 1),
    conditionFailed: () => metrics.add(METRIC.conditionalCheckFailures, 1),
    retried: () => metrics.add(METRIC.ledgerRetries, 1),
  };
}
