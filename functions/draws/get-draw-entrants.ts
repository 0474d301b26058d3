import { GetDrawEntrants } from '../../shared/draws/routes';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { readDrawEntrantsPage } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDrawEntrants, async ({ params, query }) => ({
  status: 200,
  body: await readDrawEntrantsPage(drawsDeps(getRuntime()), params.month, query.page),
}));
