import { getRuntime } from '../../shared/adapters/runtime';
import { CardRequest } from '../../shared/contract/codes';
import { VolunteerPath } from '../../shared/contract/common';
import { endpoint } from '../../shared/http/endpoint';
import { putCard } from '../../shared/use-cases/codes';

export const handler = endpoint(
  { route: 'PutVolunteerCard', params: VolunteerPath, body: CardRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putCard(getRuntime(), principal, params.id, body),
  }),
);
