/**
 * The mobile shop's trip (流动超市, docs/mobile-shop.md), its pure rules: what a volunteer may spend
 * offline, how a redemption made offline settles against what was held for it, and when a closed
 * trip's books agree (账物相符). No I/O: the store applies these as DynamoDB conditions, and the
 * property test in test/unit/trip-rules.test.ts drives them through any order of events.
 *
 * Points are integers here as everywhere in the ledger; a hold is a ledger movement from the
 * volunteer's account into the trip's pending account, so what is held offline cannot be spent at
 * another counter, and a balance cannot go below zero by anything the van does.
 */

export const TRIP_STATES = ['open', 'closed', 'revoked'] as const;
export type TripState = (typeof TRIP_STATES)[number];
export type TripAction = 'close' | 'revoke';

/** open → closed (the van is back and counted) or revoked (the office ends a lost phone's trip). */
export function canTripStep(state: TripState, action: TripAction): boolean {
  return state === 'open' && (action === 'close' || action === 'revoke');
}

/**
 * What is held for a volunteer when a trip opens: their balance, at most `cap`. The cap is the
 * daily spending cap the counter already enforces (REDEEM_POINTS_PER_VOLUNTEER_PER_DAY, default
 * 5,000 points in shared/platform/limits.ts): the van can let nobody spend more than that in a day
 * anyway, so holding more would only keep points from other counters. A cap of 0 (the cap turned
 * off) holds the whole balance.
 */
export function offlineAllowance(balance: number, cap: number): number {
  if (!Number.isSafeInteger(balance) || !Number.isSafeInteger(cap) || cap < 0)
    throw new RangeError('A balance and a cap are whole numbers of points');
  const available = Math.max(0, balance);
  return cap === 0 ? available : Math.min(available, cap);
}

/** One volunteer's hold on one trip: what was held when it opened, what was spent from it since. */
export interface Hold {
  held: number;
  spent: number;
}

export type SpendRefusal = 'not-whole' | 'over-hold' | 'trip-ended';

/**
 * A redemption made offline, settled against its hold: never beyond it (the van's phone checked
 * the same, but a second phone or a forged queue must not pass either), never on an ended trip.
 */
export function spendFromHold(
  hold: Hold,
  amount: number,
  state: TripState,
): { ok: true; hold: Hold } | { ok: false; why: SpendRefusal } {
  if (!Number.isSafeInteger(amount) || amount <= 0) return { ok: false, why: 'not-whole' };
  if (state !== 'open') return { ok: false, why: 'trip-ended' };
  if (hold.spent + amount > hold.held) return { ok: false, why: 'over-hold' };
  return { ok: true, hold: { held: hold.held, spent: hold.spent + amount } };
}

/** What closing (or revoking) the trip gives back to the volunteer: the hold's unspent rest. */
export const releaseOf = (hold: Hold): number => hold.held - hold.spent;

/** A closed trip's counts, per item and per volunteer, as the store reads them. */
export interface TripCounts {
  items: readonly { itemId: string; out: number; redeemed: number; returned: number }[];
  holds: readonly { volunteerId: string; held: number; spent: number; released: number }[];
}

export type Mismatch =
  | { kind: 'goods'; itemId: string; out: number; accounted: number }
  | { kind: 'points'; volunteerId: string; held: number; accounted: number };

/**
 * 账物相符 for the van: every item that went out came back or was redeemed (out = redeemed +
 * returned), and every point held was spent or released (held = spent + released). The answer
 * lists what does not agree; an empty list is a trip whose books balance.
 */
export function reconcileTrip(counts: TripCounts): Mismatch[] {
  const goods = counts.items
    .filter((item) => item.out !== item.redeemed + item.returned)
    .map((item) => ({
      kind: 'goods' as const,
      itemId: item.itemId,
      out: item.out,
      accounted: item.redeemed + item.returned,
    }));
  const points = counts.holds
    .filter((hold) => hold.held !== hold.spent + hold.released)
    .map((hold) => ({
      kind: 'points' as const,
      volunteerId: hold.volunteerId,
      held: hold.held,
      accounted: hold.spent + hold.released,
    }));
  return [...goods, ...points];
}

/** One redemption queued on the van's phone, in the order it was made. */
export interface QueuedRedemption {
  idempotencyKey: string;
  volunteerId: string;
  amount: number;
  /** When the phone recorded it (its own clock: shown on the receipt, never trusted for order). */
  recordedAt: string;
}

/**
 * What a sync sends next: the queue in the order the phone recorded it, without what the server
 * has already answered (by idempotency key). Sending an answered one again would change nothing
 * (the key), but would cost a request for each.
 */
export function toSync(
  queue: readonly QueuedRedemption[],
  answered: ReadonlySet<string>,
): QueuedRedemption[] {
  return queue.filter((entry) => !answered.has(entry.idempotencyKey));
}

/** A trip as it is kept: the route, the goods it took out at the trip's prices, and its counts. */
export interface TripRecord {
  tripId: string;
  storeId: string;
  storeName: string;
  date: string;
  villages: { orgId: string; name: string }[];
  status: TripState;
  /** The open request's fingerprint: the same key with another request is refused. */
  fingerprint: string;
  openedAt: string;
  openedBy: string;
  /** The allowance cap when the trip opened (shared/platform/limits.ts; 0: the whole balance). */
  cap: number;
  goods: { sku: string; name: string; pricePoints: number; out: number }[];
  /** Units redeemed per sku, added by each basket in its transaction. */
  redeemed: Record<string, number>;
  baskets: number;
  pointsSpent: number;
  /** Set once every volunteer of the route has their hold: the trip can be packed and sold from. */
  readyAt?: string;
  volunteers?: number;
  volunteersHeld?: number;
  pointsHeld?: number;
  endedAt?: string;
  endedBy?: string;
  revokeReason?: string;
  returned?: Record<string, number>;
  /** Set once every hold's rest is given back. */
  releasedAt?: string;
  pointsReleased?: number;
}

/** One volunteer of the route on one trip. A hold of 0 (nothing to spend) moved no points. */
export interface HoldRecord {
  tripId: string;
  volunteerId: string;
  /** Masked when the trip opened (张*华): the pack never needs the name itself. */
  displayName: string;
  village: string;
  held: number;
  spent: number;
  /** held − spent − released: what a basket may still take; 0 once released. */
  remaining: number;
  released: number;
  /** The hold movement's id (none for a hold of 0). */
  movementId?: string;
  releasedAt?: string;
}

/** `spendFromHold` for a kept hold: the same rule the store's condition enforces. */
export const canSpend = (hold: Pick<HoldRecord, 'remaining'>, amount: number, state: TripState): boolean =>
  Number.isSafeInteger(amount) && amount > 0 && state === 'open' && amount <= hold.remaining;

/** A basket priced at the trip's prices: unknown skus are named, the total is whole points. */
export function priceBasket(
  goods: TripRecord['goods'],
  lines: readonly { sku: string; qty: number }[],
):
  | {
      ok: true;
      lines: { sku: string; name: string; qty: number; pricePoints: number; points: number }[];
      total: number;
    }
  | { ok: false; why: 'unknown' | 'twice'; sku: string } {
  const priced = [];
  let total = 0;
  const seen = new Set<string>();
  for (const line of lines) {
    const good = goods.find((candidate) => candidate.sku === line.sku);
    if (good === undefined) return { ok: false, why: 'unknown', sku: line.sku };
    if (seen.has(line.sku)) return { ok: false, why: 'twice', sku: line.sku };
    seen.add(line.sku);
    const points = good.pricePoints * line.qty;
    total += points;
    priced.push({ sku: good.sku, name: good.name, qty: line.qty, pricePoints: good.pricePoints, points });
  }
  return { ok: true, lines: priced, total };
}

/**
 * The reconciliation of an ended trip from its record and holds (`reconcileTrip`). A revoked trip
 * has no count of what came back (its phone is lost; the van's goods are counted by a stocktake
 * when it is back): its points are reconciled, its goods are not.
 */
export function tripCounts(trip: TripRecord, holds: readonly HoldRecord[]): TripCounts {
  const returned = trip.returned;
  return {
    items: (returned === undefined ? [] : trip.goods).map((good) => ({
      itemId: good.sku,
      out: good.out,
      redeemed: trip.redeemed[good.sku] ?? 0,
      returned: returned?.[good.sku] ?? 0,
    })),
    holds: holds.map((hold) => ({
      volunteerId: hold.volunteerId,
      held: hold.held,
      spent: hold.spent,
      released: hold.released,
    })),
  };
}
