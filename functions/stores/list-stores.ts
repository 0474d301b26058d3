import { getRuntime } from '../../shared/adapters/runtime';
import { endpoint } from '../../shared/http/endpoint';
import { listStores } from '../../shared/use-cases/stores';

export const handler = endpoint({ route: 'ListStores' }, async ({ principal }) => ({
  status: 200,
  body: await listStores(getRuntime(), principal),
}));
