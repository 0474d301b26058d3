import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListStoreItems } from '../../shared/stores/routes';
import { listStoreItems } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(ListStoreItems, async ({ params, principal }) => ({
  status: 200,
  body: await listStoreItems(getRuntime(), principal, params.storeId),
}));
