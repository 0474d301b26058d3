import * as z from 'zod';
import { CODE_LENGTH_MAX } from '../domain/limits';

export const VolunteerCode = z
  .object({ code: z.string(), expiresAt: z.string() })
  .meta({ id: 'VolunteerCode' });

/** A phone's QR code, or a printed card's number with the PIN typed at the counter. */
export const ScanRequest = z
  .union([
    z.strictObject({ code: z.string().min(1).max(CODE_LENGTH_MAX) }),
    z.strictObject({
      cardNumber: z.string().min(1).max(32),
      pin: z.string().regex(/^\d{4,6}$/, 'must be 4 to 6 digits'),
    }),
  ])
  .meta({ id: 'ScanRequest' });
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanResponse = z
  .object({
    volunteerId: z.string(),
    /** The name masked for counter staff (张*华). */
    displayName: z.string(),
    balance: z.number().int(),
    expiresAt: z.string(),
    /** For a card: a fresh single-use code for the redemption that follows. */
    code: z.string().optional(),
  })
  .meta({ id: 'ScanResponse' });

export const CardRequest = z
  .strictObject({
    pin: z.string().regex(/^\d{4,6}$/, 'must be 4 to 6 digits'),
    /** Issue a new number (a lost card); the old number stops working. */
    replace: z.boolean().optional(),
  })
  .meta({ id: 'CardRequest' });
export type CardRequest = z.infer<typeof CardRequest>;

export const CardResponse = z
  .object({ volunteerId: z.string(), cardNumber: z.string() })
  .meta({ id: 'CardResponse' });
