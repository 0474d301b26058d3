import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostStockChange } from '../../shared/stores/routes';
import { changeStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(PostStockChange, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await changeStock(getRuntime(), principal, params.storeId, params.sku, body, idempotency),
  );
});
