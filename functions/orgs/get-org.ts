import { getRuntime } from '../../shared/adapters/runtime';
import { OrgPath } from '../../shared/contract/orgs';
import { endpoint } from '../../shared/http/endpoint';
import { getOrg } from '../../shared/use-cases/orgs';

export const handler = endpoint({ route: 'GetOrg', params: OrgPath }, async ({ params, principal }) => ({
  status: 200,
  body: await getOrg(getRuntime(), principal, params.orgId),
}));
