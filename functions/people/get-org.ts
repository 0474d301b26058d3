import { GetOrg } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { getOrg } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOrg, async ({ params, principal }) => ({
  status: 200,
  body: await getOrg(peopleDeps(getRuntime()), principal, params.orgId),
}));
