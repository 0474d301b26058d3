import { AppError } from '../../platform/errors';
import type { RecordEntry } from '../contract/service-records';

/** Rounds of apply-or-record-refusal for one entry before the request is answered as busy. */
const SETTLE_ROUNDS_MAX = 6;

/**
 * Settles one entry of a record: `apply` (its movement and its day's hours), or, when that is
 * refused for the entry's own reason (`refused`), `recordRefusal`, whose write holds only while the
 * reason still does. When the reason has gone meanwhile (`reasonGone`), `apply` is tried again.
 */
export async function settleEntry(steps: {
  apply: () => Promise<RecordEntry>;
  refused: (error: unknown) => boolean;
  recordRefusal: () => Promise<RecordEntry>;
  reasonGone: (error: unknown) => boolean;
}): Promise<RecordEntry> {
  for (let round = 0; round < SETTLE_ROUNDS_MAX; round += 1) {
    try {
      return await steps.apply();
    } catch (error) {
      if (!steps.refused(error)) throw error;
    }
    try {
      return await steps.recordRefusal();
    } catch (error) {
      if (!steps.reasonGone(error)) throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
}
