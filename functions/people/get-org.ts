import { OrgPath } from '../../shared/people/contract/orgs';
import { getOrg } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint({ route: 'GetOrg', params: OrgPath }, async ({ params, principal }) => ({
  status: 200,
  body: await getOrg(getRuntime(), principal, params.orgId),
}));
