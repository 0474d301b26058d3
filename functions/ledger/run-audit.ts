import { auditDeps } from '../../shared/ledger/store/audit-source';
import { auditEverything } from '../../shared/ledger/use-cases/audit-all';
import { METRIC } from '../../shared/platform/metrics';
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
  const report = await auditEverything(auditDeps(runtime));
  runtime.metrics.add(METRIC.auditProblems, report.problems.length);
  runtime.metrics.add(METRIC.auditedMovements, report.entries);
  runtime.metrics.flush();
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
