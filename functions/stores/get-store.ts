import { getRuntime } from '../../shared/adapters/runtime';
import { StorePath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { getStore } from '../../shared/use-cases/stores';

export const handler = endpoint({ route: 'GetStore', params: StorePath }, async ({ params, principal }) => ({
  status: 200,
  body: await getStore(getRuntime(), principal, params.storeId),
}));
