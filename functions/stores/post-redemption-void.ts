import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostRedemptionVoid } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { voidRedemption } from '../../shared/stores/use-cases/void-redemption';

export const handler = endpoint(PostRedemptionVoid, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await voidRedemption(storesDeps(getRuntime()), principal, params.storeId, params.id, body, idempotency),
  );
});
