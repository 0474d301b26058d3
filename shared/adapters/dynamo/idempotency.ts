import { AppError } from '../../errors';

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
}

export interface ReplayableResult extends StoredResponse {
  replayed: boolean;
}

/** The durable marker item, written in the same transaction as the effect it records. */
export interface MarkerItem {
  fingerprint: string;
  responseJson: string;
  movementId?: string;
}

export const userScope = (userId: string): string => `user:${userId}`;

export function replayOf(marker: MarkerItem, idempotency: IdempotencyScope): ReplayableResult {
  if (marker.fingerprint !== idempotency.fingerprint) {
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used for a different request',
    );
  }
  const stored = JSON.parse(marker.responseJson) as StoredResponse;
  return { status: stored.status, body: stored.body, replayed: true };
}
