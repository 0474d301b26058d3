import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { auditEverything } from '../../shared/ledger/use-cases/audit-all';
import { flushMetrics, METRIC, metrics } from '../../shared/platform/metrics';
import { logger } from '../../shared/platform/observability';
import { getRuntime } from '../../shared/platform/runtime';

/**
 * The scheduled audit. It publishes the number of problems as a metric and fails the invocation
 * when the books do not balance, so that the Lambda error alarm and the metric alarm both fire.
 * Problems name accounts and movements, never people.
 */
export const handler = async (): Promise<{
  ok: boolean;
  accounts: number;
  entries: number;
  problems: number;
}> => {
  const runtime = getRuntime();
  const report = await auditEverything(runtime);
  metrics.addMetric(METRIC.auditProblems, MetricUnit.Count, report.problems.length);
  metrics.addMetric('AuditedMovements', MetricUnit.Count, report.entries);
  flushMetrics();
  const summary = {
    ok: report.ok,
    accounts: report.accounts,
    entries: report.entries,
    problems: report.problems.length,
  };
  if (!report.ok) {
    logger.error('audit found problems', { ...summary, first: report.problems.slice(0, 20) });
    throw new Error(`Audit found ${report.problems.length} problem(s)`);
  }
  logger.info('audit passed', summary);
  return summary;
};
