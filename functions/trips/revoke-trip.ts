import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { RevokeTrip } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { revokeTrip, stillWorking } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(RevokeTrip, async ({ params, body, principal, idempotency }) =>
  stillWorking(
    replyFromLedger(await revokeTrip(tripsDeps(getRuntime()), principal, params.tripId, body, idempotency)),
  ),
);
