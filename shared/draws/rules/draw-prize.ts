import { createHash } from 'node:crypto';
import type { LedgerPosting } from '../../ledger/port';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import type { IdempotencyScope } from '../../platform/idempotency';
import type { Entrant } from './draw';
import type { DrawState } from './draw-status';

/**
 * A winner's prize, as the ledger posts it. Each prize is paid once: its Idempotency-Key is the
 * month and the winner (`prizeIdempotency`), so every run, resume and replay of a draw names the
 * same marker, and the ledger's condition on that marker (no marker yet) lets one payment through.
 */
export const prizeScope = (month: string): string => `draw:${month}`;

/** The fingerprint of one prize: the same on every run, so a replay is recognised as the same request. */
export const prizeFingerprint = (month: string, volunteerId: string, points: number): string =>
  createHash('sha256').update(`draw-prize\n${month}\n${volunteerId}\n${points}`).digest('hex');

export const prizeIdempotency = (month: string, volunteerId: string, points: number): IdempotencyScope => ({
  scope: prizeScope(month),
  key: volunteerId,
  fingerprint: prizeFingerprint(month, volunteerId, points),
});

/** The winners a draw names (empty before the freeze). */
export const winnersOf = (draw: Pick<DrawState, 'winnersJson'>): Entrant[] =>
  JSON.parse(String(draw.winnersJson ?? '[]')) as Entrant[];

/** The posting of one winner's prize, credited by `actor` (who ran the draw). */
export function prizePosting(
  draw: Pick<DrawState, 'month' | 'prizePoints'>,
  winner: Entrant,
  actor: string,
): LedgerPosting {
  return {
    draft: {
      kind: 'prize',
      volunteerId: winner.volunteerId,
      direction: 'credit',
      amount: draw.prizePoints,
      counterAccount: SYSTEM_ACCOUNT.prizes,
      ref: prizeScope(draw.month),
      actor,
      memo: `${draw.month} 月度抽奖`,
      details: { drawMonth: draw.month },
    },
    idempotency: prizeIdempotency(draw.month, winner.volunteerId, draw.prizePoints),
    respond: (movement) => ({
      status: 200,
      body: { volunteerId: winner.volunteerId, movementId: movement.id },
    }),
  };
}
