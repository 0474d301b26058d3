import { SearchVolunteers } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { searchVolunteers } from '../../shared/people/use-cases/search-volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(SearchVolunteers, async ({ query, principal }) => ({
  status: 200,
  body: await searchVolunteers(peopleDeps(getRuntime()), principal, query.q),
}));
