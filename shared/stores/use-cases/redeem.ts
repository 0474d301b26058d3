import type { LedgerResult } from '../../ledger/port';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, userScope } from '../../platform/idempotency';
import type { Principal } from '../../platform/principal';
import type { RedemptionRequest } from '../contract/redemptions';
import type { StoresDeps } from '../port';
import { buildBasket } from '../rules/basket';
import { overDailyCap } from '../rules/redemption';
import { assertStoreAccess } from '../rules/store';
import { readVolunteerCode } from '../rules/volunteer-code';
import { assertNotSelf } from './codes';

export type { Caps, RedemptionLineRecord, RedemptionRecord } from '../rules/redemption';

/**
 * A redemption at the counter: points and goods move together or not at all. One ledger movement
 * debits the volunteer (guarded by `balance >= :amount`), and the same transaction takes each
 * line's units from stock (`canTakeLine`), writes the redemption record under the code's id (the
 * code is spent once, across all stores: `codeUnspent`), and counts the misuse caps. Whatever
 * fails, nothing changes, and the contract's code says what failed.
 */
export async function redeem(
  deps: Pick<StoresDeps, 'redemptions' | 'caps' | 'signing' | 'now'>,
  principal: Principal,
  storeId: string,
  request: RedemptionRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<LedgerResult> {
  const signing = await deps.signing();
  // The store is the one the staff member's token names; admins do not stand at counters.
  assertStoreAccess(principal, storeId, false);
  const basket = buildBasket(request.items);
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const reading = readVolunteerCode(request.code, signing, deps.now());
  if (reading.status === 'invalid') throw new AppError('INVALID_CODE', 'This is not a volunteer code');
  if (reading.status === 'expired') {
    // A retry of a redemption that went through answers as the first time, however late it comes.
    const replay = await deps.redemptions.findReplay(scope);
    if (replay !== undefined) return replay;
    throw new AppError('CODE_EXPIRED', 'This code has expired; ask the volunteer to refresh it');
  }
  const { volunteerId, codeId: id } = reading;
  assertNotSelf(principal, volunteerId);
  const caps = deps.caps;
  if (caps.pointsPerVolunteerPerDay > 0 && basket.totalPoints > caps.pointsPerVolunteerPerDay) {
    throw overDailyCap(caps.pointsPerVolunteerPerDay, basket.totalPoints);
  }
  return deps.redemptions.redeem({
    id,
    storeId,
    volunteerId,
    counterUserId: principal.userId,
    basket,
    caps,
    idempotency: scope,
  });
}
