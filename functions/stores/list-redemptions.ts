import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListRedemptions } from '../../shared/stores/routes';
import { readStoreDay } from '../../shared/stores/use-cases/store-day';

export const handler = endpoint(ListRedemptions, async ({ params, query, principal }) => ({
  status: 200,
  body: await readStoreDay(getRuntime(), principal, params.storeId, query.date),
}));
