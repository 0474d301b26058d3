import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { CloseTrip } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { closeTrip, stillWorking } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(CloseTrip, async ({ params, body, principal, idempotency }) =>
  stillWorking(
    replyFromLedger(await closeTrip(tripsDeps(getRuntime()), principal, params.tripId, body, idempotency)),
  ),
);
