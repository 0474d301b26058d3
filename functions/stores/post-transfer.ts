import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostTransfer } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { transferStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(PostTransfer, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await transferStock(storesDeps(getRuntime()), principal, params.storeId, body, idempotency),
  );
});
