import { getRuntime } from '../../shared/adapters/runtime';
import { endpoint } from '../../shared/http/endpoint';
import { listOrgs } from '../../shared/use-cases/orgs';

export const handler = endpoint({ route: 'GetOrgs' }, async ({ principal }) => ({
  status: 200,
  body: await listOrgs(getRuntime(), principal),
}));
