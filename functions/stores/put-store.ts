import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PutStore } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { putStore } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(PutStore, async ({ params, body, principal }) => ({
  status: 200,
  body: await putStore(storesDeps(getRuntime()), principal, params.storeId, body),
}));
