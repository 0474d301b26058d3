import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import {
  REDEMPTION_LINES_MAX,
  REDEMPTION_QTY_MAX,
  STOCK_QUANTITY_MAX,
  TRIP_GOODS_MAX,
  TRIP_LIST_MAX,
  TRIP_VILLAGES_MAX,
} from '../../platform/limits';
import '../../platform/contract/locale';
import { CalendarDate, Instant, QueryInt, Reason } from '../../platform/contract/text';
import { TRIP_STATES } from '../rules/trip';

/** The mobile shop's trips (流动超市, docs/mobile-shop.md): open, pack, baskets, close, revoke. */

export const TripPath = z.strictObject({ tripId: Id });

export const OpenTripRequest = z
  .strictObject({
    storeId: Id,
    /** The day of the trip, China time. */
    date: CalendarDate,
    /** The villages the van stops at (organisations of the tree): their volunteers get a hold. */
    villages: z.array(Id).check(z.minLength(1), z.maxLength(TRIP_VILLAGES_MAX)),
    /**
     * What the van takes out, per item of the store (at most its stock). Left out: everything the
     * store has (a mobile store's stock is the van).
     */
    load: z.optional(
      z
        .array(z.strictObject({ sku: Id, qty: z.int().check(z.minimum(1), z.maximum(STOCK_QUANTITY_MAX)) }))
        .check(z.minLength(1), z.maxLength(TRIP_GOODS_MAX)),
    ),
  })
  .register(z.globalRegistry, { id: 'OpenTripRequest' });
export type OpenTripRequest = z.infer<typeof OpenTripRequest>;

const Count = z.int().check(z.minimum(0), z.maximum(STOCK_QUANTITY_MAX));

export const TripGood = z
  .object({
    sku: z.string(),
    name: z.string(),
    /** The price on the trip: the store's when the trip opened, kept for the whole trip. */
    pricePoints: z.int(),
    /** What the van took out (the store's stock when the trip opened). */
    out: z.int(),
    redeemed: z.int(),
    /** Counted back at close. */
    returned: z.optional(z.int()),
  })
  .register(z.globalRegistry, { id: 'TripGood' });

export const TripMismatch = z
  .object({
    kind: z.enum(['goods', 'points']),
    /** The item (goods) or volunteer (points) that does not agree. */
    id: z.string(),
    expected: z.int(),
    accounted: z.int(),
  })
  .register(z.globalRegistry, { id: 'TripMismatch' });

export const Trip = z
  .object({
    id: z.string(),
    storeId: z.string(),
    storeName: z.string(),
    date: z.string(),
    villages: z.array(z.object({ orgId: z.string(), name: z.string() })),
    status: z.enum(TRIP_STATES),
    /** False while the holds are still being placed (ask again with the same key). */
    ready: z.boolean(),
    openedAt: z.string(),
    /** Volunteers on the route, and those with points held. */
    volunteers: z.int(),
    volunteersHeld: z.int(),
    pointsHeld: z.int(),
    pointsSpent: z.int(),
    /** Given back when the trip ended (0 while it is open). */
    pointsReleased: z.int(),
    baskets: z.int(),
    goods: z.array(TripGood),
    endedAt: z.optional(z.string()),
    revokeReason: z.optional(z.string()),
    /** 账物相符, once the trip has ended: goods out = redeemed + returned; held = spent + released. */
    reconciliation: z.optional(z.object({ balanced: z.boolean(), mismatches: z.array(TripMismatch) })),
  })
  .register(z.globalRegistry, { id: 'Trip' });
export type Trip = z.infer<typeof Trip>;

export const TripListQuery = z.strictObject({
  storeId: z.optional(Id),
  limit: QueryInt({ min: 1, max: TRIP_LIST_MAX, fallback: 20 }),
});

export const TripList = z.object({ trips: z.array(Trip) }).register(z.globalRegistry, { id: 'TripList' });

/** A PIN verifier for a card: scrypt of the PIN with this salt (the counter checks it on the phone). */
export const PinVerifier = z
  .object({ scheme: z.string(), salt: z.string(), hash: z.string() })
  .register(z.globalRegistry, { id: 'PinVerifier' });

export const TripPackVolunteer = z
  .object({
    volunteerId: z.string(),
    /** Masked for counter staff (张*华). */
    displayName: z.string(),
    village: z.string(),
    /** The printed card's number, when the volunteer holds one, and its PIN verifier. */
    cardNumber: z.optional(z.string()),
    pin: z.optional(PinVerifier),
    /** What may be spent at the van on this trip (held when it opened), and what is spent so far. */
    allowance: z.int(),
    spent: z.int(),
  })
  .register(z.globalRegistry, { id: 'TripPackVolunteer' });

export const TripPack = z
  .object({
    trip: Trip,
    volunteers: z.array(TripPackVolunteer),
    /** When the pack was made: the counter shows how old its numbers are. */
    packedAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'TripPack' });
export type TripPack = z.infer<typeof TripPack>;

/**
 * One basket made at the van, sent when there is signal (the Idempotency-Key is the basket's own,
 * made on the phone when it was recorded). Prices are the trip's: the server computes the points
 * and refuses a basket whose `pointsSpent` disagrees.
 */
export const TripBasketRequest = z
  .strictObject({
    volunteerId: Id,
    items: z
      .array(z.strictObject({ sku: Id, qty: z.int().check(z.minimum(1), z.maximum(REDEMPTION_QTY_MAX)) }))
      .check(z.minLength(1), z.maxLength(REDEMPTION_LINES_MAX)),
    pointsSpent: z.int().check(z.minimum(1), z.maximum(1_000_000)),
    /** When the counter recorded it (the phone's clock), kept for the receipt. */
    recordedAt: Instant,
    /** How the volunteer was known: card and PIN, a signed code, or a line of the paper roster. */
    via: z.enum(['card', 'code', 'paper']),
  })
  .register(z.globalRegistry, { id: 'TripBasketRequest' });
export type TripBasketRequest = z.infer<typeof TripBasketRequest>;

export const TripBasket = z
  .object({
    id: z.string(),
    tripId: z.string(),
    volunteerId: z.string(),
    items: z.array(
      z.object({ sku: z.string(), name: z.string(), qty: z.int(), pricePoints: z.int(), points: z.int() }),
    ),
    pointsSpent: z.int(),
    /** What is left of the volunteer's hold on this trip. */
    allowanceLeft: z.int(),
    recordedAt: z.string(),
    at: z.string(),
  })
  .register(z.globalRegistry, { id: 'TripBasket' });

export const CloseTripRequest = z
  .strictObject({
    /** What came back on the van, per item; an item not named came back with none. */
    returned: z.array(z.strictObject({ sku: Id, qty: Count })).check(z.maxLength(TRIP_GOODS_MAX)),
  })
  .register(z.globalRegistry, { id: 'CloseTripRequest' });
export type CloseTripRequest = z.infer<typeof CloseTripRequest>;

export const RevokeTripRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'RevokeTripRequest' });
export type RevokeTripRequest = z.infer<typeof RevokeTripRequest>;
