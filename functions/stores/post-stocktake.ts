import { getRuntime } from '../../shared/adapters/runtime';
import { StocktakeRequest, StoreItemPath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { takeStock } from '../../shared/use-cases/stock';

export const handler = endpoint(
  { route: 'PostStocktake', params: StoreItemPath, body: StocktakeRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(
      await takeStock(getRuntime(), principal, params.storeId, params.sku, body, idempotency),
    );
  },
);
