import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetStockHistory } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { stockHistory } from '../../shared/stores/use-cases/stock-history';

export const handler = endpoint(GetStockHistory, async ({ params, query, principal }) => ({
  status: 200,
  body: await stockHistory(storesDeps(getRuntime()), principal, params.storeId, params.sku, query),
}));
