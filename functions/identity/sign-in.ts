import { SignIn } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { signIn } from '../../shared/identity/use-cases/sign-in';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(SignIn, async ({ body, client }) => ({
  status: 200,
  body: await signIn(identityDeps(getRuntime()), body, client),
}));
