import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { StorePath } from '../../shared/stores/contract/stores';
import { listStoreItems } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(
  { route: 'ListStoreItems', params: StorePath },
  async ({ params, principal }) => ({
    status: 200,
    body: await listStoreItems(getRuntime(), principal, params.storeId),
  }),
);
