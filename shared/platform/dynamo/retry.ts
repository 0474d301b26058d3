import {
  DynamoDBServiceException,
  IdempotentParameterMismatchException,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ThrottlingException,
  TransactionInProgressException,
} from '@aws-sdk/client-dynamodb';
import { backoffMs, defaultSleep } from '../backoff';
import { AppError } from '../errors';

export { backoffMs, defaultSleep };

/** Errors after which the write may or may not have happened, or that pass with time. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof DynamoDBServiceException) {
    return (
      error.$fault === 'server' ||
      error instanceof ThrottlingException ||
      error instanceof ProvisionedThroughputExceededException ||
      error instanceof RequestLimitExceeded ||
      error instanceof TransactionInProgressException ||
      // Another attempt with the same token carried other values: the next read settles it.
      error instanceof IdempotentParameterMismatchException
    );
  }
  return isNetworkFailure(error);
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/**
 * Network failures and timeouts are not modelled by the SDK as classes; they arrive as plain errors
 * with a Node error code or the SDK's TimeoutError name. After one, the outcome is unknown.
 */
export function isNetworkFailure(error: unknown): boolean {
  if (!(error instanceof Error) || error instanceof AppError) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) ||
    error.name === 'TimeoutError' ||
    error.name === 'AbortError'
  );
}

export interface RetryPolicy {
  /** Calls made at most, counting the first. */
  attempts: number;
  /** When every attempt failed with a retryable error: throw the last one, or 503 UNAVAILABLE. */
  exhausted: 'rethrow-last' | 'unavailable';
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * The one retry loop for a single DynamoDB call (a read, or a write that is safe to repeat):
 * retried with jittered backoff while its failure is one that passes (throttling, a server fault, a
 * lost answer), at most `attempts` times; any other failure is thrown at once.
 */
export async function retryCall<T>(call: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  const random = policy.random ?? Math.random;
  let last: unknown;
  for (let attempt = 0; attempt < policy.attempts; attempt += 1) {
    if (attempt > 0) await sleep(backoffMs(attempt, random));
    try {
      return await call();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      last = error;
    }
  }
  if (policy.exhausted === 'rethrow-last') throw last;
  throw new AppError('UNAVAILABLE', 'Busy; try again with the same Idempotency-Key', { cause: last });
}
