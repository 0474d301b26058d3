import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import { POINTS_MAX } from '../../platform/limits';
import { MOVEMENT_KINDS } from '../rules/ledger';
import '../../platform/contract/locale';
import { Reason } from '../../platform/contract/text';

export const Balance = z
  .object({
    volunteerId: z.string(),
    /** What may be spent now (可用). */
    balance: z.int(),
    sequence: z.int(),
    /**
     * What is held for a mobile shop trip (暂存流动超市, docs/mobile-shop.md): already out of the
     * balance, spent at the van or given back when the trip ends. Absent when nothing is held.
     */
    held: z.optional(z.int()),
  })
  .register(z.globalRegistry, { id: 'Balance' });

export const LedgerEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.enum(MOVEMENT_KINDS),
    amount: z.int(),
    balanceAfter: z.int(),
    ref: z.string(),
    sequence: z.int(),
    corrects: z.optional(z.string()),
    memo: z.optional(z.string()),
    /**
     * What the line is about: an earn (and its reversal) names the day the service was done
     * (`serviceDate`, YYYY-MM-DD) and its hours; a redemption or void the store and the goods.
     * Movements written before these facts were kept have none.
     */
    details: z.optional(
      z.object({
        serviceDate: z.optional(z.string()),
        hours: z.optional(z.number()),
        storeName: z.optional(z.string()),
        goods: z.optional(z.string()),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'LedgerEntry' });
export type LedgerEntry = z.infer<typeof LedgerEntry>;

export const LedgerPage = z
  .object({ volunteerId: z.string(), entries: z.array(LedgerEntry), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'LedgerPage' });
export type LedgerPage = z.infer<typeof LedgerPage>;

/** An admin's correction: always a new movement, never an edit of an old one. */
export const AdjustmentRequest = z
  .strictObject({
    direction: z.enum(['credit', 'debit']),
    points: z.int().check(z.minimum(1), z.maximum(POINTS_MAX)),
    reason: Reason,
    corrects: z.optional(
      z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}\.[1-9][0-9]{0,11}$/, 'must be a movement id')),
    ),
  })
  .register(z.globalRegistry, { id: 'AdjustmentRequest' });
export type AdjustmentRequest = z.infer<typeof AdjustmentRequest>;

export const AdjustmentResponse = z
  .object({ volunteerId: z.string(), entry: LedgerEntry, balanceAfter: z.int() })
  .register(z.globalRegistry, { id: 'AdjustmentResponse' });

export { Id };
