import { QUARTERS_PER_HOUR } from '../../earning/rules/points';
import { AppError } from '../../platform/errors';
import { DRAW_CREDIT_CONCURRENCY, DRAW_RUN_ROUNDS_MAX } from '../../platform/limits';
import type { Principal } from '../../platform/principal';
import type { DrawnDrawView } from '../contract/draws';
import type { DrawsDeps } from '../port';
import { DRAW_ALGORITHM, entrantPages, hashOfPages } from '../rules/draw';
import { type Collected, EntrantCollector } from '../rules/draw-collect';
import { prizePosting, winnersOf } from '../rules/draw-prize';
import { canFinish, canFreeze, type DrawState, monthHasEnded } from '../rules/draw-status';
import { type DrawSettings, drawnView, withDefaults } from './draws';

export interface DrawRunOptions extends Partial<DrawSettings> {
  /** Prizes credited at the same time. */
  creditConcurrency?: number;
  /** Prizes paid in one ledger transaction, 1 to 33 (the most, by default); tests pass fewer. */
  prizesPerTransaction?: number;
}

/**
 * Running a month's draw: refuse before the month has ended or without a commitment; collect the
 * entrants from the month index; freeze the list (stored in pages named by its hash) together with
 * the winners in one conditional write (`committed` → `drawing`); credit each winner's prize once
 * through the ledger; mark the draw `drawn`. Every step can be repeated: a run that finds
 * `drawing` resumes crediting, one that finds `drawn` answers the stored result. Retries, second
 * clicks, a duplicate schedule event and concurrent runs all end with the same result and every
 * prize credited once (the ledger's idempotency marker per month and winner sees to it).
 */
export async function runDraw(
  deps: DrawsDeps,
  principal: Principal,
  month: string,
  options: DrawRunOptions = {},
): Promise<DrawnDrawView> {
  const { prizesPerTransaction, creditConcurrency = DRAW_CREDIT_CONCURRENCY, ...rest } = options;
  const settings = withDefaults(rest);
  if (!monthHasEnded(month, deps.now())) {
    throw new AppError(
      'DRAW_NOT_READY',
      `The draw for ${month} runs after the month has ended (China time)`,
      {
        extra: { reason: 'month-not-ended' },
      },
    );
  }
  for (let round = 0; round < DRAW_RUN_ROUNDS_MAX; round += 1) {
    let draw = await deps.draws.get(month);
    if (draw === undefined) {
      throw new AppError('DRAW_NOT_READY', `No draw was committed for ${month}`, {
        extra: { reason: 'not-committed' },
      });
    }
    if (canFreeze(draw, draw.revision)) {
      draw = await freeze(deps, principal, draw, settings);
      if (draw === undefined) continue;
    }
    if (canFinish(draw)) {
      const drawing = draw;
      await deps.prizes.payAll(
        winnersOf(drawing).map((winner) => prizePosting(drawing, winner, principal.userId)),
        {
          concurrency: creditConcurrency,
          ...(prizesPerTransaction === undefined ? {} : { perTransaction: prizesPerTransaction }),
        },
      );
      draw = await deps.draws.finish(month, deps.now().toISOString());
      // Another run finished first: the next round reads `drawn`.
      if (draw === undefined) continue;
    }
    return drawnView(deps, draw, settings);
  }
  throw new AppError('UNAVAILABLE', 'The draw is busy; run it again');
}

/**
 * Every volunteer with approved hours in the month and their total quarter-hours, read from the
 * month index (every shard in parallel, page by page): never a table scan. The draw is made as the
 * pages arrive (EntrantCollector: each volunteer is ranked as soon as their shard has listed all
 * their days), so only merging the shards' sorted lists is left when the last page is in.
 */
async function collectAndDraw(deps: Pick<DrawsDeps, 'draws'>, draw: DrawState): Promise<Collected> {
  const collector = new EntrantCollector({
    shards: deps.draws.monthShards,
    minQuarters: Math.round(draw.minHours * QUARTERS_PER_HOUR),
    draw: { seed: draw.seed, winnerCount: draw.winnerCount },
  });
  await deps.draws.listMonthHours(draw.month, (shard, volunteerId, quarters) =>
    collector.add(shard, volunteerId, quarters),
  );
  return collector.finish();
}

/**
 * Computes the result and fixes it: pages of the entrant list first (named by the list's hash, so
 * runs that saw the same list write the same items and runs that saw different ones never mix),
 * then the one conditional write that leaves `committed`. Answers the stored draw, or undefined
 * when the draw changed meanwhile and the caller should read it again.
 */
async function freeze(
  deps: DrawsDeps,
  principal: Principal,
  draw: DrawState,
  settings: DrawSettings,
): Promise<DrawState | undefined> {
  const { entrants, result } = await collectAndDraw(deps, draw);
  const pages = entrantPages(entrants, settings.pageBytesMax);
  const hash = hashOfPages(pages);
  await deps.draws.putEntrantPages(draw.month, hash, pages);
  const frozen = await deps.draws.freeze(draw.month, draw.revision, {
    algorithm: DRAW_ALGORITHM,
    entrantsHash: hash,
    entrantCount: entrants.length,
    totalTickets: result.totalTickets,
    entrantPageCount: pages.length,
    winnersJson: JSON.stringify(result.winners),
    drawnAt: deps.now().toISOString(),
    drawnBy: principal.userId,
  });
  if (frozen !== undefined) return frozen;
  // Another run fixed the result first (or ours did and its answer was lost): use the stored one,
  // and remove our pages when they are not the stored list's.
  const stored = await deps.draws.get(draw.month);
  if (stored !== undefined && stored.status !== 'committed' && stored.entrantsHash !== hash) {
    await deps.draws.removeEntrantPages(draw.month, hash, pages.length);
  }
  return undefined;
}
