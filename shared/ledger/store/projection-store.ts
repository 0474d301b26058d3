import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import { TABLE_TTL_ATTRIBUTE } from '../../platform/dynamo/table-definition';
import { perRuntime, type Runtime } from '../../platform/runtime';
import type { ProjectionDeps, ProjectionStore } from '../port';
import { parseMovementId } from '../rules/movement-id';
import { hoursChange, type ProjectedMovement, projectMovement, starMove } from '../rules/projection';
import { movementStream } from './stream-records';

/**
 * The stream's daily totals of the county and of each store. Delivery is at least once (a batch
 * is retried, a shard is re-read after a failure), so each movement is added in one transaction
 * together with a marker item that may not exist yet (`canProject`): a redelivered movement finds
 * its marker, the transaction is cancelled, and nothing is added twice.
 *
 * Write rate: every movement of a day updates that day's county item, and each redemption or void
 * also its store's item. One item takes at most 1,000 write units a second, and a transactional
 * update costs 2 per KB, so a day item tops out near 500 movements a second. A county makes a few a
 * second at its busiest; records of one day are also projected one after another (see
 * `projectStreamRecords`), so a batch never races itself on its hot item.
 */

/** Attempts for one movement's transaction, counting the first; each retry waits with backoff. */
export const PROJECTION_WRITE_ATTEMPTS_MAX = 8;
/**
 * A marker outlives every redelivery of its record: the stream keeps records 24 hours, and the
 * marker stays 7 days beyond that before TTL removes it.
 */
export const PROJECTION_MARKER_TTL_SECONDS = (24 + 7 * 24) * 60 * 60;

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** `ADD a :a, b :b` with its values, plus the SETs that name the item. */
function totalsUpdate(
  tableName: string,
  key: { pk: string; sk: string },
  additions: Record<string, number | undefined>,
  names: Record<string, string>,
): TransactItem {
  const added = Object.entries(additions).filter(
    (entry): entry is [string, number] => entry[1] !== undefined && entry[1] !== 0,
  );
  const setNames = Object.keys(names);
  const values: Record<string, unknown> = { ':entity': ENTITY.projectionTotals };
  for (const [field, value] of added) values[`:${field}`] = value;
  for (const name of setNames) values[`:${name}`] = names[name];
  const set = ['entity = :entity', ...setNames.map((name) => `#${name} = :${name}`)].join(', ');
  const add = added.map(([field]) => `#${field} :${field}`).join(', ');
  return {
    Update: {
      TableName: tableName,
      Key: key,
      UpdateExpression: add === '' ? `SET ${set}` : `SET ${set} ADD ${add}`,
      ExpressionAttributeNames: Object.fromEntries(
        [...setNames, ...added.map(([field]) => field)].map((name) => [`#${name}`, name]),
      ),
      ExpressionAttributeValues: values,
    },
  };
}

/**
 * The one transaction that adds a movement to its totals: the marker first, then the totals. The
 * marker's condition is `canProject`: its key is the movement's id, so only this movement's own
 * marker refuses it.
 */
export function projectionTransaction(
  tableName: string,
  movement: ProjectedMovement,
  now: Date,
  hours?: VolunteerHoursStep,
): TransactItem[] {
  const projection = projectMovement(movement);
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.projectionMarker(movement.id),
          entity: ENTITY.projectionMarker,
          movementId: movement.id,
          date: projection.date,
          projectedAt: now.toISOString(),
          [TABLE_TTL_ATTRIBUTE]: Math.floor(now.getTime() / 1000) + PROJECTION_MARKER_TTL_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    totalsUpdate(tableName, keys.systemDayTotals(projection.date), projection.system, {
      date: projection.date,
    }),
  ];
  if (hours !== undefined) items.push(...volunteerHoursItems(tableName, hours, now));
  if (projection.store !== undefined) {
    items.push(
      totalsUpdate(
        tableName,
        keys.storeDayTotals(projection.store.storeId, projection.date),
        projection.store.totals,
        { date: projection.date, storeId: projection.store.storeId },
      ),
    );
  }
  return items;
}

/**
 * A movement's step of its volunteer's lifetime approved hours: the total as it was read, the
 * change, and so the star level before and after (`starMove`).
 */
export interface VolunteerHoursStep {
  volunteerId: string;
  /** The total as read; undefined when the volunteer has no total yet. */
  before: number | undefined;
  change: number;
}

/**
 * The volunteer's total moves only from the value read (`quarters = :before`, or no total yet), so
 * two movements of one volunteer projected at once cannot both count from the same total: the
 * loser's transaction is cancelled and it reads again. A change of star level moves the county's
 * counts in the same transaction.
 */
function volunteerHoursItems(tableName: string, step: VolunteerHoursStep, now: Date): TransactItem[] {
  const move = starMove(step.before ?? 0, step.change);
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: keys.projectionVolunteerHours(step.volunteerId),
        UpdateExpression:
          'SET entity = :entity, volunteerId = :volunteerId, quarters = :after, updatedAt = :at',
        ConditionExpression:
          step.before === undefined ? 'attribute_not_exists(quarters)' : 'quarters = :before',
        ExpressionAttributeValues: {
          ':entity': ENTITY.projectionTotals,
          ':volunteerId': step.volunteerId,
          ':after': move.after,
          ':at': now.toISOString(),
          ...(step.before === undefined ? {} : { ':before': step.before }),
        },
      },
    },
  ];
  if (move.from !== move.to) {
    const additions: Record<string, number> = {};
    if (move.from > 0) additions[`level${move.from}`] = -1;
    if (move.to > 0) additions[`level${move.to}`] = 1;
    items.push(totalsUpdate(tableName, keys.projectionStars(), additions, { updatedAt: now.toISOString() }));
  }
  return items;
}

const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'InternalServerError',
]);

export interface ProjectionStoreDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  /** Uniform [0, 1) for backoff jitter; tests pass a seeded one. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export class DynamoProjectionStore implements ProjectionStore {
  constructor(private readonly deps: ProjectionStoreDeps) {}

  /** The volunteer's total as it stands, for a movement that changes their approved hours. */
  private async hoursStep(movement: ProjectedMovement): Promise<VolunteerHoursStep | undefined> {
    const change = hoursChange(movement);
    if (change === 0) return undefined;
    const volunteerId = parseMovementId(movement.id)?.volunteerId;
    if (volunteerId === undefined) return undefined;
    const { Item } = await this.deps.client.send(
      new GetCommand({
        TableName: this.deps.tableName,
        Key: keys.projectionVolunteerHours(volunteerId),
        ConsistentRead: true,
      }),
    );
    return { volunteerId, before: typeof Item?.quarters === 'number' ? Item.quarters : undefined, change };
  }

  /**
   * Adds one movement to its totals, exactly once. A cancellation by the marker's condition means an
   * earlier delivery (or an attempt whose answer was lost) already added it. Conflicts, throttling
   * and unknown outcomes are retried a bounded number of times; then the error is thrown.
   */
  async project(movement: ProjectedMovement): Promise<'projected' | 'already-projected'> {
    const { client, tableName, now } = this.deps;
    const random = this.deps.random ?? Math.random;
    const sleep = this.deps.sleep ?? defaultSleep;
    let lastError: unknown;
    for (let attempt = 0; attempt < PROJECTION_WRITE_ATTEMPTS_MAX; attempt += 1) {
      if (attempt > 0) await sleep(backoffMs(attempt, random));
      try {
        const hours = await this.hoursStep(movement);
        await client.send(
          new TransactWriteCommand({
            TransactItems: projectionTransaction(tableName, movement, now(), hours),
          }),
        );
        return 'projected';
      } catch (error) {
        lastError = error;
        if (error instanceof TransactionCanceledException) {
          const reasons = reasonsOf(error);
          if (conditionFailed(reasons[0])) return 'already-projected';
          // The volunteer's total moved since it was read (another of their movements): read again.
          if (reasons.some((reason, index) => index > 0 && conditionFailed(reason))) continue;
          if (reasons.some((reason) => RETRYABLE_REASONS.has(reason.Code ?? ''))) continue;
          throw error;
        }
        if (isRetryable(error)) continue;
        throw error;
      }
    }
    throw lastError instanceof Error ? lastError : new Error('The projection stayed busy');
  }
}

/** The stream projector's dependencies over the runtime's table. */
export const projectionDeps = perRuntime(
  (runtime: Runtime): ProjectionDeps => ({
    stream: movementStream,
    projection: new DynamoProjectionStore(runtime),
  }),
);
