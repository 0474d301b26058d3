import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListStoreItems } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { listStoreItems } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(ListStoreItems, async ({ params, principal }) => ({
  status: 200,
  body: await listStoreItems(storesDeps(getRuntime()), principal, params.storeId),
}));
