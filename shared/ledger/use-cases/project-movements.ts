import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import { TABLE_TTL_ATTRIBUTE } from '../../platform/dynamo/table-definition';
import { MOVEMENT_KINDS } from '../rules/ledger';
import { type ProjectedMovement, projectMovement } from '../rules/projection';

/**
 * The stream projector: each ledger movement that DynamoDB Streams delivers is added once to the
 * daily totals of the county and of its store. Delivery is at least once (a batch is retried, a
 * shard is re-read after a failure), so each movement is added in one transaction together with a
 * marker item that may not exist yet: a redelivered movement finds its marker, the transaction is
 * cancelled, and nothing is added twice.
 *
 * Write rate: every movement of a day updates that day's county item, and each redemption or void
 * also its store's item. One item takes at most 1,000 write units a second, and a transactional
 * update costs 2 per KB, so a day item tops out near 500 movements a second. A county makes a few a
 * second at its busiest; records of one day are also projected one after another (see
 * `projectStreamRecords`), so a batch never races itself on its hot item.
 */

/** Attempts for one movement's transaction, counting the first; each retry waits with backoff. */
export const PROJECTION_WRITE_ATTEMPTS_MAX = 8;
/** China days of one batch projected at the same time (records of one day go in stream order). */
export const PROJECTION_DAYS_CONCURRENCY = 4;
/**
 * A marker outlives every redelivery of its record: the stream keeps records 24 hours, and the
 * marker stays 7 days beyond that before TTL removes it.
 */
export const PROJECTION_MARKER_TTL_SECONDS = (24 + 7 * 24) * 60 * 60;

export interface ProjectorDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  /** Uniform [0, 1) for backoff jitter; tests pass a seeded one. */
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export type RecordOutcome = 'projected' | 'already-projected' | 'ignored' | 'failed';

export interface ProjectionSummary {
  projected: number;
  alreadyProjected: number;
  ignored: number;
  /** Sequence numbers of the records to deliver again (ReportBatchItemFailures). */
  failed: string[];
  /** Why each failed record failed, by movement id or sequence number; no personal data. */
  failures: { sequenceNumber: string; movementId?: string; reason: string }[];
}

/** The parts of a DynamoDB Streams record the projector reads; everything else is allowed and ignored. */
const StreamRecord = z.looseObject({
  eventName: z.optional(z.string()),
  dynamodb: z.looseObject({
    SequenceNumber: z.string().check(z.minLength(1)),
    NewImage: z.optional(z.record(z.string(), z.unknown())),
  }),
});

const text = <T extends z.ZodMiniType<string>>(inner: T) => z.looseObject({ S: inner });

/** A movement item in the stream's attribute-value form, as the ledger writes it. */
const MovementImage = z.looseObject({
  entity: text(z.literal(ENTITY.movement)),
  id: text(z.string().check(z.minLength(1))),
  kind: text(z.enum(MOVEMENT_KINDS)),
  direction: text(z.enum(['credit', 'debit'])),
  amount: z.looseObject({ N: z.string().check(z.regex(/^[1-9][0-9]{0,15}$/)) }),
  counterAccount: text(z.string().check(z.minLength(1))),
  at: text(z.iso.datetime()),
  details: z.optional(
    z.looseObject({ M: z.looseObject({ storeId: z.optional(text(z.string().check(z.minLength(1)))) }) }),
  ),
});

const EntityOnly = z.looseObject({ entity: z.looseObject({ S: z.string() }) });

type ParsedRecord =
  | { sequenceNumber: string; status: 'ignored' }
  | { sequenceNumber: string; status: 'invalid'; reason: string }
  | { sequenceNumber: string; status: 'movement'; movement: ProjectedMovement };

/** Reads one record: a movement INSERT to project, something to ignore, or a malformed movement. */
export function parseStreamRecord(record: unknown): ParsedRecord {
  const envelope = StreamRecord.safeParse(record);
  // Lambda always sends a sequence number; without one the record cannot even be reported back.
  if (!envelope.success) throw new Error('A stream record without a sequence number');
  const { eventName, dynamodb } = envelope.data;
  const sequenceNumber = dynamodb.SequenceNumber;
  // Movements are immutable: only their creation counts. MODIFY and REMOVE (TTL) change nothing.
  if (eventName !== 'INSERT' || dynamodb.NewImage === undefined) return { sequenceNumber, status: 'ignored' };
  const entity = EntityOnly.safeParse(dynamodb.NewImage);
  if (!entity.success || entity.data.entity.S !== ENTITY.movement)
    return { sequenceNumber, status: 'ignored' };
  const image = MovementImage.safeParse(dynamodb.NewImage);
  if (!image.success) {
    const fields = image.error.issues.map((issue) => issue.path.join('.')).join(', ');
    return { sequenceNumber, status: 'invalid', reason: `not a movement item: ${fields}` };
  }
  const item = image.data;
  const storeId = item.details?.M.storeId?.S;
  return {
    sequenceNumber,
    status: 'movement',
    movement: {
      id: item.id.S,
      kind: item.kind.S,
      direction: item.direction.S,
      amount: Number(item.amount.N),
      counterAccount: item.counterAccount.S,
      at: item.at.S,
      ...(storeId === undefined ? {} : { details: { storeId } }),
    },
  };
}

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

/** The one transaction that adds a movement to its totals: the marker first, then the totals. */
export function projectionTransaction(
  tableName: string,
  movement: ProjectedMovement,
  now: Date,
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

const RETRYABLE_REASONS = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
  'InternalServerError',
]);

/**
 * Adds one movement to its totals, exactly once. A cancellation by the marker's condition means an
 * earlier delivery (or an attempt whose answer was lost) already added it. Conflicts, throttling
 * and unknown outcomes are retried a bounded number of times; then the record is reported failed.
 */
export async function projectOneMovement(
  deps: ProjectorDeps,
  movement: ProjectedMovement,
): Promise<'projected' | 'already-projected'> {
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  let lastError: unknown;
  for (let attempt = 0; attempt < PROJECTION_WRITE_ATTEMPTS_MAX; attempt += 1) {
    if (attempt > 0) await sleep(backoffMs(attempt, random));
    try {
      await deps.client.send(
        new TransactWriteCommand({
          TransactItems: projectionTransaction(deps.tableName, movement, deps.now()),
        }),
      );
      return 'projected';
    } catch (error) {
      lastError = error;
      if (error instanceof TransactionCanceledException) {
        const reasons = reasonsOf(error);
        if (conditionFailed(reasons[0])) return 'already-projected';
        if (reasons.some((reason) => RETRYABLE_REASONS.has(reason.Code ?? ''))) continue;
        throw error;
      }
      if (isRetryable(error)) continue;
      throw error;
    }
  }
  throw lastError instanceof Error ? lastError : new Error('The projection stayed busy');
}

/** Runs `work` for each item with at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 300) : 'unknown error';

/**
 * Projects a batch of stream records. Records of one China day share that day's totals items, so
 * they go one after another in stream order; different days run side by side, a few at a time.
 * Each record stands alone: one that fails is reported (its sequence number) and the others still
 * count. Lambda then delivers again from the earliest failed record; those after it that did
 * count find their markers and add nothing.
 */
export async function projectStreamRecords(
  deps: ProjectorDeps,
  records: readonly unknown[],
): Promise<ProjectionSummary> {
  const summary: ProjectionSummary = {
    projected: 0,
    alreadyProjected: 0,
    ignored: 0,
    failed: [],
    failures: [],
  };
  const days = new Map<string, { sequenceNumber: string; movement: ProjectedMovement }[]>();
  for (const record of records) {
    const parsed = parseStreamRecord(record);
    if (parsed.status === 'ignored') {
      summary.ignored += 1;
    } else if (parsed.status === 'invalid') {
      summary.failed.push(parsed.sequenceNumber);
      summary.failures.push({ sequenceNumber: parsed.sequenceNumber, reason: parsed.reason });
    } else {
      const day = projectMovement(parsed.movement).date;
      const list = days.get(day) ?? [];
      list.push({ sequenceNumber: parsed.sequenceNumber, movement: parsed.movement });
      days.set(day, list);
    }
  }
  await inParallel([...days.values()], PROJECTION_DAYS_CONCURRENCY, async (list) => {
    for (const { sequenceNumber, movement } of list) {
      try {
        const outcome = await projectOneMovement(deps, movement);
        if (outcome === 'projected') summary.projected += 1;
        else summary.alreadyProjected += 1;
      } catch (error) {
        summary.failed.push(sequenceNumber);
        summary.failures.push({ sequenceNumber, movementId: movement.id, reason: reasonOf(error) });
      }
    }
  });
  return summary;
}
