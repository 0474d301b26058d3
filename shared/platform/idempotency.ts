import { AppError, isErrorCode } from './errors';

/** An Idempotency-Key, the scope it belongs to, and the fingerprint of the request that used it. */
export interface IdempotencyScope {
  /** Whose key it is: the caller's user id, or an internal scope such as a service record. */
  scope: string;
  key: string;
  fingerprint: string;
}

/** The first answer given for a key, replayed for every repeat of the same request. */
export interface StoredResponse {
  status: number;
  body: unknown;
  /** Headers the answer carried that a replay must carry too (a refusal's Retry-After). */
  headers?: Record<string, string>;
}

export interface ReplayableResult extends StoredResponse {
  replayed: boolean;
}

/**
 * The durable marker item, written in the same transaction as the effect it records; or, for a
 * refusal (`refused: true`), written alone with the problem that was answered, which moved nothing.
 */
export interface MarkerItem {
  fingerprint: string;
  responseJson: string;
  movementId?: string;
  refused?: boolean;
}

/**
 * Refusals that are kept under the request's key and replayed like a success: what the business
 * said no to (a scope, an unknown item, a conflict, a locked card, a per-caller limit). Validation
 * failures (400), authentication, size and media-type refusals and server faults leave no trace:
 * the same key with a corrected request is then a first request.
 */
export const KEPT_REFUSAL_STATUSES: ReadonlySet<number> = new Set([403, 404, 409, 423, 429]);

export const isKeptRefusal = (error: unknown): error is AppError =>
  error instanceof AppError && KEPT_REFUSAL_STATUSES.has(error.status) && error.replayBody === undefined;

export const userScope = (userId: string): string => `user:${userId}`;

export function replayOf(marker: MarkerItem, idempotency: IdempotencyScope): ReplayableResult {
  if (marker.fingerprint !== idempotency.fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request',
    );
  }
  const stored = JSON.parse(marker.responseJson) as StoredResponse;
  if (marker.refused === true) throw replayedRefusal(stored);
  return { status: stored.status, body: stored.body, replayed: true };
}

/** A kept refusal, answered again exactly as it was the first time (its body verbatim). */
export function replayedRefusal(stored: StoredResponse): AppError {
  const body = (typeof stored.body === 'object' && stored.body !== null ? stored.body : {}) as Record<
    string,
    unknown
  >;
  const code = typeof body.code === 'string' && isErrorCode(body.code) ? body.code : 'CONFLICT';
  return new AppError(code, typeof body.detail === 'string' ? body.detail : undefined, {
    replayBody: body,
    headers: { ...stored.headers, 'idempotent-replayed': 'true' },
  });
}
