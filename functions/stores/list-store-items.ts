import { getRuntime } from '../../shared/adapters/runtime';
import { StorePath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { listStoreItems } from '../../shared/use-cases/stores';

export const handler = endpoint(
  { route: 'ListStoreItems', params: StorePath },
  async ({ params, principal }) => ({
    status: 200,
    body: await listStoreItems(getRuntime(), principal, params.storeId),
  }),
);
