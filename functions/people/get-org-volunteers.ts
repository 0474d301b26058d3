import { GetOrgVolunteers } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { listOrgVolunteers } from '../../shared/people/use-cases/volunteers';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOrgVolunteers, async ({ params, query, principal }) => ({
  status: 200,
  body: await listOrgVolunteers(peopleDeps(getRuntime()), principal, params.orgId, query),
}));
