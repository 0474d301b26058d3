import { getRuntime } from '../../shared/adapters/runtime';
import { OrgPath, PutOrgRequest } from '../../shared/contract/orgs';
import { endpoint } from '../../shared/http/endpoint';
import { putOrg } from '../../shared/use-cases/orgs';

export const handler = endpoint(
  { route: 'PutOrg', params: OrgPath, body: PutOrgRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putOrg(getRuntime(), principal, params.orgId, body),
  }),
);
