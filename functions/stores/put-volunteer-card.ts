import { VolunteerPath } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { CardRequest } from '../../shared/stores/contract/codes';
import { putCard } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(
  { route: 'PutVolunteerCard', params: VolunteerPath, body: CardRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putCard(getRuntime(), principal, params.id, body),
  }),
);
