import { PutOrg } from '../../shared/people/routes';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutOrg, async ({ params, body, principal }) => ({
  status: 200,
  body: await putOrg(getRuntime(), principal, params.orgId, body),
}));
