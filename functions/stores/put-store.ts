import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PutStoreRequest, StorePath } from '../../shared/stores/contract/stores';
import { putStore } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(
  { route: 'PutStore', params: StorePath, body: PutStoreRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putStore(getRuntime(), principal, params.storeId, body),
  }),
);
