import { getRuntime } from '../../shared/adapters/runtime';
import { StockChangeRequest, StoreItemPath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { changeStock } from '../../shared/use-cases/stock';

export const handler = endpoint(
  { route: 'PostStockChange', params: StoreItemPath, body: StockChangeRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(
      await changeStock(getRuntime(), principal, params.storeId, params.sku, body, idempotency),
    );
  },
);
