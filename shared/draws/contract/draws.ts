import * as z from 'zod/mini';
import { QUARTERS_PER_HOUR } from '../../earning/rules/points';
import { DRAW_MIN_HOURS_MAX, DRAW_PRIZE_POINTS_MAX, DRAW_WINNERS_MAX } from '../../platform/limits';
import { DRAW_ALGORITHM } from '../rules/draw';
import '../../platform/contract/locale';
import { QueryInt } from '../../platform/contract/text';

/** A China month, YYYY-MM. */
export const DrawMonth = z.string().check(z.regex(/^20\d{2}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'));

export const DrawPath = z.strictObject({ month: DrawMonth });

/** The centre's parameters, committed before the month ends. */
export const DrawRequest = z
  .strictObject({
    winners: z.int().check(z.minimum(1), z.maximum(DRAW_WINNERS_MAX)),
    prizePoints: z.int().check(z.minimum(1), z.maximum(DRAW_PRIZE_POINTS_MAX)),
    minHours: z._default(
      z
        .number()
        .check(
          z.minimum(0),
          z.maximum(DRAW_MIN_HOURS_MAX),
          z.multipleOf(1 / QUARTERS_PER_HOUR, 'must be in quarter-hour steps (0.25)'),
        ),
      0,
    ),
  })
  .register(z.globalRegistry, { id: 'DrawRequest' });
export type DrawRequest = z.infer<typeof DrawRequest>;

export const DrawEntrant = z
  .object({
    volunteerId: z.string(),
    /** Approved quarter-hours in the month. */
    tickets: z.int(),
    /** A winner's name, masked (谭*华), as the draw is published. */
    displayName: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'DrawEntrant' });

const Hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/** Before the month ends and the draw runs: the commitment and the parameters, never the seed. */
export const CommittedDraw = z
  .object({
    month: z.string(),
    status: z.literal('committed'),
    /** SHA-256 (hex) of the 32 secret seed bytes. */
    commitment: Hex64,
    algorithm: z.literal(DRAW_ALGORITHM),
    /** The number of winners to draw. */
    winners: z.int(),
    winnerCount: z.int(),
    prizePoints: z.int(),
    minHours: z.number(),
    /** Changes of the parameters since the commitment (1 = never changed); the seed never changes. */
    revision: z.int(),
    committedAt: z.string(),
    updatedAt: z.string(),
    /** The first instant the draw may run: the end of the month, China time. */
    drawableFrom: z.string(),
  })
  .register(z.globalRegistry, { id: 'CommittedDraw' });

/** After the run: everything needed to recompute the winners. */
export const DrawnDraw = z
  .object({
    month: z.string(),
    /** `drawing` while prizes are being credited (the result is already fixed); then `drawn`. */
    status: z.enum(['drawing', 'drawn']),
    seed: Hex64,
    commitment: Hex64,
    algorithm: z.literal(DRAW_ALGORITHM),
    /** SHA-256 (hex) of the lines `volunteerId:tickets\n`, sorted by id. */
    entrantsHash: Hex64,
    entrantCount: z.int(),
    totalTickets: z.int(),
    /** Whether `entrants` holds the whole list; otherwise read `entrantsPath?page=0..entrantPageCount-1`. */
    entrantsInline: z.boolean(),
    entrants: z.optional(z.array(DrawEntrant)),
    entrantPageCount: z.int(),
    entrantsPath: z.string(),
    /** The winners in the order drawn. */
    winners: z.array(DrawEntrant),
    winnerCount: z.int(),
    prizePoints: z.int(),
    minHours: z.number(),
    revision: z.int(),
    committedAt: z.string(),
    drawnAt: z.string(),
    creditedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'DrawnDraw' });

export const DrawView = z.union([CommittedDraw, DrawnDraw]).register(z.globalRegistry, { id: 'Draw' });
export type CommittedDrawView = z.infer<typeof CommittedDraw>;
export type DrawnDrawView = z.infer<typeof DrawnDraw>;
export type DrawViewBody = z.infer<typeof DrawView>;

export const DrawEntrantsQuery = z.strictObject({
  page: QueryInt({ min: 0, max: 9999, fallback: 0 }),
});

export const DrawEntrantsPage = z
  .object({
    month: z.string(),
    entrantsHash: Hex64,
    page: z.int(),
    pageCount: z.int(),
    entrantCount: z.int(),
    entrants: z.array(DrawEntrant),
  })
  .register(z.globalRegistry, { id: 'DrawEntrantsPage' });
export type DrawEntrantsPageBody = z.infer<typeof DrawEntrantsPage>;

/** The event the monthly schedule sends: no month means the month before, in China time. */
export const DrawJobEvent = z.looseObject({ month: z.optional(DrawMonth) });
