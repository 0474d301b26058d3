import { GetOrgs } from '../../shared/people/routes';
import { listOrgs } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOrgs, async ({ principal }) => ({
  status: 200,
  body: await listOrgs(getRuntime(), principal),
}));
