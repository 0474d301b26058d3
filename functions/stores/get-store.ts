import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetStore } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { getStore } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(GetStore, async ({ params, principal }) => ({
  status: 200,
  body: await getStore(storesDeps(getRuntime()), principal, params.storeId),
}));
