import { getRuntime } from '../../shared/adapters/runtime';
import { VolunteerIdPath } from '../../shared/contract/volunteers';
import { endpoint } from '../../shared/http/endpoint';
import { getVolunteer } from '../../shared/use-cases/volunteers';

export const handler = endpoint(
  { route: 'GetVolunteer', params: VolunteerIdPath },
  async ({ params, principal }) => ({
    status: 200,
    body: await getVolunteer(getRuntime(), principal, params.id),
  }),
);
