import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostStocktake } from '../../shared/stores/routes';
import { takeStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(PostStocktake, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await takeStock(getRuntime(), principal, params.storeId, params.sku, body, idempotency),
  );
});
