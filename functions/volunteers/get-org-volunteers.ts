import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { PageQuery } from '../../shared/contract/common';
import { OrgVolunteersPath } from '../../shared/contract/volunteers';
import { endpoint } from '../../shared/http/endpoint';
import { listOrgVolunteers } from '../../shared/use-cases/volunteers';

export const handler = endpoint(
  { route: 'GetOrgVolunteers', params: OrgVolunteersPath, query: PageQuery },
  async ({ params, query, principal }) => {
    const runtime = getRuntime();
    const signing = await signingKeys(runtime.config);
    return {
      status: 200,
      body: await listOrgVolunteers(runtime, signing, principal, params.orgId, query),
    };
  },
);
