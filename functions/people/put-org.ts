import { PutOrg } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutOrg, async ({ params, body, principal }) => ({
  status: 200,
  body: await putOrg(peopleDeps(getRuntime()), principal, params.orgId, body),
}));
