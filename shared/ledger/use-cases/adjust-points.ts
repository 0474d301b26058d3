import { AppError } from '../../platform/errors';
import { userScope } from '../../platform/idempotency';
import type { Principal } from '../../platform/principal';
import type { AdjustmentRequest } from '../contract/ledger';
import type { LedgerAreaDeps, LedgerResult } from '../port';
import { SYSTEM_ACCOUNT, toPassbookEntry } from '../rules/ledger';
import { parseMovementId } from '../rules/movement-id';

/**
 * An admin's correction of a volunteer's balance. The movement it corrects, if named, must be the
 * same volunteer's (checked here) and must exist (checked by the ledger's transaction, which holds
 * only while it does); the original stays untouched and the new movement points at it.
 */
export async function adjustPoints(
  deps: Pick<LedgerAreaDeps, 'ledger'>,
  principal: Principal,
  volunteerId: string,
  request: AdjustmentRequest,
  idempotency: { key: string; fingerprint: string },
): Promise<LedgerResult> {
  if (request.corrects !== undefined) {
    if (parseMovementId(request.corrects)?.volunteerId !== volunteerId) {
      throw new AppError(
        'VALIDATION_FAILED',
        'A correction must point at one of this volunteer’s movements',
        {
          fields: [{ path: 'body.corrects', message: 'not a movement of this volunteer' }],
        },
      );
    }
  }
  return deps.ledger.postMovement({
    draft: {
      kind: 'adjust',
      volunteerId,
      direction: request.direction,
      amount: request.points,
      counterAccount: SYSTEM_ACCOUNT.adjustments,
      ref: request.corrects ?? `adjust:${idempotency.key}`,
      corrects: request.corrects,
      actor: principal.userId,
      memo: request.reason,
    },
    idempotency: { scope: userScope(principal.userId), ...idempotency },
    respond: (movement) => ({
      status: 201,
      body: { volunteerId, entry: toPassbookEntry(movement), balanceAfter: movement.balanceAfter },
    }),
  });
}
