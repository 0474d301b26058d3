import {
  type CancellationReason,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { AppError } from '../errors';
import {
  type IdempotencyScope,
  type MarkerItem,
  type ReplayableResult,
  replayOf,
  type StoredResponse,
} from '../idempotency';
import { LEDGER_WRITE_ATTEMPTS_MAX, REFUSAL_KEEP_ATTEMPTS_MAX } from '../limits';
import { conditionFailed, isContention, reasonsOf } from './cancellation';
import { ENTITY, keys } from './keys';
import { backoffMs, defaultSleep, isRetryable } from './retry';

export interface IdempotentWriteDeps {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface PreparedWrite {
  items: TransactItem[];
  response: StoredResponse;
}

export interface IdempotentWriteInput {
  idempotency: IdempotencyScope;
  /**
   * Builds the items and the answer for one attempt. It may read (for example the current record),
   * but every rule that must hold is a condition on the items it returns.
   */
  prepare: (at: string) => Promise<PreparedWrite>;
  /** Maps a failed condition on item `index` (of the prepared items) to the contract's error. */
  explain?: (index: number, reason: CancellationReason) => AppError | 'retry' | undefined;
  /**
   * Attempts before answering busy; LEDGER_WRITE_ATTEMPTS_MAX unless a writer that many may race
   * for one item (a yearly sequence) needs more.
   */
  attemptsMax?: number;
}

/**
 * Writes prepared items and a durable idempotency marker in one transaction, for requests that
 * change records or stock but not points (those go through LedgerStore). A repeat with the same key
 * replays the first answer; the same key with another request is refused.
 */
export async function writeIdempotently(
  deps: IdempotentWriteDeps,
  input: IdempotentWriteInput,
): Promise<ReplayableResult> {
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const markerKey = keys.idempotencyMarker(input.idempotency.scope, input.idempotency.key);
  const attemptsMax = input.attemptsMax ?? LEDGER_WRITE_ATTEMPTS_MAX;
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    if (attempt > 0) await sleep(backoffMs(attempt, random));
    try {
      const existing = await deps.client.send(
        new GetCommand({ TableName: deps.tableName, Key: markerKey, ConsistentRead: true }),
      );
      if (existing.Item !== undefined) return replayOf(existing.Item as MarkerItem, input.idempotency);
      const at = deps.now().toISOString();
      const prepared = await input.prepare(at);
      await deps.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...prepared.items,
            {
              Put: {
                TableName: deps.tableName,
                Item: {
                  ...markerKey,
                  entity: ENTITY.idempotencyMarker,
                  fingerprint: input.idempotency.fingerprint,
                  responseJson: JSON.stringify(prepared.response),
                  createdAt: at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return { ...prepared.response, replayed: false };
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = reasonsOf(error);
        if (conditionFailed(reasons.at(-1))) continue;
        if (isContention(reasons)) continue;
        const failedIndex = reasons.findIndex(conditionFailed);
        const failed = reasons[failedIndex];
        if (failed !== undefined) {
          const verdict = input.explain?.(failedIndex, failed);
          if (verdict === 'retry') continue;
          throw verdict ?? new AppError('CONFLICT', 'The record changed meanwhile; reload and try again');
        }
        continue;
      }
      if (isRetryable(error)) continue;
      throw error;
    }
  }
  throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key');
}

/** What keeping a refusal came to: kept as answered, or another answer already holds the key. */
export type KeptRefusal = { kind: 'kept' } | { kind: 'answered'; result: ReplayableResult };

/**
 * Keeps a refusal under the request's Idempotency-Key, so that the same key and body get the same
 * refusal again, even once the balance or stock would allow the request (API contract, Idempotency).
 * The marker is the one a success would have written, put only where none exists: a racing request
 * with the same key that succeeded (or was refused) first wins, and its answer is given instead
 * (`answered`, or a throw: a replayed refusal, or 422 for a different request). When DynamoDB stays
 * busy past the bounded attempts, nothing is kept and the caller answers the refusal unkept.
 */
export async function keepRefusal(
  deps: IdempotentWriteDeps,
  idempotency: IdempotencyScope,
  refusal: StoredResponse,
): Promise<KeptRefusal | undefined> {
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const markerKey = keys.idempotencyMarker(idempotency.scope, idempotency.key);
  const responseJson = JSON.stringify(refusal);
  for (let attempt = 0; attempt < REFUSAL_KEEP_ATTEMPTS_MAX; attempt += 1) {
    if (attempt > 0) await sleep(backoffMs(attempt, random));
    try {
      await deps.client.send(
        new PutCommand({
          TableName: deps.tableName,
          Item: {
            ...markerKey,
            entity: ENTITY.idempotencyMarker,
            fingerprint: idempotency.fingerprint,
            responseJson,
            refused: true,
            createdAt: deps.now().toISOString(),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { kind: 'kept' };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        const existing = await deps.client.send(
          new GetCommand({ TableName: deps.tableName, Key: markerKey, ConsistentRead: true }),
        );
        const marker = existing.Item as MarkerItem | undefined;
        if (marker === undefined) continue;
        // Our own put, whose answer was lost: kept.
        if (
          marker.refused === true &&
          marker.fingerprint === idempotency.fingerprint &&
          marker.responseJson === responseJson
        ) {
          return { kind: 'kept' };
        }
        return { kind: 'answered', result: replayOf(marker, idempotency) };
      }
      if (isRetryable(error)) continue;
      throw error;
    }
  }
  return undefined;
}
