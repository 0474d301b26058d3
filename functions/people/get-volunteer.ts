import { GetVolunteer } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { getVolunteer } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetVolunteer, async ({ params, principal }) => ({
  status: 200,
  body: await getVolunteer(peopleDeps(getRuntime()), principal, params.id),
}));
