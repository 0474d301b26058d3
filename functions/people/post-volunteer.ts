import { RegisterVolunteerRequest } from '../../shared/people/contract/volunteers';
import { registerVolunteer } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'PostVolunteer', body: RegisterVolunteerRequest },
  async ({ body, principal }) => ({
    status: 201,
    body: await registerVolunteer(getRuntime(), principal, body),
  }),
);
