import { DrawJobEvent } from '../../shared/draws/contract/draws';
import { previousMonth } from '../../shared/draws/rules/draw';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { chinaMonth } from '../../shared/platform/china-time';
import { AppError } from '../../shared/platform/errors';
import { logger } from '../../shared/platform/observability';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { getRuntime, type Runtime } from '../../shared/platform/runtime';

export interface DrawJobSummary {
  month: string;
  status: 'drawn' | 'skipped';
  reason?: string;
  entrants?: number;
  winners?: number;
  entrantsHash?: string;
}

/**
 * The monthly schedule (01:00 China time on the 1st): runs the draw of the month before, the same
 * use case as POST /v1/draws/{month}/run. An event may name the month (`{"month":"2026-11"}`) to
 * run or resume one by hand. A month the centre did not commit a draw for is skipped, not an
 * error; any other failure fails the invocation, so the scheduler retries it and the error alarm
 * fires. Logs name months, counts and hashes, never people.
 */
export const handler = async (event: unknown): Promise<DrawJobSummary> => {
  const runtime = getRuntime();
  const parsed = DrawJobEvent.safeParse(event ?? {});
  if (!parsed.success) throw new Error('The draw job takes {"month":"YYYY-MM"} or nothing');
  const month = parsed.data.month ?? previousMonth(chinaMonth(runtime.now()));
  try {
    return await drawMonth(runtime, month);
  } finally {
    // The prizes' ledger metrics were recorded during the run; a job has no middleware to flush them.
    runtime.metrics.flush();
  }
};

async function drawMonth(runtime: Runtime, month: string): Promise<DrawJobSummary> {
  try {
    const draw = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, month);
    const summary: DrawJobSummary = {
      month,
      status: 'drawn',
      entrants: draw.entrantCount,
      winners: draw.winners.length,
      entrantsHash: draw.entrantsHash,
    };
    logger.info('monthly draw done', { ...summary });
    return summary;
  } catch (error) {
    if (
      error instanceof AppError &&
      error.code === 'DRAW_NOT_READY' &&
      error.extra?.reason === 'not-committed'
    ) {
      logger.info('no draw committed for the month', { month });
      return { month, status: 'skipped', reason: 'not-committed' };
    }
    throw error;
  }
}
