import type { LedgerResult } from '../ledger/port';
import type { OrgTree } from '../people/rules/org-tree';
import type { IdempotencyScope, ReplayableResult, StoredResponse } from '../platform/idempotency';
import type { StoreItemRecord, StoreRecord } from '../stores/rules/store';
import type { HoldRecord, TripRecord, TripState } from './rules/trip';

/**
 * What the trips use cases need (docs/mobile-shop.md). DynamoTripStore (store/trip-store.ts) is the
 * one implementation: every rule of rules/trip.ts that guards points or stock is a condition of its
 * writes, never a check in code.
 */

/** A volunteer of the route, as the trip takes them. */
export interface RouteVolunteer {
  volunteerId: string;
  /** The name masked for counter staff. */
  displayName: string;
  village: string;
}

/** A printed card as the pack carries it: the number and the PIN's verifier. */
export interface PackCard {
  cardNumber: string;
  pinSalt: string;
  pinHash: string;
}

export interface TripStore {
  get(tripId: string): Promise<TripRecord | undefined>;
  /** Writes the trip once: 'exists' when a trip with this id is there already. */
  create(trip: TripRecord): Promise<'created' | 'exists'>;
  /** Every hold of the trip (strongly consistent). */
  holds(tripId: string): Promise<HoldRecord[]>;
  /**
   * Places one volunteer's hold, once: the allowance (`offlineAllowance` of the balance read, as
   * `allowanceOf` says) moves into the trip's account, guarded by the balance in the same
   * transaction; a volunteer with nothing to spend gets a hold of 0 and no movement.
   */
  placeHold(
    trip: TripRecord,
    volunteer: RouteVolunteer,
    allowanceOf: (balance: number) => number,
  ): Promise<HoldRecord>;
  /** Marks the trip ready (every hold placed), once, with the open request's answer as its marker. */
  markReady(
    trip: TripRecord,
    totals: { volunteers: number; volunteersHeld: number; pointsHeld: number },
    idempotency: IdempotencyScope,
    respond: (trip: TripRecord) => StoredResponse,
  ): Promise<ReplayableResult>;
  /** A basket made at the van, settled against its hold (`canSpend`) and the van's stock, once. */
  settle(basket: TripBasketWrite): Promise<LedgerResult>;
  findReplay(idempotency: IdempotencyScope): Promise<ReplayableResult | undefined>;
  /** Ends an open trip (closed or revoked): 'ended', or the state it is in already. */
  end(tripId: string, change: TripEnding): Promise<'ended' | TripState | 'missing'>;
  /** Gives back what is left of one hold (`releaseOf`), once; a hold with nothing left is marked. */
  release(trip: TripRecord, hold: HoldRecord): Promise<HoldRecord>;
  /** Marks every hold released, once, with the ending request's answer as its marker. */
  markReleased(
    trip: TripRecord,
    pointsReleased: number,
    idempotency: IdempotencyScope,
    respond: (trip: TripRecord) => StoredResponse,
  ): Promise<ReplayableResult>;
  /** The newest trips, of one store or of the county. */
  list(storeId: string | undefined, limit: number): Promise<TripRecord[]>;
  /** The cards the volunteers hold now (active ones only), by volunteer. */
  cardsOf(volunteerIds: readonly string[]): Promise<Map<string, PackCard>>;
  /** The volunteers of these organisations (each one's own, not its subtree), at most `max` + 1. */
  volunteersOf(
    orgIds: readonly string[],
    max: number,
  ): Promise<{ volunteerId: string; orgId: string; name: string }[]>;
}

export interface TripEnding {
  to: 'closed' | 'revoked';
  at: string;
  by: string;
  returned?: Record<string, number>;
  reason?: string;
}

export interface TripBasketWrite {
  trip: TripRecord;
  /** The redemption record's id, made from the trip and the basket's key. */
  redemptionId: string;
  volunteerId: string;
  counterUserId: string;
  lines: { sku: string; name: string; qty: number; pricePoints: number; points: number }[];
  points: number;
  recordedAt: string;
  via: 'card' | 'code' | 'paper';
  idempotency: IdempotencyScope;
}

/** The stock writes a trip's close makes: the van's difference between what it should have and what came back. */
export interface TripStockCount {
  /** Changes each item's stock by its difference, as stocktake movements, once per key. */
  countBack(
    storeId: string,
    differences: readonly { sku: string; delta: number }[],
    reason: string,
    by: string,
    idempotency: IdempotencyScope,
  ): Promise<void>;
}

export interface TripsDeps {
  trips: TripStore;
  stores: {
    getStore(storeId: string): Promise<StoreRecord | undefined>;
    listItems(storeId: string): Promise<StoreItemRecord[]>;
  };
  stock: TripStockCount;
  orgTree: () => Promise<OrgTree>;
  /** The daily spending cap, the offline allowance's cap (0: no cap). */
  cap: number;
  now: () => Date;
  /** Milliseconds a request may spend placing or releasing holds before it answers how far it got. */
  stepBudgetMs: number;
}
