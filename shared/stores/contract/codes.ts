import * as z from 'zod/mini';
import { CODE_LENGTH_MAX } from '../../platform/limits';
import '../../platform/contract/locale';

export const VolunteerCode = z
  .object({ code: z.string(), expiresAt: z.string() })
  .register(z.globalRegistry, { id: 'VolunteerCode' });

const Pin = z.string().check(z.regex(/^\d{4,6}$/, '密码应为 4 到 6 位数字 (must be 4 to 6 digits)'));

/** A phone's QR code, or a printed card's number with the PIN typed at the counter. */
export const ScanRequest = z
  .union([
    z.strictObject({ code: z.string().check(z.minLength(1), z.maxLength(CODE_LENGTH_MAX)) }),
    z.strictObject({ cardNumber: z.string().check(z.minLength(1), z.maxLength(32)), pin: Pin }),
  ])
  .register(z.globalRegistry, { id: 'ScanRequest' });
export type ScanRequest = z.infer<typeof ScanRequest>;

export const ScanResponse = z
  .object({
    volunteerId: z.string(),
    /** The name masked for counter staff (张*华). */
    displayName: z.string(),
    balance: z.int(),
    expiresAt: z.string(),
    /** For a card: a fresh single-use code for the redemption that follows. */
    code: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'ScanResponse' });

export const CardRequest = z
  .strictObject({
    pin: Pin,
    /** Issue a new number (a lost card); the old number stops working. */
    replace: z.optional(z.boolean()),
  })
  .register(z.globalRegistry, { id: 'CardRequest' });
export type CardRequest = z.infer<typeof CardRequest>;

export const CardResponse = z
  .object({ volunteerId: z.string(), cardNumber: z.string() })
  .register(z.globalRegistry, { id: 'CardResponse' });
