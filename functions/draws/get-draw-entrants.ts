import { getRuntime } from '../../shared/adapters/runtime';
import { DrawEntrantsQuery, DrawPath } from '../../shared/contract/draws';
import { endpoint } from '../../shared/http/endpoint';
import { readDrawEntrantsPage } from '../../shared/use-cases/draws';

export const handler = endpoint(
  { route: 'GetDrawEntrants', params: DrawPath, query: DrawEntrantsQuery },
  async ({ params, query }) => ({
    status: 200,
    body: await readDrawEntrantsPage(getRuntime(), params.month, query.page),
  }),
);
