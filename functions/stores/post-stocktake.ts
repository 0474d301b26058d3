import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { PostStocktake } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { takeStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(PostStocktake, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await takeStock(storesDeps(getRuntime()), principal, params.storeId, params.sku, body, idempotency),
  );
});
