import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { PostRedemption } from '../../shared/stores/routes';
import { redeem } from '../../shared/stores/use-cases/redeem';

export const handler = endpoint(PostRedemption, async ({ params, body, principal, idempotency }) => {
  const runtime = getRuntime();
  return replyFromLedger(
    await redeem(runtime, await signingKeys(runtime.config), principal, params.storeId, body, idempotency),
  );
});
