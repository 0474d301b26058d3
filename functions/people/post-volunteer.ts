import { PostVolunteer } from '../../shared/people/routes';
import { peopleDepsWithIdNumbers } from '../../shared/people/store/id-number-deps';
import { registerVolunteer } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PostVolunteer, async ({ body, principal }) => ({
  status: 201,
  body: await registerVolunteer(peopleDepsWithIdNumbers(getRuntime()), principal, body),
}));
