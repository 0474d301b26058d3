import { UpdateVolunteer } from '../../shared/people/routes';
import { peopleDepsWithIdNumbers } from '../../shared/people/store/id-number-deps';
import { updateVolunteerDetails } from '../../shared/people/use-cases/volunteer-details';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(UpdateVolunteer, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateVolunteerDetails(peopleDepsWithIdNumbers(getRuntime()), principal, params.id, body),
}));
