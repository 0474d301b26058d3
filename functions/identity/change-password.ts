import { ChangePassword } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { changeOwnPassword } from '../../shared/identity/use-cases/staff';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ChangePassword, async ({ body, principal }) => ({
  status: 200,
  body: await changeOwnPassword(
    identityDeps(getRuntime()),
    principal,
    body.currentPassword,
    body.newPassword,
  ),
}));
