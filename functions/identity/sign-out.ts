import { SignOut } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { signOut } from '../../shared/identity/use-cases/sessions';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(SignOut, async ({ body }) => {
  await signOut(identityDeps(getRuntime()), body.refreshToken);
  return { status: 204 };
});
