import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostRedemption } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { redeem } from '../../shared/stores/use-cases/redeem';

export const handler = endpoint(PostRedemption, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await redeem(storesDeps(getRuntime()), principal, params.storeId, body, idempotency),
  );
});
