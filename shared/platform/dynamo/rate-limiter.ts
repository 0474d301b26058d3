import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { AppError } from '../errors';
import { allowsAnother, type RateLimit, windowOf } from '../rate-limit';
import { ENTITY, keys } from './keys';
import { TABLE_TTL_ATTRIBUTE } from './table-definition';

export interface RateLimiterDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

/** Counters outlive their window by a day, then DynamoDB's TTL removes them. */
const WINDOW_TTL_GRACE_SECONDS = 24 * 60 * 60;

/** A use taken from a limit, to be given back when it turns out not to count (a right PIN). */
export interface Reservation {
  release(): Promise<void>;
}

/** The answer to a caller over a limit: 429 with when to try again, in the header and the body. */
export function throttled(limit: RateLimit, retryAfterSeconds: number, detail: string): AppError {
  return new AppError('THROTTLED', detail, {
    extra: { cap: limit.name, limit: limit.max, windowSeconds: limit.windowSeconds, retryAfterSeconds },
    headers: { 'retry-after': String(retryAfterSeconds) },
  });
}

/**
 * Takes one use of `limit` for `subject` in the current window, or throws THROTTLED. The check
 * and the count are one conditional update (`ADD used 1` only while `used < max`), so no number of
 * concurrent requests passes the limit. A limit with `max` 0 is off and takes nothing.
 */
export async function reserve(
  deps: RateLimiterDeps,
  limit: RateLimit,
  subject: string,
  detail: string,
): Promise<Reservation> {
  if (!allowsAnother(limit, 0)) return { release: async () => {} };
  const window = windowOf(deps.now().getTime(), limit.windowSeconds);
  const key = keys.rateWindow(limit.name, subject, window.start);
  try {
    await deps.client.send(
      new UpdateCommand({
        TableName: deps.tableName,
        Key: key,
        UpdateExpression: 'ADD used :one SET entity = :entity, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(used) OR used < :max',
        ExpressionAttributeNames: { '#ttl': TABLE_TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':one': 1,
          ':max': limit.max,
          ':entity': ENTITY.rateWindow,
          ':ttl': window.end + WINDOW_TTL_GRACE_SECONDS,
        },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw throttled(limit, window.retryAfterSeconds, detail);
    throw error;
  }
  return {
    release: async () => {
      await deps.client
        .send(
          new UpdateCommand({
            TableName: deps.tableName,
            Key: key,
            UpdateExpression: 'ADD used :minusOne',
            ConditionExpression: 'attribute_exists(used) AND used > :zero',
            ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
          }),
        )
        .catch((error: unknown) => {
          // Nothing to give back (the window's item expired): the use is simply not returned.
          if (!(error instanceof ConditionalCheckFailedException)) throw error;
        });
    },
  };
}

/**
 * Takes one use from each limit in order; when one refuses, the uses already taken are given back
 * and its refusal is thrown.
 */
export async function reserveAll(
  deps: RateLimiterDeps,
  wanted: readonly { limit: RateLimit; subject: string; detail: string }[],
): Promise<Reservation> {
  const taken: Reservation[] = [];
  try {
    for (const { limit, subject, detail } of wanted) taken.push(await reserve(deps, limit, subject, detail));
  } catch (error) {
    await Promise.all(taken.map((reservation) => reservation.release()));
    throw error;
  }
  return { release: async () => void (await Promise.all(taken.map((reservation) => reservation.release()))) };
}

/**
 * Throws THROTTLED when `subject` has used up `limit` in the current window, taking nothing: for
 * limits that count failures (wrong passwords, wrong codes), checked before the attempt and
 * counted (`countFailure`) only when it fails. A limit with `max` 0 is off.
 */
export async function assertRoomLeft(
  deps: RateLimiterDeps,
  limit: RateLimit,
  subject: string,
  detail: string,
): Promise<void> {
  if (!allowsAnother(limit, 0)) return;
  const window = windowOf(deps.now().getTime(), limit.windowSeconds);
  const { Item } = await deps.client.send(
    new GetCommand({
      TableName: deps.tableName,
      Key: keys.rateWindow(limit.name, subject, window.start),
      ConsistentRead: true,
    }),
  );
  if (!allowsAnother(limit, Number(Item?.used ?? 0)))
    throw throttled(limit, window.retryAfterSeconds, detail);
}

/** Counts one failure against `limit` (never refuses: the check before the attempt does). */
export async function countFailure(deps: RateLimiterDeps, limit: RateLimit, subject: string): Promise<void> {
  await reserve(deps, limit, subject, 'counted').catch((error: unknown) => {
    if (!(error instanceof AppError && error.code === 'THROTTLED')) throw error;
  });
}
