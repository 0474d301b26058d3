import { ListPlaces } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { listPlaces } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListPlaces, async () => ({
  status: 200,
  body: await listPlaces(peopleDeps(getRuntime())),
  headers: { 'cache-control': 'public, max-age=300' },
}));
