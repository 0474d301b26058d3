import { OrgPath, PutOrgRequest } from '../../shared/people/contract/orgs';
import { putOrg } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'PutOrg', params: OrgPath, body: PutOrgRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putOrg(getRuntime(), principal, params.orgId, body),
  }),
);
