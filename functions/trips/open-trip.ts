import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { OpenTrip } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { openTrip, stillWorking } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(OpenTrip, async ({ body, principal, idempotency }) =>
  stillWorking(replyFromLedger(await openTrip(tripsDeps(getRuntime()), principal, body, idempotency))),
);
