import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Movement, MovementDraft } from '../../shared/ledger/rules/ledger';
import { AppError } from '../../shared/platform/errors';
import { withProblems } from '../../shared/platform/http/endpoint';
import {
  AppMetrics,
  CUSTOM_METRICS,
  ledgerObserver,
  MAX_CUSTOM_METRICS,
  METRIC,
  metricsPublishedIn,
} from '../../shared/platform/metrics';
import { resetColdStart, type SubsegmentDocument, setTraceSink } from '../../shared/platform/tracing';

const NOW = new Date('2026-03-01T02:00:00Z');

const draft: MovementDraft = {
  kind: 'redeem',
  volunteerId: 'v1',
  direction: 'debit',
  amount: 30,
  counterAccount: 'store:S1',
  ref: 'redemption:r1',
  actor: 'counter-1',
};
/** Each test's own metrics (a runtime owns one; there is no module-level instance to reset). */
let appMetrics = new AppMetrics(false);
let metrics = appMetrics.recorder;
let ledgerMetrics = ledgerObserver(appMetrics);

afterEach(() => {
  vi.restoreAllMocks();
  appMetrics = new AppMetrics(false);
  metrics = appMetrics.recorder;
  ledgerMetrics = ledgerObserver(appMetrics);
});

describe('ledger metrics (CloudWatch, through Powertools)', () => {
  // Published, as in Lambda: the per-kind line is recorded only where metrics are published.
  beforeEach(() => {
    appMetrics = new AppMetrics(true);
    metrics = appMetrics.recorder;
    ledgerMetrics = ledgerObserver(appMetrics);
  });

  const movement = (overrides: Partial<Movement>): Movement =>
    ({
      ...draft,
      id: 'm5',
      sequence: 5,
      debit: 'a',
      credit: 'b',
      balanceAfter: 70,
      at: NOW.toISOString(),
      idempotencyKey: 'k',
      ...overrides,
    }) as Movement;

  function recorded(): Record<string, unknown> {
    const emf = metrics.serializeMetrics() as unknown as Record<string, unknown>;
    metrics.clearMetrics();
    return emf;
  }

  it('a redemption: points redeemed and one redemption, its kind as metadata and not a dimension', () => {
    ledgerMetrics.movementPosted(movement({ kind: 'redeem', direction: 'debit', amount: 30 }));
    const emf = recorded() as Record<string, unknown> & {
      _aws: { CloudWatchMetrics: { Dimensions: string[][] }[] };
    };
    expect(emf).toMatchObject({
      [METRIC.pointsRedeemed]: 30,
      [METRIC.redemptions]: 1,
      service: 'aixin-points',
      kinds: 'redeem',
    });
    expect(emf).not.toHaveProperty(METRIC.pointsIssued);
    expect(emf._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['service']]);
  });

  it('an earn: points issued, no redemption; two kinds in one invocation are both noted', () => {
    ledgerMetrics.movementPosted(movement({ kind: 'earn', direction: 'credit', amount: 12 }));
    ledgerMetrics.movementPosted(movement({ kind: 'prize', direction: 'credit', amount: 5 }));
    ledgerMetrics.movementPosted(movement({ kind: 'earn', direction: 'credit', amount: 3 }));
    const emf = recorded();
    expect(emf).toMatchObject({ [METRIC.pointsIssued]: [12, 5, 3], kinds: 'earn,prize' });
    expect(emf).not.toHaveProperty(METRIC.redemptions);
  });

  it('never publishes a metric the list of custom metrics does not name, and the list stays within the ceiling', () => {
    ledgerMetrics.movementPosted(movement({ kind: 'redeem', direction: 'debit', amount: 30 }));
    ledgerMetrics.movementPosted(movement({ kind: 'earn', direction: 'credit', amount: 12 }));
    ledgerMetrics.replayed();
    ledgerMetrics.conditionFailed();
    ledgerMetrics.retried();
    const emf = recorded() as { _aws: { CloudWatchMetrics: { Metrics: { Name: string }[] }[] } };
    const published = emf._aws.CloudWatchMetrics.flatMap((entry) =>
      entry.Metrics.map((metric) => metric.Name),
    );
    const listed = CUSTOM_METRICS.map((metric) => metric.name);
    expect(published.filter((name) => !listed.includes(name as never))).toEqual([]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.length).toBeLessThanOrEqual(MAX_CUSTOM_METRICS);
    expect(Object.values(METRIC).sort()).toEqual([...listed].sort());
  });

  it('replays, failed conditions and retries are counted under their own names', () => {
    ledgerMetrics.replayed();
    ledgerMetrics.conditionFailed();
    ledgerMetrics.retried();
    ledgerMetrics.retried();
    expect(recorded()).toMatchObject({
      [METRIC.idempotentReplays]: 1,
      [METRIC.conditionalCheckFailures]: 1,
      [METRIC.ledgerRetries]: [1, 1],
    });
  });

  it('publishes in the AixinPoints namespace with the service dimension', () => {
    ledgerMetrics.retried();
    const emf = recorded() as {
      _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][] }[] };
    };
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'AixinPoints',
      Dimensions: [['service']],
    });
  });
});

describe('every request', () => {
  const context = { functionName: 'f', awsRequestId: 'a', getRemainingTimeInMillis: () => 9000 };
  const event = { requestContext: { requestId: 'r', http: { method: 'GET' } } };

  it.each([
    ['succeeded', async () => ({ statusCode: 200, body: '' }), 200],
    ['refused', async () => Promise.reject(new AppError('NOT_FOUND', 'No such route')), 404],
    ['failed', async () => Promise.reject(new Error('boom')), 500],
  ] as const)(
    'a request that %s adds no metric of its own (API Gateway counts outcomes)',
    async (_name, core, status) => {
      const added = vi.spyOn(metrics, 'addMetric');
      const handler = withProblems(core, () => appMetrics);
      const response = await handler(event as never, context as never);
      expect(response.statusCode).toBe(status);
      expect(added).not.toHaveBeenCalled();
    },
  );

  it('traces each request in X-Ray, marking a fault for a 5xx only, with no response attached', async () => {
    // Prepare: a sampled invocation's trace header, and a sink in place of the daemon.
    const sent: SubsegmentDocument[] = [];
    const previous = setTraceSink({ send: (document) => sent.push(document) });
    const root = '1-6760a000-0123456789abcdef01234567';
    vi.stubEnv('_X_AMZN_TRACE_ID', `Root=${root};Parent=557abcec3ee5a047;Sampled=1`);
    resetColdStart();
    try {
      // Act: a refusal, a failure, then a success answering a body with a phone number.
      await withProblems(async () => Promise.reject(new AppError('NOT_FOUND', 'x')))(
        event as never,
        context as never,
      );
      await withProblems(async () => Promise.reject(new Error('boom 13812345678')))(
        event as never,
        context as never,
      );
      await withProblems(async () => ({ statusCode: 200, body: '{"phone":"13812345678"}' }))(
        event as never,
        context as never,
      );
    } finally {
      setTraceSink(previous);
      vi.unstubAllEnvs();
    }
    // Assess
    expect(sent.map((document) => [document.name, document.fault ?? false])).toEqual([
      ['## handler', false],
      ['## handler', true],
      ['## handler', false],
    ]);
    expect(sent.map((document) => document.annotations?.ColdStart)).toEqual([true, false, false]);
    for (const document of sent) {
      expect(document).toMatchObject({ trace_id: root, parent_id: '557abcec3ee5a047', type: 'subsegment' });
      expect(document.id).toMatch(/^[0-9a-f]{16}$/);
      expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
    }
    expect(sent[1]?.cause?.exceptions).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{16}$/), type: 'Error' },
    ]);
    expect(JSON.stringify(sent)).not.toContain('13812345678');
  });

  it('sends nothing for a request X-Ray did not sample, or outside Lambda', async () => {
    const sent: SubsegmentDocument[] = [];
    const previous = setTraceSink({ send: (document) => sent.push(document) });
    try {
      vi.stubEnv(
        '_X_AMZN_TRACE_ID',
        'Root=1-6760a000-0123456789abcdef01234567;Parent=557abcec3ee5a047;Sampled=0',
      );
      const unsampled = await withProblems(async () => ({ statusCode: 200, body: '' }))(
        event as never,
        context as never,
      );
      vi.stubEnv('_X_AMZN_TRACE_ID', '');
      const local = await withProblems(async () => ({ statusCode: 204, body: '' }))(
        event as never,
        context as never,
      );
      expect([unsampled.statusCode, local.statusCode]).toEqual([200, 204]);
    } finally {
      setTraceSink(previous);
      vi.unstubAllEnvs();
    }
    expect(sent).toEqual([]);
  });
});

describe('metrics belong to a runtime, and read the environment without writing it', () => {
  it('publishes inside Lambda only, unless POWERTOOLS_METRICS_DISABLED=true', () => {
    expect(metricsPublishedIn({})).toBe(false);
    expect(metricsPublishedIn({ AWS_LAMBDA_FUNCTION_NAME: 'f' })).toBe(true);
    expect(metricsPublishedIn({ AWS_LAMBDA_FUNCTION_NAME: 'f', POWERTOOLS_METRICS_DISABLED: 'true' })).toBe(
      false,
    );
  });

  it.each([
    [true, 1],
    [false, 0],
  ])('published=%s: a flush prints %i batch and always empties the store', (published, prints) => {
    // Prepare
    const own = new AppMetrics(published);
    // Printing is replaced by emptying the store, as Powertools does after it prints.
    const print = vi.spyOn(own.recorder, 'publishStoredMetrics').mockImplementation(() => {
      own.recorder.clearMetrics();
      return own.recorder;
    });
    const before = { ...process.env };
    // Act
    own.add(METRIC.redemptions, 1);
    own.flush();
    own.flush();
    // Assess
    expect(print).toHaveBeenCalledTimes(prints);
    expect(own.recorder.hasStoredMetrics()).toBe(false);
    expect(process.env).toEqual(before);
  });

  it('records no per-kind line where metrics are not published (Powertools would print it at once)', () => {
    const own = new AppMetrics(false);
    const single = vi.spyOn(own.recorder, 'singleMetric');
    ledgerObserver(own).movementPosted({ ...draft, direction: 'credit', kind: 'earn' } as Movement);
    expect(single).not.toHaveBeenCalled();
    expect(own.recorder.hasStoredMetrics()).toBe(true);
  });

  it('keeps two runtimes’ metrics apart', () => {
    const first = new AppMetrics(false);
    const second = new AppMetrics(false);
    first.add(METRIC.redemptions, 1);
    expect([first.recorder.hasStoredMetrics(), second.recorder.hasStoredMetrics()]).toEqual([true, false]);
  });
});

describe('metrics that are not published', () => {
  it('never print, however many datapoints a long local run records between flushes', () => {
    // Prepare
    const own = new AppMetrics(false);
    const print = vi.spyOn(own.recorder, 'publishStoredMetrics');
    // Act: more values of one metric than Powertools holds before it prints them by itself.
    for (let value = 0; value < 1000; value += 1) own.add('PointsIssued', 1);
    own.flush();
    // Assess
    expect(print).not.toHaveBeenCalled();
    expect(own.recorder.hasStoredMetrics()).toBe(false);
  });
});
