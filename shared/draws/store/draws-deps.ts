import { namesOf } from '../../platform/dynamo/batch-get';
import { keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { perRuntime, type Runtime } from '../../platform/runtime';

/** Tries of one read of winners' names. */
const NAME_READ_ATTEMPTS = 4;

import type { DrawsDeps } from '../port';
import { DynamoDrawStore, type RetryKnobs } from './draw-store';
import { LedgerPrizePayments } from './prize-payments';

/**
 * The draw area's dependencies over a runtime's table and ledger, with the backoff of its calls
 * (`retry`: jitter and sleep; by default Math.random and real time).
 */
export function drawsDepsOf(runtime: Runtime, retry: RetryKnobs = {}): DrawsDeps {
  const table = { client: runtime.client, tableName: runtime.tableName, ...retry };
  return {
    draws: new DynamoDrawStore(table),
    prizes: new LedgerPrizePayments({ ...table, ledger: runtime.ledger }),
    names: (volunteerIds) =>
      namesOf(
        runtime,
        volunteerIds.map((id) => keys.volunteerProfile(id)),
        'volunteerId',
        (call) => retryCall(call, { attempts: NAME_READ_ATTEMPTS, exhausted: 'rethrow-last' }),
      ),
    now: runtime.now,
  };
}

/** The draw area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const drawsDeps = perRuntime((runtime: Runtime): DrawsDeps => drawsDepsOf(runtime));
