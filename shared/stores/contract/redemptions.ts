import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import {
  CODE_LENGTH_MAX,
  ITEM_PRICE_POINTS_MAX,
  REDEMPTION_LINES_MAX,
  REDEMPTION_QTY_MAX,
} from '../../platform/limits';
import '../../platform/contract/locale';
import { CalendarDate, Reason } from '../../platform/contract/text';

export const RedemptionPath = z.strictObject({ storeId: Id, id: Id });

export const RedemptionRequest = z
  .strictObject({
    code: z.string().check(z.minLength(1), z.maxLength(CODE_LENGTH_MAX)),
    items: z
      .array(
        z.strictObject({
          sku: Id,
          qty: z.int().check(z.minimum(1), z.maximum(REDEMPTION_QTY_MAX)),
          /** The price the counter showed; a different current price is PRICE_CHANGED. */
          pricePoints: z.int().check(z.minimum(1), z.maximum(ITEM_PRICE_POINTS_MAX)),
        }),
      )
      .check(z.minLength(1), z.maxLength(REDEMPTION_LINES_MAX)),
  })
  .register(z.globalRegistry, { id: 'RedemptionRequest' });
export type RedemptionRequest = z.infer<typeof RedemptionRequest>;

export const RedemptionLine = z
  .object({
    sku: z.string(),
    name: z.string(),
    qty: z.int(),
    pricePoints: z.int(),
    points: z.int(),
  })
  .register(z.globalRegistry, { id: 'RedemptionLine' });

export const Redemption = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    storeId: z.string(),
    items: z.array(RedemptionLine),
    pointsSpent: z.int(),
    balanceAfter: z.int(),
    at: z.string(),
  })
  .register(z.globalRegistry, { id: 'Redemption' });

export const VoidRequest = z
  .strictObject({
    reason: Reason,
  })
  .register(z.globalRegistry, { id: 'VoidRequest' });
export type VoidRequest = z.infer<typeof VoidRequest>;

export const VoidResponse = z
  .object({
    id: z.string(),
    status: z.literal('voided'),
    balanceAfter: z.int(),
    pointsReturned: z.int(),
    voidedAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'VoidResponse' });

export const StoreDayQuery = z.strictObject({
  date: z.optional(CalendarDate),
});

export const StoreDayRedemption = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    displayName: z.optional(z.string()),
    items: z.array(RedemptionLine),
    pointsSpent: z.int(),
    status: z.enum(['completed', 'voided']),
    at: z.string(),
    counterUserId: z.string(),
    voidedAt: z.optional(z.string()),
    voidReason: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'StoreDayRedemption' });

export const StoreDay = z
  .object({
    storeId: z.string(),
    date: z.string(),
    redemptions: z.array(StoreDayRedemption),
    totals: z.object({
      pointsIn: z.int(),
      goodsOut: z.array(z.object({ sku: z.string(), name: z.string(), qty: z.int(), points: z.int() })),
      balanced: z.boolean(),
      completed: z.int(),
      voided: z.int(),
    }),
    /** True when the day had more redemptions than one answer reads (never in practice). */
    truncated: z.boolean(),
  })
  .register(z.globalRegistry, { id: 'StoreDay' });
