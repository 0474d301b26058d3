import { getRuntime } from '../../shared/adapters/runtime';
import { PutStoreRequest, StorePath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { putStore } from '../../shared/use-cases/stores';

export const handler = endpoint(
  { route: 'PutStore', params: StorePath, body: PutStoreRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putStore(getRuntime(), principal, params.storeId, body),
  }),
);
