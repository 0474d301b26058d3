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
  /** One of these three per API request, from the status the handler answered with. */
  requestsSucceeded: 'RequestsSucceeded',
  requestsRefused: 'RequestsRefused',
  requestsFailed: 'RequestsFailed',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

// Embedded-metric lines only mean something to CloudWatch Logs inside Lambda. Elsewhere (`npm
// start`, the tests) they would only clutter stdout, so there metrics stay off unless
// POWERTOOLS_METRICS_DISABLED says otherwise. Nothing else changes: values are still recorded.
if (process.env.AWS_LAMBDA_FUNCTION_NAME === undefined) {
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
}

/** The one Metrics instance of a function; `publishMetrics()` flushes it after every request. */
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

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

/** Counts the outcome of every request; it must sit inside `publishMetrics()` in the chain. */
export function countOutcome(): Middleware {
  const count = (request: MiddlewareRequest) => {
    metrics.addMetric(outcomeMetric(statusOf(request.response)), MetricUnit.Count, 1);
  };
  return { after: count, onError: count };
}

/**
 * Flushes the stored metrics after every invocation, whether it succeeded or failed. Only when
 * there are some: Powertools warns on every empty flush, which would fill the logs (and test
 * output) with noise wherever metrics are turned off.
 */
export function flushMetrics(): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

export const publishMetrics = (): Middleware => ({ after: flushMetrics, onError: flushMetrics });

/** A metric must never break a request: a bad value is dropped and logged by Powertools instead. */
function safely(record: () => void): void {
  try {
    record();
  } catch {
    // Powertools refuses invalid names or values with an exception; losing one datapoint is fine.
  }
}

/**
 * The ledger's observer: what LedgerStore reports, as CloudWatch metrics. Points are published as
 * a total (dimension `service`, what alarms and the dashboard read) and per movement kind
 * (dimensions `service` and `kind`), so the kinds stay visible without a metric per volunteer.
 */
export const ledgerMetrics: LedgerObserver = {
  movementPosted(movement: Movement) {
    safely(() => {
      const name = movement.direction === 'credit' ? METRIC.pointsIssued : METRIC.pointsRedeemed;
      metrics.addMetric(name, MetricUnit.Count, movement.amount);
      const byKind = metrics.singleMetric();
      byKind.addDimension('kind', movement.kind);
      byKind.addMetric(name, MetricUnit.Count, movement.amount);
      if (movement.kind === 'redeem') metrics.addMetric(METRIC.redemptions, MetricUnit.Count, 1);
    });
  },
  replayed() {
    safely(() => metrics.addMetric(METRIC.idempotentReplays, MetricUnit.Count, 1));
  },
  conditionFailed() {
    safely(() => metrics.addMetric(METRIC.conditionalCheckFailures, MetricUnit.Count, 1));
  },
  retried() {
    safely(() => metrics.addMetric(METRIC.ledgerRetries, MetricUnit.Count, 1));
  },
};
