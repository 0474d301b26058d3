import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { goodsSummary, SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import type { LedgerResult, LedgerStore, TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { batchGetItems } from '../../platform/dynamo/batch-get';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { writeIdempotently } from '../../platform/dynamo/idempotent-write';
import { ENTITY, keys, TRIP_HOLD_SORT_PREFIX } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import type { IdempotencyScope, ReplayableResult, StoredResponse } from '../../platform/idempotency';
import { TRIP_HOLD_PAGES_MAX } from '../../platform/limits';
import { queryPages, type TableAccess, withRetries } from '../../stores/store/reads';
import { redemptionPut } from '../../stores/store/redemption-store';
import type { PackCard, RouteVolunteer, TripBasketWrite, TripEnding, TripStore } from '../port';
import type { HoldRecord, TripRecord, TripState } from '../rules/trip';

const goodOf = (trip: Pick<TripRecord, 'goods'>, sku: string) => trip.goods.find((good) => good.sku === sku);

/** Tries at placing one hold when the balance moves under it (each a fresh allowance). */
const HOLD_ATTEMPTS_MAX = 4;
const CARD_READ_ROUNDS = 4;

export interface TripStoreDeps extends TableAccess {
  ledger: LedgerStore;
  now: () => Date;
}

const holdScope = (tripId: string, volunteerId: string, kind: 'hold' | 'release'): IdempotencyScope => ({
  scope: `trip-${kind}:${tripId}`,
  key: volunteerId,
  // The same volunteer's hold on the same trip is one request, whatever the amount came to.
  fingerprint: `${kind}:${tripId}:${volunteerId}`,
});

/**
 * Mobile shop trips in DynamoDB (docs/mobile-shop.md): the trip (keys.trip) and its holds in one
 * partition. Points move only through the ledger's one write path (LedgerStore.postMovement): a
 * hold is a movement into the trip's account with the hold item put in the same transaction; a
 * basket is a release and a redeem of the same account in one transaction with the hold item
 * (`canSpend`: `remaining >= :points`), the trip (`open`, ready), the van's stock (`stock >= :qty`)
 * and the redemption record; the end of a trip gives each hold's rest back the same way.
 */
export class DynamoTripStore implements TripStore {
  constructor(private readonly deps: TripStoreDeps) {}

  async get(tripId: string): Promise<TripRecord | undefined> {
    const found = await withRetries(() =>
      this.deps.client.send(
        new GetCommand({ TableName: this.deps.tableName, Key: keys.trip(tripId), ConsistentRead: true }),
      ),
    );
    return found.Item as TripRecord | undefined;
  }

  async create(trip: TripRecord): Promise<'created' | 'exists'> {
    try {
      await withRetries(() =>
        this.deps.client.send(
          new PutCommand({
            TableName: this.deps.tableName,
            Item: {
              ...keys.trip(trip.tripId),
              ...keys.tripIndexes(trip.storeId, trip.date, trip.tripId),
              entity: ENTITY.trip,
              ...trip,
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return 'created';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'exists';
      throw error;
    }
  }

  async holds(tripId: string): Promise<HoldRecord[]> {
    const { items, complete } = await queryPages<HoldRecord>(
      this.deps,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hold)',
        ExpressionAttributeValues: { ':pk': keys.tripPartition(tripId), ':hold': TRIP_HOLD_SORT_PREFIX },
        ConsistentRead: true,
      },
      TRIP_HOLD_PAGES_MAX,
    );
    if (!complete) throw new AppError('UNAVAILABLE', 'Too many holds to read in one go');
    return items;
  }

  private async getHold(tripId: string, volunteerId: string): Promise<HoldRecord | undefined> {
    const found = await withRetries(() =>
      this.deps.client.send(
        new GetCommand({
          TableName: this.deps.tableName,
          Key: keys.tripHold(tripId, volunteerId),
          ConsistentRead: true,
        }),
      ),
    );
    return found.Item as HoldRecord | undefined;
  }

  private holdItem(hold: HoldRecord): Record<string, unknown> {
    return { ...keys.tripHold(hold.tripId, hold.volunteerId), entity: ENTITY.tripHold, ...hold };
  }

  async placeHold(
    trip: TripRecord,
    volunteer: RouteVolunteer,
    allowanceOf: (balance: number) => number,
  ): Promise<HoldRecord> {
    const { tripId } = trip;
    const { volunteerId } = volunteer;
    for (let attempt = 0; attempt < HOLD_ATTEMPTS_MAX; attempt += 1) {
      const placed = await this.getHold(tripId, volunteerId);
      if (placed !== undefined) return placed;
      const account = await this.deps.ledger.getAccount(volunteerId);
      // The balance read only chooses the amount; the debit's condition decides whether it holds.
      const amount = account === undefined ? 0 : allowanceOf(Number(account.balance));
      const base = {
        tripId,
        volunteerId,
        displayName: volunteer.displayName,
        village: volunteer.village,
        spent: 0,
        released: 0,
      };
      if (amount === 0) {
        const hold: HoldRecord = { ...base, held: 0, remaining: 0 };
        try {
          await withRetries(() =>
            this.deps.client.send(
              new PutCommand({
                TableName: this.deps.tableName,
                Item: this.holdItem(hold),
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            ),
          );
          return hold;
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) continue;
          throw error;
        }
      }
      try {
        const result = await this.deps.ledger.postMovement({
          draft: {
            kind: 'hold',
            volunteerId,
            direction: 'debit',
            amount,
            counterAccount: SYSTEM_ACCOUNT.trip(tripId),
            ref: `trip:${tripId}`,
            actor: trip.openedBy,
            details: { tripId, storeId: trip.storeId, storeName: trip.storeName },
          },
          idempotency: holdScope(tripId, volunteerId, 'hold'),
          heldChange: amount,
          ...(account?.unopened === true ? {} : { prefetched: { account } }),
          respond: (movement) => ({ status: 201, body: { movementId: movement.id, held: amount } }),
          extraItems: (movement) => [
            {
              Put: {
                TableName: this.deps.tableName,
                Item: this.holdItem({ ...base, held: amount, remaining: amount, movementId: movement.id }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        });
        if (!result.replayed && result.movement !== undefined) {
          return { ...base, held: amount, remaining: amount, movementId: result.movement.id };
        }
        // Placed by an earlier call: the hold item was written with it.
      } catch (error) {
        // The balance dropped since it was read: take a fresh allowance.
        if (error instanceof AppError && error.code === 'INSUFFICIENT_POINTS') continue;
        throw error;
      }
    }
    const placed = await this.getHold(tripId, volunteerId);
    if (placed !== undefined) return placed;
    throw new AppError('UNAVAILABLE', 'The ledger is busy; try again with the same Idempotency-Key');
  }

  markReady(
    trip: TripRecord,
    totals: { volunteers: number; volunteersHeld: number; pointsHeld: number },
    idempotency: IdempotencyScope,
    respond: (trip: TripRecord) => StoredResponse,
  ): Promise<ReplayableResult> {
    return writeIdempotently(this.deps, {
      idempotency,
      prepare: async (at) => {
        const ready: TripRecord = { ...trip, ...totals, readyAt: trip.readyAt ?? at };
        return {
          items: [
            {
              Update: {
                TableName: this.deps.tableName,
                Key: keys.trip(trip.tripId),
                UpdateExpression:
                  'SET readyAt = if_not_exists(readyAt, :at), volunteers = :volunteers, volunteersHeld = :held, pointsHeld = :points',
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':at': ready.readyAt,
                  ':volunteers': totals.volunteers,
                  ':held': totals.volunteersHeld,
                  ':points': totals.pointsHeld,
                  ':open': 'open',
                },
              },
            },
          ],
          response: respond(ready),
        };
      },
      explain: () => new AppError('TRIP_STATE', 'The trip was ended while it was opening'),
    });
  }

  findReplay(idempotency: IdempotencyScope): Promise<LedgerResult | undefined> {
    return this.deps.ledger.findReplay(idempotency);
  }

  settle(basket: TripBasketWrite): Promise<LedgerResult> {
    const { trip, volunteerId, points, redemptionId, lines } = basket;
    const { tableName } = this.deps;
    const tripAccount = SYSTEM_ACCOUNT.trip(trip.tripId);
    const holdKey = keys.tripHold(trip.tripId, volunteerId);
    const goods = goodsSummary(lines);
    return this.deps.ledger.postMovement({
      // The points leave the trip's hold and go to the store in one step of the same account.
      draft: {
        kind: 'release',
        volunteerId,
        direction: 'credit',
        amount: points,
        counterAccount: tripAccount,
        ref: `trip:${trip.tripId}`,
        actor: basket.counterUserId,
        details: { tripId: trip.tripId },
      },
      followedBy: {
        kind: 'redeem',
        volunteerId,
        direction: 'debit',
        amount: points,
        counterAccount: SYSTEM_ACCOUNT.store(trip.storeId),
        ref: `redemption:${redemptionId}`,
        actor: basket.counterUserId,
        details: {
          storeId: trip.storeId,
          storeName: trip.storeName,
          redemptionId,
          goods,
          tripId: trip.tripId,
        },
      },
      heldChange: -points,
      idempotency: basket.idempotency,
      readAlong: [holdKey],
      respond: (movement, read) => {
        const hold = read[0] as HoldRecord | undefined;
        return {
          status: 201,
          body: {
            id: redemptionId,
            tripId: trip.tripId,
            volunteerId,
            items: lines,
            pointsSpent: points,
            allowanceLeft: Math.max(0, Number(hold?.remaining ?? 0) - points),
            recordedAt: basket.recordedAt,
            at: movement.at,
          },
        };
      },
      extraItems: (movement, read) => {
        const hold = read[0] as HoldRecord | undefined;
        if (hold === undefined) throw new AppError('NOT_FOUND', 'This volunteer is not on this trip');
        const names: Record<string, string> = { '#status': 'status', '#redeemed': 'redeemed' };
        const values: Record<string, unknown> = { ':open': 'open', ':one': 1, ':points': points };
        const adds = lines.map((line, index) => {
          names[`#s${index}`] = line.sku;
          values[`:q${index}`] = line.qty;
          values[`:room${index}`] = (goodOf(trip, line.sku)?.out ?? 0) - line.qty;
          return `#redeemed.#s${index} :q${index}`;
        });
        // Never more of an item than the van took out (the phone checks the same offline).
        const withinLoad = lines.map((_, index) => `#redeemed.#s${index} <= :room${index}`);
        return [
          {
            // Only an open trip that is ready sells; the counts of the reconciliation go up with it.
            Update: {
              TableName: tableName,
              Key: keys.trip(trip.tripId),
              UpdateExpression: `ADD baskets :one, pointsSpent :points, ${adds.join(', ')}`,
              ConditionExpression: ['#status = :open', 'attribute_exists(readyAt)', ...withinLoad].join(
                ' AND ',
              ),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            // canSpend: never beyond what is left of the hold. Pinned to the remainder read, so
            // the answer's allowanceLeft is exact; a basket in between makes this attempt retry.
            Update: {
              TableName: tableName,
              Key: holdKey,
              UpdateExpression: 'SET remaining = remaining - :points, spent = spent + :points',
              ConditionExpression: 'remaining >= :points AND remaining = :read',
              ExpressionAttributeValues: { ':points': points, ':read': hold.remaining },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          ...lines.map(
            (line): TransactItem => ({
              Update: {
                TableName: tableName,
                Key: keys.storeItem(trip.storeId, line.sku),
                UpdateExpression: 'ADD stock :minus',
                ConditionExpression: 'stock >= :qty',
                ExpressionAttributeValues: { ':minus': -line.qty, ':qty': line.qty },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            }),
          ),
          redemptionPut(tableName, {
            id: redemptionId,
            storeId: trip.storeId,
            volunteerId,
            counterUserId: basket.counterUserId,
            at: movement.at,
            date: chinaDate(movement.at),
            status: 'completed',
            lines,
            pointsSpent: points,
            movementId: movement.id,
            tripId: trip.tripId,
            recordedAt: basket.recordedAt,
            via: basket.via,
          }),
        ];
      },
      explainExtra: (index, reason) => {
        // The trip first: an ended trip is why, whatever its holds say now.
        if (index === 0) {
          const now = oldItemOf<TripRecord>(reason);
          if (now === undefined || now.status !== 'open' || now.readyAt === undefined) {
            return new AppError('TRIP_STATE', 'This trip has ended; nothing more is sold on it');
          }
          const over = lines.find(
            (line) => Number(now.redeemed?.[line.sku] ?? 0) + line.qty > (goodOf(now, line.sku)?.out ?? 0),
          );
          if (over === undefined) return 'retry';
          const left = (goodOf(now, over.sku)?.out ?? 0) - Number(now.redeemed?.[over.sku] ?? 0);
          return new AppError('OUT_OF_STOCK', `Only ${left} of ${over.sku} left on the van`, {
            extra: { sku: over.sku, stock: left },
          });
        }
        if (index === 1) {
          const now = oldItemOf<HoldRecord>(reason);
          if (now === undefined) return new AppError('NOT_FOUND', 'This volunteer is not on this trip');
          if (now.remaining < points) {
            return new AppError('INSUFFICIENT_POINTS', 'More than is held for this volunteer on this trip', {
              extra: { balance: now.remaining },
            });
          }
          return 'retry';
        }
        const line = lines[index - 2];
        if (line !== undefined) {
          const now = oldItemOf<{ stock?: number }>(reason);
          const stock = Number(now?.stock ?? 0);
          return new AppError('OUT_OF_STOCK', `Only ${stock} of ${line.sku} left`, {
            extra: { sku: line.sku, stock },
          });
        }
        return undefined;
      },
    });
  }

  async end(tripId: string, change: TripEnding): Promise<'ended' | TripState | 'missing'> {
    try {
      await withRetries(() =>
        this.deps.client.send(
          new UpdateCommand({
            TableName: this.deps.tableName,
            Key: keys.trip(tripId),
            UpdateExpression: `SET #status = :to, endedAt = :at, endedBy = :by${
              change.returned === undefined ? '' : ', returned = :returned'
            }${change.reason === undefined ? '' : ', revokeReason = :reason'}`,
            // canTripStep: only an open trip ends.
            ConditionExpression: '#status = :open',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':to': change.to,
              ':at': change.at,
              ':by': change.by,
              ':open': 'open',
              ...(change.returned === undefined ? {} : { ':returned': change.returned }),
              ...(change.reason === undefined ? {} : { ':reason': change.reason }),
            },
          }),
        ),
      );
      return 'ended';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = await this.get(tripId);
      return now === undefined ? 'missing' : now.status;
    }
  }

  async release(trip: TripRecord, hold: HoldRecord): Promise<HoldRecord> {
    const { tripId } = trip;
    const { volunteerId } = hold;
    for (let attempt = 0; attempt < HOLD_ATTEMPTS_MAX; attempt += 1) {
      const now = attempt === 0 ? hold : await this.getHold(tripId, volunteerId);
      if (now === undefined) throw new AppError('NOT_FOUND', 'No such hold');
      if (now.releasedAt !== undefined) return now;
      const at = this.deps.now().toISOString();
      const rest = now.remaining;
      if (rest === 0) {
        try {
          await withRetries(() =>
            this.deps.client.send(
              new UpdateCommand({
                TableName: this.deps.tableName,
                Key: keys.tripHold(tripId, volunteerId),
                UpdateExpression: 'SET releasedAt = :at',
                ConditionExpression: 'remaining = :zero AND attribute_not_exists(releasedAt)',
                ExpressionAttributeValues: { ':at': at, ':zero': 0 },
              }),
            ),
          );
          return { ...now, releasedAt: at };
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) continue;
          throw error;
        }
      }
      const result = await this.deps.ledger.postMovement({
        draft: {
          kind: 'release',
          volunteerId,
          direction: 'credit',
          amount: rest,
          counterAccount: SYSTEM_ACCOUNT.trip(tripId),
          ref: `trip:${tripId}`,
          actor: trip.endedBy ?? trip.openedBy,
          details: { tripId, storeId: trip.storeId, storeName: trip.storeName },
        },
        idempotency: holdScope(tripId, volunteerId, 'release'),
        heldChange: -rest,
        respond: (movement) => ({ status: 200, body: { movementId: movement.id, released: rest } }),
        extraItems: (movement) => [
          {
            // releaseOf: exactly the rest read, once; the trip has ended, so no basket moves it.
            Update: {
              TableName: this.deps.tableName,
              Key: keys.tripHold(tripId, volunteerId),
              UpdateExpression:
                'SET remaining = :zero, released = released + :rest, releasedAt = :at, releaseMovementId = :movement',
              ConditionExpression: 'remaining = :rest AND attribute_not_exists(releasedAt)',
              ExpressionAttributeValues: {
                ':zero': 0,
                ':rest': rest,
                ':at': movement.at,
                ':movement': movement.id,
              },
            },
          },
        ],
        explainExtra: () => 'retry',
      });
      if (!result.replayed) return { ...now, remaining: 0, released: now.released + rest, releasedAt: at };
    }
    const done = await this.getHold(tripId, volunteerId);
    if (done?.releasedAt !== undefined) return done;
    throw new AppError('UNAVAILABLE', 'The ledger is busy; try again with the same Idempotency-Key');
  }

  markReleased(
    trip: TripRecord,
    pointsReleased: number,
    idempotency: IdempotencyScope,
    respond: (trip: TripRecord) => StoredResponse,
  ): Promise<ReplayableResult> {
    return writeIdempotently(this.deps, {
      idempotency,
      prepare: async (at) => ({
        items: [
          {
            Update: {
              TableName: this.deps.tableName,
              Key: keys.trip(trip.tripId),
              UpdateExpression: 'SET releasedAt = if_not_exists(releasedAt, :at), pointsReleased = :points',
              ConditionExpression: '#status = :ended',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':at': at, ':points': pointsReleased, ':ended': trip.status },
            },
          },
        ],
        response: respond({ ...trip, releasedAt: trip.releasedAt ?? at, pointsReleased }),
      }),
      explain: () => new AppError('TRIP_STATE', 'The trip changed meanwhile'),
    });
  }

  async list(storeId: string | undefined, limit: number): Promise<TripRecord[]> {
    const result = await withRetries(() =>
      this.deps.client.send(
        new QueryCommand({
          TableName: this.deps.tableName,
          IndexName: storeId === undefined ? 'gsi1' : 'gsi2',
          KeyConditionExpression: storeId === undefined ? 'gsi1pk = :pk' : 'gsi2pk = :pk',
          ExpressionAttributeValues: {
            ':pk': storeId === undefined ? keys.tripsPartition : keys.storeTripsPartition(storeId),
          },
          ScanIndexForward: false,
          Limit: limit,
        }),
      ),
    );
    return (result.Items ?? []) as TripRecord[];
  }

  async cardsOf(volunteerIds: readonly string[]): Promise<Map<string, PackCard>> {
    const options = { roundsMax: CARD_READ_ROUNDS, retry: withRetries, consistent: true };
    const holdings = await batchGetItems(
      this.deps.client,
      this.deps.tableName,
      volunteerIds.map((id) => keys.volunteerCard(id)),
      options,
    );
    const numbers = holdings.items
      .map((item) => item.cardNumber)
      .filter((number): number is string => typeof number === 'string');
    const cards = await batchGetItems(
      this.deps.client,
      this.deps.tableName,
      numbers.map((number) => keys.card(number)),
      options,
    );
    if (holdings.unprocessed.length > 0 || cards.unprocessed.length > 0) {
      throw new AppError('UNAVAILABLE', 'Busy; try again');
    }
    const found = new Map<string, PackCard>();
    for (const card of cards.items) {
      if (card.status !== 'active') continue;
      found.set(String(card.volunteerId), {
        cardNumber: String(card.cardNumber),
        pinSalt: String(card.pinSalt),
        pinHash: String(card.pinHash),
      });
    }
    return found;
  }

  async volunteersOf(
    orgIds: readonly string[],
    max: number,
  ): Promise<{ volunteerId: string; orgId: string; name: string }[]> {
    const found: { volunteerId: string; orgId: string; name: string }[] = [];
    for (const orgId of orgIds) {
      const { items, complete } = await queryPages<Record<string, unknown>>(
        this.deps,
        {
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.volunteerByOrgPartition(orgId) },
          ProjectionExpression: 'volunteerId, orgId, #name, erasedAt',
          ExpressionAttributeNames: { '#name': 'name' },
        },
        TRIP_HOLD_PAGES_MAX,
      );
      for (const item of items) {
        if (item.erasedAt !== undefined) continue;
        found.push({ volunteerId: String(item.volunteerId), orgId, name: String(item.name ?? '') });
      }
      if (!complete || found.length > max) return found;
    }
    return found;
  }
}
