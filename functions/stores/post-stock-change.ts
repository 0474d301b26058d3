import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostStockChange } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { changeStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(PostStockChange, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await changeStock(storesDeps(getRuntime()), principal, params.storeId, params.sku, body, idempotency),
  );
});
