import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';

/**
 * 光荣榜 in the public notice: the month's volunteers with the most approved hours and the draw's
 * winners, by masked name only (张*华), never an id or a phone. Present only while the county shows it.
 */
export const HonourRoll = z
  .object({
    volunteers: z.array(
      z.object({
        /** Masked (张*华). */
        name: z.string(),
        hours: z.number(),
        /** The town (乡镇) of the volunteer's organisation, when they are under one. */
        town: z.optional(z.string()),
      }),
    ),
    /** The month's draw winners once it is drawn (none before), masked. */
    winners: z.array(z.object({ name: z.string(), prizePoints: z.optional(z.int()) })),
  })
  .register(z.globalRegistry, { id: 'HonourRoll' });
export type HonourRoll = z.infer<typeof HonourRoll>;

/** The county office's settings of the public notice, changeable without a deploy. */
export const DisclosureSettings = z
  .object({
    /** Whether the notice shows the honour roll (光荣榜); on until the office switches it off. */
    honourRoll: z.boolean(),
    updatedAt: z.optional(z.string()),
    updatedBy: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'DisclosureSettings' });
export type DisclosureSettings = z.infer<typeof DisclosureSettings>;

export const PutDisclosureSettingsRequest = z
  .strictObject({ honourRoll: z.boolean() })
  .register(z.globalRegistry, { id: 'PutDisclosureSettingsRequest' });

/** A volunteer's own choice: true keeps their name off the honour roll (不在光荣榜上显示我的名字). */
export const HonourRollChoiceRequest = z
  .strictObject({ optOut: z.boolean() })
  .register(z.globalRegistry, { id: 'HonourRollChoiceRequest' });

export const HonourRollChoice = z
  .object({ volunteerId: z.string(), optOut: z.boolean(), updatedAt: z.optional(z.string()) })
  .register(z.globalRegistry, { id: 'HonourRollChoice' });
export type HonourRollChoice = z.infer<typeof HonourRollChoice>;

export const HonourRollPath = z.strictObject({ id: Id });
