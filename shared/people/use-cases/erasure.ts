import { AppError } from '../../platform/errors';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import type { ErasureRequest, ErasureResult } from '../contract/volunteers';
import type { ErasureStore, PeopleDeps } from '../port';

/** Digits in a typed reason are masked in the log: no phone or ID number lands there. */
const DIGIT_RUN = /[0-9０-９]{4,}[0-9XxＸｘ]?/g;
/** Rosters are searched this far past today too: sign-ups for activities of the coming months. */
const AHEAD_MS = 100 * 86_400_000;

/**
 * 注销: a volunteer's personal information erased at their request (个人信息保护法 第四十七条),
 * by the county office, with the reason, logged. The profile becomes a tombstone (name, phone, ID
 * number and details gone), the guards that made them unique are released, sign-in and the card
 * end, and the name other areas copied is cleared. Their points and movements stay, under the
 * same opaque id, so the ledger's books still balance. Asked again, it finishes what is left.
 */
export async function eraseVolunteer(
  deps: Pick<PeopleDeps, 'volunteers' | 'now'> & { erasure: ErasureStore },
  principal: Principal,
  volunteerId: string,
  request: ErasureRequest,
): Promise<ErasureResult> {
  if (!hasRole(principal, 'admin'))
    throw new AppError('FORBIDDEN', 'Only the county office erases a volunteer');
  const profile = await deps.volunteers.profile(volunteerId);
  if (profile === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  const now = deps.now();
  const at = profile.erasedAt ?? now.toISOString();
  if (profile.erasedAt === undefined) await deps.erasure.eraseProfile(profile, at, principal.userId);
  const access = await deps.erasure.endAccess(volunteerId);
  const copies = await deps.erasure.clearCopies(
    volunteerId,
    profile.createdAt,
    new Date(now.getTime() + AHEAD_MS).toISOString(),
  );
  logger.info('volunteer erased', {
    volunteerId,
    by: principal.userId,
    reason: request.reason.replace(DIGIT_RUN, '****'),
    ...copies,
  });
  return { volunteerId, erasedAt: at, cleared: { access, ...copies } };
}
