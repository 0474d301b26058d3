import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListStores } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { listStores } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(ListStores, async ({ principal }) => ({
  status: 200,
  body: await listStores(storesDeps(getRuntime()), principal),
}));
