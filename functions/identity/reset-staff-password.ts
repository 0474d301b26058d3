import { ResetStaffPassword } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { resetStaffPassword } from '../../shared/identity/use-cases/staff';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ResetStaffPassword, async ({ params, body }) => ({
  status: 200,
  body: await resetStaffPassword(identityDeps(getRuntime()), params.userId, body.password),
}));
