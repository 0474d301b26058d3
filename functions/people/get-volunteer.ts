import { VolunteerIdPath } from '../../shared/people/contract/volunteers';
import { getVolunteer } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'GetVolunteer', params: VolunteerIdPath },
  async ({ params, principal }) => ({
    status: 200,
    body: await getVolunteer(getRuntime(), principal, params.id),
  }),
);
