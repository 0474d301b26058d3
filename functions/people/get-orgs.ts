import { GetOrgs } from '../../shared/people/routes';
import { peopleDeps } from '../../shared/people/store/people-deps';
import { listOrgs } from '../../shared/people/use-cases/orgs';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOrgs, async ({ principal }) => ({
  status: 200,
  body: await listOrgs(peopleDeps(getRuntime()), principal),
}));
