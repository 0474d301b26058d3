import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PutStoreItemRequest, StoreItemPath } from '../../shared/stores/contract/stores';
import { putStoreItem } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(
  { route: 'PutStoreItem', params: StoreItemPath, body: PutStoreItemRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putStoreItem(getRuntime(), principal, params.storeId, params.sku, body),
  }),
);
