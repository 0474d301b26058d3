import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostTripBasket } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { settleBasket } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(PostTripBasket, async ({ params, body, principal, idempotency }) =>
  replyFromLedger(await settleBasket(tripsDeps(getRuntime()), principal, params.tripId, body, idempotency)),
);
