import { OrgVolunteersPath } from '../../shared/people/contract/volunteers';
import { listOrgVolunteers } from '../../shared/people/use-cases/volunteers';
import { PageQuery } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';

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
