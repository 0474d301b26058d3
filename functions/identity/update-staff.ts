import { UpdateStaff } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { updateStaff } from '../../shared/identity/use-cases/staff';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(UpdateStaff, async ({ params, body, principal }) => ({
  status: 200,
  body: await updateStaff(identityDeps(getRuntime()), principal, params.userId, body),
}));
