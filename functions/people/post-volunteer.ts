import { PostVolunteer } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { registerVolunteer } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PostVolunteer, async ({ body, principal }) => ({
  status: 201,
  body: await registerVolunteer(peopleDeps(getRuntime()), principal, body),
}));
