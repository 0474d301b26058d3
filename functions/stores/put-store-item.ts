import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PutStoreItem } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { putStoreItem } from '../../shared/stores/use-cases/stores';

export const handler = endpoint(PutStoreItem, async ({ params, body, principal }) => ({
  status: 200,
  body: await putStoreItem(storesDeps(getRuntime()), principal, params.storeId, params.sku, body),
}));
