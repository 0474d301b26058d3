import { chinaMonthEnd } from '../../platform/china-time';

/**
 * A month's draw's life, as pure rules. The store's condition expressions enforce the same rules
 * atomically (shared/draws/store/draw-store.ts); test/integration/draw-rules.test.ts drives both
 * with draws of every shape, so the two cannot drift apart (D1).
 *
 *   (none) ──commit──▶ committed ──freeze──▶ drawing ──finish──▶ drawn
 *                       │    ▲
 *                       └────┘ change (parameters, while the month lasts)
 *
 * The seed is drawn once, by the commitment; the entrant list and the winners are fixed once, by
 * the freeze (the one write that leaves `committed`); each prize is paid once, under the ledger's
 * idempotency marker of `prizeIdempotency` (rules/draw-prize.ts).
 */
export const DRAW_STATUSES = ['committed', 'drawing', 'drawn'] as const;
export type DrawStatus = (typeof DRAW_STATUSES)[number];

/** The revision of a fresh commitment; each change of its parameters counts it up by one. */
export const DRAW_FIRST_REVISION = 1;

/** The seed's length: 32 secret bytes (64 hex digits, rules/draw.ts `isSeedHex`). */
export const DRAW_SEED_BYTES = 32;

/**
 * A draw as the area keeps it: the commitment, its parameters and, once run, its result. The seed
 * is kept with it and leaves the table only in the views of a draw that has run.
 */
export interface DrawState {
  month: string;
  status: DrawStatus;
  /** 32 secret bytes as hex; revealed only once the draw has run. */
  seed: string;
  commitment: string;
  winnerCount: number;
  prizePoints: number;
  minHours: number;
  revision: number;
  committedAt: string;
  committedBy: string;
  updatedAt: string;
  updatedBy: string;
  // Set by the freeze, in the same write that leaves `committed`.
  algorithm?: string;
  entrantsHash?: string;
  entrantCount?: number;
  totalTickets?: number;
  entrantPageCount?: number;
  winnersJson?: string;
  drawnAt?: string;
  drawnBy?: string;
  // Set by the finish.
  creditedAt?: string;
}

/** New parameters of a committed draw, and who changed them when. */
export interface DrawChange {
  winnerCount: number;
  prizePoints: number;
  minHours: number;
  at: string;
  by: string;
}

/** The result the freeze fixes: the entrant list (by its hash and pages) and the winners. */
export type DrawFreeze = Required<
  Pick<
    DrawState,
    | 'algorithm'
    | 'entrantsHash'
    | 'entrantCount'
    | 'totalTickets'
    | 'entrantPageCount'
    | 'winnersJson'
    | 'drawnAt'
    | 'drawnBy'
  >
>;

/** What a transition needs to know about a draw. */
export type DrawFacts = Pick<DrawState, 'status' | 'revision'>;

/** Each write that moves a draw: the status it needs (none: no draw yet), and the status it leaves. */
export const DRAW_TRANSITIONS = {
  commit: { from: undefined, to: 'committed' },
  change: { from: 'committed', to: 'committed' },
  freeze: { from: 'committed', to: 'drawing' },
  finish: { from: 'drawing', to: 'drawn' },
} as const satisfies Record<string, { from: DrawStatus | undefined; to: DrawStatus }>;

export type DrawTransition = keyof typeof DRAW_TRANSITIONS;

/** A month's draw is committed once: only a month without a draw gets a commitment (and a seed). */
export const canCommit = (existing: DrawFacts | undefined): existing is undefined => existing === undefined;

/** Parameters change only while the draw is still committed, and still at the revision read. */
export const canChange = (draw: DrawFacts, revision: number): boolean =>
  draw.status === DRAW_TRANSITIONS.change.from && draw.revision === revision;

/**
 * The result is fixed once: only a committed draw, still at the revision its entrants were drawn
 * for, leaves `committed` (a drawing or drawn draw keeps the result it has).
 */
export const canFreeze = (draw: DrawFacts, revision: number): boolean =>
  draw.status === DRAW_TRANSITIONS.freeze.from && draw.revision === revision;

/** A draw whose prizes are being paid is marked drawn once. */
export const canFinish = (draw: DrawFacts): boolean => draw.status === DRAW_TRANSITIONS.finish.from;

/** The instant a month's draw is fixed and may run: the month's end, China time. */
export const drawableFrom = (month: string): Date => chinaMonthEnd(month);

/** Whether the month is over (China time): its draw can no longer change, and may run. */
export const monthHasEnded = (month: string, now: Date): boolean =>
  now.getTime() >= drawableFrom(month).getTime();
