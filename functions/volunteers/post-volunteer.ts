import { getRuntime } from '../../shared/adapters/runtime';
import { RegisterVolunteerRequest } from '../../shared/contract/volunteers';
import { endpoint } from '../../shared/http/endpoint';
import { registerVolunteer } from '../../shared/use-cases/volunteers';

export const handler = endpoint(
  { route: 'PostVolunteer', body: RegisterVolunteerRequest },
  async ({ body, principal }) => ({
    status: 201,
    body: await registerVolunteer(getRuntime(), principal, body),
  }),
);
