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
  /** Points credited to volunteers; the movement kinds ride along as metadata, not a dimension. */
  pointsIssued: 'PointsIssued',
  /** Points debited from volunteers; the movement kinds ride along as metadata, not a dimension. */
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
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** How often a custom metric receives data, which is what CloudWatch bills (by the hour it has data). */
export type MetricCadence = 'per-request' | 'when-nonzero' | 'daily';

/**
 * Every custom metric the functions publish: its name and its one dimension set. Nothing else is
 * published (a metric per kind, route or store would multiply the bill); `npm run cost` reads
 * this list, and an infra test holds it to at most MAX_CUSTOM_METRICS. How many requests succeeded,
 * were refused or failed is API Gateway's own 2xx/4xx/5xx count, published free.
 */
export const CUSTOM_METRICS: readonly {
  name: MetricName;
  dimensions: readonly (keyof typeof SERVICE_DIMENSIONS)[];
  published: MetricCadence;
}[] = [
  { name: METRIC.redemptions, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.pointsIssued, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.pointsRedeemed, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.conditionalCheckFailures, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.idempotentReplays, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.ledgerRetries, dimensions: ['service'], published: 'when-nonzero' },
  { name: METRIC.auditProblems, dimensions: ['service'], published: 'daily' },
  { name: METRIC.auditedMovements, dimensions: ['service'], published: 'daily' },
];

/** The ceiling on custom metrics (issue: the same safety for less); infra tests hold the list to it. */
export const MAX_CUSTOM_METRICS = 10;

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
  /** Movement kinds noted since the last flush (the `kinds` metadata). */
  private kinds: string[] = [];

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
   * Notes a movement kind in the metrics' metadata (searchable in the log line, not a dimension:
   * a dimension would make each kind a metric of its own, billed as such). Several kinds in one
   * invocation are kept together, in the order first seen.
   */
  noteKind(kind: string): void {
    if (!this.published) return;
    if (!this.kinds.includes(kind)) this.kinds.push(kind);
    safely(() => this.recorder.addMetadata('kinds', this.kinds.join(',')));
  }
  /**
   * Publishes what was recorded (where metrics are published), or drops it. Only when there is
   * something: Powertools warns on every empty flush.
   */
  flush(): void {
    this.held = 0;
    this.kinds = [];
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
 * a total (dimension `service`); the movement kinds go into the line's metadata, so they stay
 * findable in the logs without a metric per kind.
 */
export function ledgerObserver(metrics: AppMetrics): LedgerObserver {
  return {
    movementPosted(movement: Movement) {
      const name = movement.direction === 'credit' ? METRIC.pointsIssued : METRIC.pointsRedeemed;
      metrics.add(name, movement.amount);
      metrics.noteKind(movement.kind);
      if (movement.kind === 'redeem') metrics.add(METRIC.redemptions, 1);
    },
    replayed: () => metrics.add(METRIC.idempotentReplays, 1),
    conditionFailed: () => metrics.add(METRIC.conditionalCheckFailures, 1),
    retried: () => metrics.add(METRIC.ledgerRetries, 1),
  };
}
