import { getRuntime } from '../../shared/adapters/runtime';
import { PutStoreItemRequest, StoreItemPath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { putStoreItem } from '../../shared/use-cases/stores';

export const handler = endpoint(
  { route: 'PutStoreItem', params: StoreItemPath, body: PutStoreItemRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putStoreItem(getRuntime(), principal, params.storeId, params.sku, body),
  }),
);
