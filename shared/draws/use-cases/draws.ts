import { randomBytes } from 'node:crypto';
import { AppError } from '../../platform/errors';
import {
  DRAW_ENTRANT_PAGE_BYTES_MAX,
  DRAW_ENTRANTS_INLINE_MAX,
  DRAW_RUN_ROUNDS_MAX,
} from '../../platform/limits';
import { maskName } from '../../platform/masking';
import type { Principal } from '../../platform/principal';
import type {
  CommittedDrawView,
  DrawEntrantsPageBody,
  DrawnDrawView,
  DrawRequest,
  DrawViewBody,
} from '../contract/draws';
import type { DrawsDeps } from '../port';
import { commitmentOf, DRAW_ALGORITHM, type Entrant, parseEntrantPage } from '../rules/draw';
import { winnersOf } from '../rules/draw-prize';
import {
  canChange,
  canCommit,
  DRAW_FIRST_REVISION,
  DRAW_SEED_BYTES,
  DRAW_TRANSITIONS,
  type DrawState,
  drawableFrom,
  monthHasEnded,
} from '../rules/draw-status';

/**
 * The monthly draw's commitment and its published views. The seed is stored with the draw and
 * leaves the table only in the views of a draw that has run (status `drawing` or `drawn`).
 */

/** Knobs of the views; tests shrink them to exercise paging with a few entrants. */
export interface DrawSettings {
  inlineEntrantsMax: number;
  pageBytesMax: number;
}

export const DEFAULT_DRAW_SETTINGS: DrawSettings = {
  inlineEntrantsMax: DRAW_ENTRANTS_INLINE_MAX,
  pageBytesMax: DRAW_ENTRANT_PAGE_BYTES_MAX,
};

export const withDefaults = (settings: Partial<DrawSettings> = {}): DrawSettings => ({
  ...DEFAULT_DRAW_SETTINGS,
  ...settings,
});

const sameParameters = (draw: DrawState, request: DrawRequest): boolean =>
  draw.winnerCount === request.winners &&
  draw.prizePoints === request.prizePoints &&
  draw.minHours === request.minHours;

/**
 * Commits the month's draw, or changes its parameters while the month lasts. The seed is drawn
 * once, at the first commitment, and kept: the published commitment never changes, so nobody can
 * re-roll the seed by re-committing, and repeating the same PUT changes nothing. Parameter changes
 * count up `revision`, which the views publish.
 */
export async function commitDraw(
  deps: Pick<DrawsDeps, 'draws' | 'now'>,
  principal: Principal,
  month: string,
  request: DrawRequest,
): Promise<CommittedDrawView> {
  for (let round = 0; round < DRAW_RUN_ROUNDS_MAX; round += 1) {
    if (monthHasEnded(month, deps.now())) {
      throw new AppError('CONFLICT', 'The month has ended; the draw is fixed');
    }
    const existing = await deps.draws.get(month);
    const at = deps.now().toISOString();
    if (canCommit(existing)) {
      const seed = randomBytes(DRAW_SEED_BYTES).toString('hex');
      const draw: DrawState = {
        month,
        status: DRAW_TRANSITIONS.commit.to,
        seed,
        commitment: commitmentOf(seed),
        winnerCount: request.winners,
        prizePoints: request.prizePoints,
        minHours: request.minHours,
        revision: DRAW_FIRST_REVISION,
        committedAt: at,
        committedBy: principal.userId,
        updatedAt: at,
        updatedBy: principal.userId,
      };
      // Another commitment won (or ours landed and its answer was lost): read it again.
      if (await deps.draws.commit(draw)) return committedView(draw);
      continue;
    }
    // Drawing or drawn: the result is fixed.
    if (!canChange(existing, existing.revision)) {
      throw new AppError('CONFLICT', 'The month has ended; the draw is fixed');
    }
    if (sameParameters(existing, request)) return committedView(existing);
    const changed = await deps.draws.change(month, existing.revision, {
      winnerCount: request.winners,
      prizePoints: request.prizePoints,
      minHours: request.minHours,
      at,
      by: principal.userId,
    });
    if (changed !== undefined) return committedView(changed);
    // Changed meanwhile (or ours landed and its answer was lost): read it again.
  }
  throw new AppError('UNAVAILABLE', 'The draw is changing; try again');
}

export function committedView(draw: DrawState): CommittedDrawView {
  return {
    month: draw.month,
    status: 'committed',
    commitment: draw.commitment,
    algorithm: DRAW_ALGORITHM,
    winners: draw.winnerCount,
    winnerCount: draw.winnerCount,
    prizePoints: draw.prizePoints,
    minHours: draw.minHours,
    revision: draw.revision,
    committedAt: draw.committedAt,
    updatedAt: draw.updatedAt,
    drawableFrom: drawableFrom(draw.month).toISOString(),
  };
}

export const entrantsPath = (month: string): string => `/v1/draws/${month}/entrants`;

/** Reads the whole stored entrant list of a draw that has run (for inline answers only). */
export async function readAllEntrants(deps: Pick<DrawsDeps, 'draws'>, draw: DrawState): Promise<Entrant[]> {
  const pageCount = Number(draw.entrantPageCount ?? 0);
  const pages = await deps.draws.entrantPages(draw.month, String(draw.entrantsHash), pageCount);
  const entrants = pages.flatMap((lines) => parseEntrantPage(lines));
  if (pages.length !== pageCount || entrants.length !== draw.entrantCount) {
    throw new Error(`Draw ${draw.month}: stored entrant pages do not match the result`);
  }
  return entrants;
}

/** Winners as published: each with the volunteer's name masked (谭*华) beside the id. */
async function withMaskedNames<T extends { volunteerId: string }>(
  deps: Pick<DrawsDeps, 'names'>,
  winners: T[],
): Promise<(T & { displayName?: string })[]> {
  const names = await deps.names(winners.map((winner) => winner.volunteerId));
  return winners.map((winner) => {
    const name = names.get(winner.volunteerId);
    return name === undefined ? winner : { ...winner, displayName: maskName(name) };
  });
}

/** The published result of a draw that has run: seed, entrants (inline when short), winners. */
export async function drawnView(
  deps: Pick<DrawsDeps, 'draws' | 'names'>,
  draw: DrawState,
  settings: Pick<DrawSettings, 'inlineEntrantsMax'>,
): Promise<DrawnDrawView> {
  const entrantCount = Number(draw.entrantCount ?? 0);
  const inline = entrantCount <= settings.inlineEntrantsMax;
  const entrants = inline ? await readAllEntrants(deps, draw) : undefined;
  return {
    month: draw.month,
    status: draw.status === 'drawn' ? 'drawn' : 'drawing',
    seed: draw.seed,
    commitment: draw.commitment,
    algorithm: DRAW_ALGORITHM,
    entrantsHash: String(draw.entrantsHash),
    entrantCount,
    totalTickets: Number(draw.totalTickets ?? 0),
    entrantsInline: inline,
    ...(entrants === undefined ? {} : { entrants }),
    entrantPageCount: Number(draw.entrantPageCount ?? 0),
    entrantsPath: entrantsPath(draw.month),
    winners: await withMaskedNames(deps, winnersOf(draw)),
    winnerCount: draw.winnerCount,
    prizePoints: draw.prizePoints,
    minHours: draw.minHours,
    revision: draw.revision,
    committedAt: draw.committedAt,
    drawnAt: String(draw.drawnAt),
    ...(draw.creditedAt === undefined ? {} : { creditedAt: draw.creditedAt }),
  };
}

/** GET /v1/draws/{month}: the commitment before the run, the whole result after it. */
export async function readDraw(
  deps: Pick<DrawsDeps, 'draws' | 'names'>,
  month: string,
  options: Partial<Pick<DrawSettings, 'inlineEntrantsMax'>> = {},
): Promise<DrawViewBody> {
  const settings = withDefaults(options);
  const draw = await deps.draws.get(month);
  if (draw === undefined) throw new AppError('NOT_FOUND', `No draw was committed for ${month}`);
  return draw.status === 'committed' ? committedView(draw) : drawnView(deps, draw, settings);
}

/** GET /v1/draws/{month}/entrants?page=n: one stored page of the frozen entrant list. */
export async function readDrawEntrantsPage(
  deps: Pick<DrawsDeps, 'draws'>,
  month: string,
  page: number,
): Promise<DrawEntrantsPageBody> {
  const draw = await deps.draws.get(month);
  if (draw === undefined) throw new AppError('NOT_FOUND', `No draw was committed for ${month}`);
  if (draw.status === 'committed' || draw.entrantsHash === undefined) {
    throw new AppError('DRAW_NOT_READY', 'The entrant list is published when the draw runs', {
      extra: { reason: 'not-drawn' },
    });
  }
  const pageCount = Number(draw.entrantPageCount ?? 0);
  if (page >= pageCount) throw new AppError('NOT_FOUND', `The list has ${pageCount} page(s)`);
  const hash = draw.entrantsHash;
  const lines = await deps.draws.entrantPage(month, hash, page);
  if (lines === undefined) throw new Error(`Draw ${month}: entrant page ${page} is missing`);
  return {
    month,
    entrantsHash: hash,
    page,
    pageCount,
    entrantCount: Number(draw.entrantCount ?? 0),
    entrants: parseEntrantPage(lines),
  };
}
