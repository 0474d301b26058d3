import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListRedemptions } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { readStoreDay } from '../../shared/stores/use-cases/store-day';

export const handler = endpoint(ListRedemptions, async ({ params, query, principal }) => ({
  status: 200,
  body: await readStoreDay(storesDeps(getRuntime()), principal, params.storeId, query.date),
}));
