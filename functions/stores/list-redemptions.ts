import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { StoreDayQuery } from '../../shared/stores/contract/redemptions';
import { StorePath } from '../../shared/stores/contract/stores';
import { readStoreDay } from '../../shared/stores/use-cases/store-day';

export const handler = endpoint(
  { route: 'ListRedemptions', params: StorePath, query: StoreDayQuery },
  async ({ params, query, principal }) => ({
    status: 200,
    body: await readStoreDay(getRuntime(), principal, params.storeId, query.date),
  }),
);
