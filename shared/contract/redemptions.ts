import * as z from 'zod';
import {
  CODE_LENGTH_MAX,
  ITEM_PRICE_POINTS_MAX,
  REASON_LENGTH_MAX,
  REDEMPTION_LINES_MAX,
  REDEMPTION_QTY_MAX,
} from '../domain/limits';
import { Id } from './common';

export const RedemptionPath = z.strictObject({ storeId: Id, id: Id });

export const RedemptionRequest = z
  .strictObject({
    code: z.string().min(1).max(CODE_LENGTH_MAX),
    items: z
      .array(
        z.strictObject({
          sku: Id,
          qty: z.number().int().min(1).max(REDEMPTION_QTY_MAX),
          /** The price the counter showed; a different current price is PRICE_CHANGED. */
          pricePoints: z.number().int().min(1).max(ITEM_PRICE_POINTS_MAX),
        }),
      )
      .min(1)
      .max(REDEMPTION_LINES_MAX),
  })
  .meta({ id: 'RedemptionRequest' });
export type RedemptionRequest = z.infer<typeof RedemptionRequest>;

export const RedemptionLine = z
  .object({
    sku: z.string(),
    name: z.string(),
    qty: z.number().int(),
    pricePoints: z.number().int(),
    points: z.number().int(),
  })
  .meta({ id: 'RedemptionLine' });

export const Redemption = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    storeId: z.string(),
    items: z.array(RedemptionLine),
    pointsSpent: z.number().int(),
    balanceAfter: z.number().int(),
    at: z.string(),
  })
  .meta({ id: 'Redemption' });

export const VoidRequest = z
  .strictObject({ reason: z.string().trim().min(1, { error: 'say why' }).max(REASON_LENGTH_MAX) })
  .meta({ id: 'VoidRequest' });
export type VoidRequest = z.infer<typeof VoidRequest>;

export const VoidResponse = z
  .object({
    id: z.string(),
    status: z.literal('voided'),
    balanceAfter: z.number().int(),
    pointsReturned: z.number().int(),
    voidedAt: z.string(),
  })
  .meta({ id: 'VoidResponse' });

export const StoreDayQuery = z.strictObject({
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
    .optional(),
});

export const StoreDayRedemption = z
  .object({
    id: z.string(),
    volunteerId: z.string(),
    displayName: z.string().optional(),
    items: z.array(RedemptionLine),
    pointsSpent: z.number().int(),
    status: z.enum(['completed', 'voided']),
    at: z.string(),
    counterUserId: z.string(),
    voidedAt: z.string().optional(),
    voidReason: z.string().optional(),
  })
  .meta({ id: 'StoreDayRedemption' });

export const StoreDay = z
  .object({
    storeId: z.string(),
    date: z.string(),
    redemptions: z.array(StoreDayRedemption),
    totals: z.object({
      pointsIn: z.number().int(),
      goodsOut: z.array(
        z.object({ sku: z.string(), name: z.string(), qty: z.number().int(), points: z.number().int() }),
      ),
      balanced: z.boolean(),
      completed: z.number().int(),
      voided: z.number().int(),
    }),
    /** True when the day had more redemptions than one answer reads (never in practice). */
    truncated: z.boolean(),
  })
  .meta({ id: 'StoreDay' });
