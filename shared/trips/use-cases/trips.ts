import { createHash } from 'node:crypto';
import type { LedgerResult } from '../../ledger/port';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, type ReplayableResult, userScope } from '../../platform/idempotency';
import { TRIP_HOLDS_AT_ONCE, TRIP_VOLUNTEERS_MAX } from '../../platform/limits';
import { maskName } from '../../platform/masking';
import { logger } from '../../platform/observability';
import { hasRole, type Principal } from '../../platform/principal';
import { assertStoreAccess, type StoreItemRecord } from '../../stores/rules/store';
import { PIN_SCHEME } from '../../stores/rules/volunteer-code';
import type {
  CloseTripRequest,
  OpenTripRequest,
  RevokeTripRequest,
  Trip,
  TripBasketRequest,
  TripPack,
} from '../contract/trips';
import type { RouteVolunteer, TripsDeps } from '../port';
import {
  canTripStep,
  type HoldRecord,
  offlineAllowance,
  priceBasket,
  reconcileTrip,
  type TripAction,
  type TripRecord,
  tripCounts,
} from '../rules/trip';

type Key = Omit<IdempotencyScope, 'scope'>;

/** A short id from a longer text: 22 characters of base64url (128 bits of SHA-256). */
const digestId = (text: string): string => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * A trip's id comes from the request that opens it (the caller and their key): the same request
 * sent again, after a timeout or a 202, finds the same trip and goes on placing its holds.
 */
export const tripIdOf = (scope: IdempotencyScope): string =>
  `trip-${digestId(`${scope.scope}\n${scope.key}`)}`;

/** A basket's redemption id, from the trip and the basket's own key: one basket, one redemption. */
export const basketIdOf = (tripId: string, key: string): string => `van-${digestId(`${tripId}\n${key}`)}`;

/** What the API answers for a trip; the reconciliation once it has ended and every hold is given back. */
export function tripView(trip: TripRecord, holds?: readonly HoldRecord[]): Trip {
  const ended = trip.status !== 'open' && trip.releasedAt !== undefined && holds !== undefined;
  const mismatches = ended ? reconcileTrip(tripCounts(trip, holds)) : [];
  return {
    id: trip.tripId,
    storeId: trip.storeId,
    storeName: trip.storeName,
    date: trip.date,
    villages: trip.villages,
    status: trip.status,
    ready: trip.readyAt !== undefined,
    openedAt: trip.openedAt,
    volunteers: trip.volunteers ?? holds?.length ?? 0,
    volunteersHeld: trip.volunteersHeld ?? holds?.filter((hold) => hold.held > 0).length ?? 0,
    pointsHeld: trip.pointsHeld ?? holds?.reduce((sum, hold) => sum + hold.held, 0) ?? 0,
    pointsSpent: Number(trip.pointsSpent),
    pointsReleased: Number(trip.pointsReleased ?? 0),
    baskets: Number(trip.baskets),
    goods: trip.goods.map((good) => ({
      ...good,
      redeemed: Number(trip.redeemed[good.sku] ?? 0),
      ...(trip.returned === undefined ? {} : { returned: Number(trip.returned[good.sku] ?? 0) }),
    })),
    ...(trip.endedAt === undefined ? {} : { endedAt: trip.endedAt }),
    ...(trip.revokeReason === undefined ? {} : { revokeReason: trip.revokeReason }),
    ...(ended
      ? {
          reconciliation: {
            balanced: mismatches.length === 0,
            mismatches: mismatches.map((mismatch) =>
              mismatch.kind === 'goods'
                ? {
                    kind: 'goods',
                    id: mismatch.itemId,
                    expected: mismatch.out,
                    accounted: mismatch.accounted,
                  }
                : {
                    kind: 'points',
                    id: mismatch.volunteerId,
                    expected: mismatch.held,
                    accounted: mismatch.accounted,
                  },
            ),
          },
        }
      : {}),
  };
}

async function requireTrip(
  deps: Pick<TripsDeps, 'trips'>,
  principal: Principal,
  tripId: string,
  allowAdmin = true,
) {
  const trip = await deps.trips.get(tripId);
  if (trip === undefined) throw new AppError('NOT_FOUND', 'No such trip');
  assertStoreAccess(principal, trip.storeId, allowAdmin);
  return trip;
}

/** Runs `work` over `items`, a few at a time, until the budget is spent: how many were done. */
async function inBatches<T>(
  items: readonly T[],
  budgetMs: number,
  work: (item: T) => Promise<void>,
): Promise<number> {
  const started = Date.now();
  let done = 0;
  while (done < items.length) {
    // At least one batch a call, so a repeated request always gets further.
    if (done > 0 && Date.now() - started >= budgetMs) break;
    const batch = items.slice(done, done + TRIP_HOLDS_AT_ONCE);
    await Promise.all(batch.map(work));
    done += batch.length;
  }
  return done;
}

/** What the van takes out: the lines asked for (each within the store's stock), or all it has. */
function loadOf(items: readonly StoreItemRecord[], load: OpenTripRequest['load']): TripRecord['goods'] {
  const good = (item: StoreItemRecord, out: number) => ({
    sku: item.sku,
    name: item.name,
    pricePoints: Number(item.pricePoints),
    out,
  });
  if (load === undefined) {
    return items.filter((item) => Number(item.stock) > 0).map((item) => good(item, Number(item.stock)));
  }
  const seen = new Set<string>();
  return load.map((line) => {
    const item = items.find((candidate) => candidate.sku === line.sku);
    if (item === undefined) throw new AppError('NOT_FOUND', `No item ${line.sku} at this store`);
    if (seen.has(line.sku)) {
      throw new AppError('VALIDATION_FAILED', `${line.sku} is loaded on two lines`, {
        fields: [{ path: 'body.load', message: `${line.sku} twice` }],
      });
    }
    seen.add(line.sku);
    // The van's count is checked again by every basket's condition on the store's stock.
    if (line.qty > Number(item.stock)) {
      throw new AppError('OUT_OF_STOCK', `Only ${Number(item.stock)} of ${line.sku} in stock`, {
        extra: { sku: line.sku, stock: Number(item.stock) },
      });
    }
    return good(item, line.qty);
  });
}

/** The route's volunteers: each village's subtree, the village named for each, masked. */
async function routeVolunteers(deps: Pick<TripsDeps, 'trips' | 'orgTree'>, villages: readonly string[]) {
  const tree = await deps.orgTree();
  const villageOf = new Map<string, { orgId: string; name: string }>();
  for (const villageId of villages) {
    const village = tree.get(villageId);
    if (village === undefined) throw new AppError('NOT_FOUND', `No organisation ${villageId}`);
    for (const org of tree.subtree(villageId)) {
      if (!villageOf.has(org.orgId)) villageOf.set(org.orgId, { orgId: village.orgId, name: village.name });
    }
  }
  const people = await deps.trips.volunteersOf([...villageOf.keys()], TRIP_VOLUNTEERS_MAX);
  if (people.length > TRIP_VOLUNTEERS_MAX) {
    throw new AppError(
      'VALIDATION_FAILED',
      `A trip takes at most ${TRIP_VOLUNTEERS_MAX} volunteers: choose fewer villages`,
      {
        fields: [{ path: 'body.villages', message: `more than ${TRIP_VOLUNTEERS_MAX} volunteers` }],
      },
    );
  }
  const seen = new Set<string>();
  const route: RouteVolunteer[] = [];
  for (const person of people) {
    if (seen.has(person.volunteerId)) continue;
    seen.add(person.volunteerId);
    route.push({
      volunteerId: person.volunteerId,
      displayName: maskName(person.name),
      village: villageOf.get(person.orgId)?.name ?? '',
    });
  }
  return { route, villages: villages.map((id) => ({ orgId: id, name: tree.get(id)?.name ?? id })) };
}

/**
 * 出车: opens a trip for a store, a day and a route of villages, and holds each volunteer's
 * offline allowance (docs/mobile-shop.md). Holds are placed a few at a time; when the request's
 * time is spent it answers 202 with how far it got, and the same request again (same key) goes on.
 * The answer 201 is kept under the key once every hold is placed.
 */
export async function openTrip(
  deps: TripsDeps,
  principal: Principal,
  request: OpenTripRequest,
  key: Key,
): Promise<ReplayableResult> {
  assertStoreAccess(principal, request.storeId);
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...key };
  const replay = await deps.trips.findReplay(scope);
  if (replay !== undefined) return replay;
  const store = await deps.stores.getStore(request.storeId);
  if (store === undefined) throw new AppError('NOT_FOUND', 'No such store');
  const { route, villages } = await routeVolunteers(deps, request.villages);
  const tripId = tripIdOf(scope);
  let trip = await deps.trips.get(tripId);
  if (trip === undefined) {
    const goods = loadOf(await deps.stores.listItems(request.storeId), request.load);
    const fresh: TripRecord = {
      tripId,
      storeId: store.storeId,
      storeName: store.name,
      date: request.date,
      villages,
      status: 'open',
      fingerprint: scope.fingerprint,
      openedAt: deps.now().toISOString(),
      openedBy: principal.userId,
      cap: deps.cap,
      goods,
      redeemed: Object.fromEntries(goods.map((good) => [good.sku, 0])),
      baskets: 0,
      pointsSpent: 0,
    };
    trip = (await deps.trips.create(fresh)) === 'created' ? fresh : await deps.trips.get(tripId);
    if (trip === undefined)
      throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
  }
  if (trip.fingerprint !== scope.fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request',
    );
  }
  if (trip.status !== 'open') throw new AppError('TRIP_STATE', 'This trip was ended while it was opening');
  const placed = new Map((await deps.trips.holds(tripId)).map((hold) => [hold.volunteerId, hold]));
  const toPlace = route.filter((volunteer) => !placed.has(volunteer.volunteerId));
  const opened = trip;
  const allowanceOf = (balance: number) => offlineAllowance(balance, opened.cap);
  const done = await inBatches(toPlace, deps.stepBudgetMs, async (volunteer) => {
    placed.set(volunteer.volunteerId, await deps.trips.placeHold(opened, volunteer, allowanceOf));
  });
  const holds = [...placed.values()];
  if (done < toPlace.length) return { status: 202, body: tripView(trip, holds), replayed: false };
  const totals = {
    volunteers: holds.length,
    volunteersHeld: holds.filter((hold) => hold.held > 0).length,
    pointsHeld: holds.reduce((sum, hold) => sum + hold.held, 0),
  };
  return deps.trips.markReady(trip, totals, scope, (ready) => ({
    status: 201,
    body: tripView(ready, holds),
  }));
}

export async function getTrip(deps: TripsDeps, principal: Principal, tripId: string): Promise<Trip> {
  const trip = await requireTrip(deps, principal, tripId);
  return tripView(trip, trip.status === 'open' ? undefined : await deps.trips.holds(tripId));
}

export async function listTrips(
  deps: TripsDeps,
  principal: Principal,
  query: { storeId?: string | undefined; limit: number },
): Promise<{ trips: Trip[] }> {
  // A counter sees its own store's; an admin the county's or one store's.
  const storeId = hasRole(principal, 'admin') ? query.storeId : principal.storeId;
  if (!hasRole(principal, 'admin')) assertStoreAccess(principal, query.storeId ?? storeId ?? '');
  const trips = await deps.trips.list(storeId, query.limit);
  return { trips: trips.map((trip) => tripView(trip)) };
}

/**
 * The trip pack the van's phone keeps for the day: the goods at the trip's prices, and each
 * volunteer of the route masked, with their printed card's number and PIN verifier (scrypt, the
 * cards' own: slow to try PINs against) and what they may spend. It is personal data enough to be
 * logged when it is read (who, which trip, how many), never its contents.
 */
export async function readPack(deps: TripsDeps, principal: Principal, tripId: string): Promise<TripPack> {
  const trip = await requireTrip(deps, principal, tripId);
  if (trip.status !== 'open' || trip.readyAt === undefined) {
    throw new AppError(
      'TRIP_STATE',
      trip.status === 'open'
        ? 'The trip is still opening; open it again with the same key'
        : 'This trip has ended',
    );
  }
  const holds = await deps.trips.holds(tripId);
  const cards = await deps.trips.cardsOf(holds.map((hold) => hold.volunteerId));
  const volunteers = holds
    .map((hold) => {
      const card = cards.get(hold.volunteerId);
      return {
        volunteerId: hold.volunteerId,
        displayName: hold.displayName,
        village: hold.village,
        ...(card === undefined
          ? {}
          : {
              cardNumber: card.cardNumber,
              pin: { scheme: PIN_SCHEME, salt: card.pinSalt, hash: card.pinHash },
            }),
        allowance: hold.held,
        spent: hold.spent,
      };
    })
    .sort(
      (a, b) =>
        a.village.localeCompare(b.village, 'zh-CN') || a.displayName.localeCompare(b.displayName, 'zh-CN'),
    );
  logger.info('trip pack read', { tripId, by: principal.userId, volunteers: volunteers.length });
  return { trip: tripView(trip, holds), volunteers, packedAt: deps.now().toISOString() };
}

/**
 * A basket made at the van, settled against the volunteer's hold on this trip (docs/mobile-shop.md):
 * priced at the trip's prices, never beyond the hold, on an open trip only, taking the van's stock,
 * all in one transaction. Its key is the basket's own, kept per trip: the same basket sent again,
 * from this phone or another, or typed again from the paper roster, settles once.
 */
export async function settleBasket(
  deps: TripsDeps,
  principal: Principal,
  tripId: string,
  request: TripBasketRequest,
  key: Key,
): Promise<LedgerResult> {
  const scope: IdempotencyScope = { scope: `trip-basket:${tripId}`, ...key };
  // A settled basket replays from the ledger's own read of its marker (in `settle`); a refusal is
  // kept under the caller's own scope (as for every route), read here.
  const replay = await deps.trips.findReplay({ ...scope, scope: userScope(principal.userId) });
  if (replay !== undefined) {
    await requireTrip(deps, principal, tripId);
    return replay;
  }
  const trip = await requireTrip(deps, principal, tripId);
  const priced = priceBasket(trip.goods, request.items);
  if (!priced.ok) {
    if (priced.why === 'unknown')
      throw new AppError('NOT_FOUND', `The van carries no ${priced.sku} on this trip`);
    throw new AppError('VALIDATION_FAILED', `${priced.sku} is on two lines`, {
      fields: [{ path: 'body.items', message: `${priced.sku} twice` }],
    });
  }
  if (priced.total !== request.pointsSpent) {
    throw new AppError(
      'PRICE_CHANGED',
      `The trip's prices make ${priced.total} points, not ${request.pointsSpent}`,
      {
        extra: { pricePoints: priced.total },
      },
    );
  }
  return deps.trips.settle({
    trip,
    redemptionId: basketIdOf(tripId, key.key),
    volunteerId: request.volunteerId,
    counterUserId: principal.userId,
    lines: priced.lines,
    points: priced.total,
    recordedAt: request.recordedAt,
    via: request.via,
    idempotency: scope,
  });
}

/**
 * Ends a trip: 收车 (closed, with what came back) or revoked by the office (a lost phone). The trip
 * stops selling at once (its condition refuses every later basket); then each hold's rest goes
 * back to its volunteer, a few at a time within the request's budget (202 says how far; the same
 * request again goes on). The answer, kept under the key, carries the reconciliation.
 */
async function endTrip(
  deps: TripsDeps,
  principal: Principal,
  tripId: string,
  action: TripAction,
  change: { returned?: Record<string, number>; reason?: string },
  key: Key,
): Promise<ReplayableResult> {
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...key };
  const replay = await deps.trips.findReplay(scope);
  let trip = await requireTrip(deps, principal, tripId);
  if (replay !== undefined) return replay;
  const to = action === 'close' ? 'closed' : 'revoked';
  const unknown = Object.keys(change.returned ?? {}).find(
    (sku) => !trip.goods.some((good) => good.sku === sku),
  );
  if (unknown !== undefined) throw new AppError('NOT_FOUND', `The van carried no ${unknown} on this trip`);
  if (canTripStep(trip.status, action)) {
    const ended = await deps.trips.end(tripId, {
      to,
      at: deps.now().toISOString(),
      by: principal.userId,
      ...change,
    });
    if (ended === 'missing') throw new AppError('NOT_FOUND', 'No such trip');
    const now = await deps.trips.get(tripId);
    if (now === undefined) throw new AppError('NOT_FOUND', 'No such trip');
    trip = now;
  }
  // Ending again what this action ended goes on giving back; anything else is refused.
  if (trip.status !== to) {
    throw new AppError(
      'TRIP_STATE',
      trip.status === 'open' ? 'The trip is still open' : `This trip was already ${trip.status}`,
    );
  }
  const holds = await deps.trips.holds(tripId);
  const pending = holds.filter((hold) => hold.releasedAt === undefined);
  const ending = trip;
  const released = new Map(holds.map((hold) => [hold.volunteerId, hold]));
  const done = await inBatches(pending, deps.stepBudgetMs, async (hold) => {
    released.set(hold.volunteerId, await deps.trips.release(ending, hold));
  });
  const after = [...released.values()];
  if (done < pending.length) return { status: 202, body: tripView(trip, after), replayed: false };
  if (action === 'close' && trip.returned !== undefined) {
    // What came back against what should have (out − redeemed): the difference, lost or found,
    // becomes a stock movement of the store, once.
    const returned = trip.returned;
    const differences = trip.goods
      .map((good) => ({
        sku: good.sku,
        delta: Number(returned[good.sku] ?? 0) - (good.out - Number(trip.redeemed[good.sku] ?? 0)),
      }))
      .filter((line) => line.delta !== 0);
    await deps.stock.countBack(
      trip.storeId,
      differences,
      `流动超市收车盘点 ${trip.date}`,
      trip.endedBy ?? principal.userId,
      { scope: `trip-count:${tripId}`, key: 'close', fingerprint: `count:${tripId}` },
    );
  }
  const pointsReleased = after.reduce((sum, hold) => sum + hold.released, 0);
  return deps.trips.markReleased(trip, pointsReleased, scope, (done) => ({
    status: 200,
    body: tripView(done, after),
  }));
}

export function closeTrip(
  deps: TripsDeps,
  principal: Principal,
  tripId: string,
  request: CloseTripRequest,
  key: Key,
): Promise<ReplayableResult> {
  const returned: Record<string, number> = {};
  for (const line of request.returned) {
    if (returned[line.sku] !== undefined) {
      throw new AppError('VALIDATION_FAILED', `${line.sku} is counted twice`, {
        fields: [{ path: 'body.returned', message: `${line.sku} twice` }],
      });
    }
    returned[line.sku] = line.qty;
  }
  return endTrip(deps, principal, tripId, 'close', { returned }, key);
}

/** The office ends a trip whose phone is lost: nothing more settles on it; baskets settled before stand. */
export function revokeTrip(
  deps: TripsDeps,
  principal: Principal,
  tripId: string,
  request: RevokeTripRequest,
  key: Key,
): Promise<ReplayableResult> {
  return endTrip(deps, principal, tripId, 'revoke', { reason: request.reason }, key);
}

/** A 202 (holds still being placed or given back) says when to ask again: in a second. */
export const stillWorking = <R extends { status: number; headers?: Record<string, string> }>(reply: R): R =>
  reply.status === 202 ? { ...reply, headers: { ...reply.headers, 'retry-after': '1' } } : reply;
