import { getRuntime } from '../../shared/adapters/runtime';
import { StoreDayQuery } from '../../shared/contract/redemptions';
import { StorePath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { readStoreDay } from '../../shared/use-cases/store-day';

export const handler = endpoint(
  { route: 'ListRedemptions', params: StorePath, query: StoreDayQuery },
  async ({ params, query, principal }) => ({
    status: 200,
    body: await readStoreDay(getRuntime(), principal, params.storeId, query.date),
  }),
);
