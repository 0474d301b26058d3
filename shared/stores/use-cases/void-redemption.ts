import type { LedgerResult } from '../../ledger/port';
import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, userScope } from '../../platform/idempotency';
import { hasRole, type Principal } from '../../platform/principal';
import type { VoidRequest } from '../contract/redemptions';
import type { StoresDeps } from '../port';
import { alreadyVoided, canVoid } from '../rules/redemption';
import { assertStoreAccess } from '../rules/store';

/**
 * Voids a redemption: the goods came back, or it was a mistake. One ledger movement credits the
 * points back (and names the redeem movement it corrects); the same transaction marks the record
 * voided (only while `canVoid`), puts each line's units back in stock and, on the same China day,
 * gives the points back to the volunteer's daily spending cap. The counter-minute cap is not given
 * back: it limits actions, and the redemption happened.
 *
 * Counter staff may void only on the day of the redemption (their till is reconciled daily);
 * admins any time.
 */
export async function voidRedemption(
  deps: Pick<StoresDeps, 'redemptions' | 'now'>,
  principal: Principal,
  storeId: string,
  redemptionId: string,
  request: VoidRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<LedgerResult> {
  assertStoreAccess(principal, storeId);
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const record = await deps.redemptions.get(redemptionId);
  if (record === undefined || record.storeId !== storeId) {
    throw new AppError('NOT_FOUND', 'No such redemption at this store');
  }
  if (!canVoid(record)) {
    // The same request again (its answer was lost) replays; any other void is too late.
    const replay = await deps.redemptions.findReplay(scope);
    if (replay !== undefined) return replay;
    throw alreadyVoided(record.voidedAt);
  }
  if (!hasRole(principal, 'admin') && chinaDate(deps.now()) !== record.date) {
    throw new AppError(
      'FORBIDDEN',
      `Counter staff may void only on the day of the redemption (${record.date}); ask an admin`,
    );
  }
  return deps.redemptions.void(record, { by: principal.userId, reason: request.reason, idempotency: scope });
}
