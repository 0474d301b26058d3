import { GetOrgVolunteers } from '../../shared/people/routes';
import { listOrgVolunteers } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';

export const handler = endpoint(GetOrgVolunteers, async ({ params, query, principal }) => {
  const runtime = getRuntime();
  const signing = await signingKeys(runtime.config);
  return {
    status: 200,
    body: await listOrgVolunteers(runtime, signing, principal, params.orgId, query),
  };
});
