import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { StockChangeRequest, StoreItemPath } from '../../shared/stores/contract/stores';
import { changeStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(
  { route: 'PostStockChange', params: StoreItemPath, body: StockChangeRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(
      await changeStock(getRuntime(), principal, params.storeId, params.sku, body, idempotency),
    );
  },
);
