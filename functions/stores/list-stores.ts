import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { listStores } from '../../shared/stores/use-cases/stores';

export const handler = endpoint({ route: 'ListStores' }, async ({ principal }) => ({
  status: 200,
  body: await listStores(getRuntime(), principal),
}));
