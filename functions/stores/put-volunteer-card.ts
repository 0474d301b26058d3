import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { PutVolunteerCard } from '../../shared/stores/routes';
import { storesDeps } from '../../shared/stores/store/stores-deps';
import { putCard } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(PutVolunteerCard, async ({ params, body, principal }) => ({
  status: 200,
  body: await putCard(storesDeps(getRuntime()), principal, params.id, body),
}));
