import { ListStaff } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { listStaff } from '../../shared/identity/use-cases/staff';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListStaff, async () => ({
  status: 200,
  body: await listStaff(identityDeps(getRuntime())),
}));
