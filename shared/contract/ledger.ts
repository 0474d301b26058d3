import * as z from 'zod';
import { MOVEMENT_KINDS } from '../domain/ledger';
import { POINTS_MAX, REASON_LENGTH_MAX } from '../domain/limits';
import { Id } from './common';

export const Balance = z
  .object({ volunteerId: z.string(), balance: z.number().int(), sequence: z.number().int() })
  .meta({ id: 'Balance' });

export const LedgerEntry = z
  .object({
    id: z.string(),
    at: z.string(),
    kind: z.enum(MOVEMENT_KINDS),
    amount: z.number().int(),
    balanceAfter: z.number().int(),
    ref: z.string(),
    sequence: z.number().int(),
    corrects: z.string().optional(),
    memo: z.string().optional(),
  })
  .meta({ id: 'LedgerEntry' });

export const LedgerPage = z
  .object({ volunteerId: z.string(), entries: z.array(LedgerEntry), nextCursor: z.string().nullable() })
  .meta({ id: 'LedgerPage' });

/** An admin's correction: always a new movement, never an edit of an old one. */
export const AdjustmentRequest = z
  .strictObject({
    direction: z.enum(['credit', 'debit']),
    points: z.number().int().min(1).max(POINTS_MAX),
    reason: z.string().trim().min(1).max(REASON_LENGTH_MAX),
    corrects: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}\.[1-9][0-9]{0,11}$/, 'must be a movement id')
      .optional(),
  })
  .meta({ id: 'AdjustmentRequest' });
export type AdjustmentRequest = z.infer<typeof AdjustmentRequest>;

export const AdjustmentResponse = z
  .object({ volunteerId: z.string(), entry: LedgerEntry, balanceAfter: z.number().int() })
  .meta({ id: 'AdjustmentResponse' });

export { Id };
