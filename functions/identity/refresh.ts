import { RefreshSession } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { refresh } from '../../shared/identity/use-cases/sign-in';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RefreshSession, async ({ body }) => ({
  status: 200,
  body: await refresh(identityDeps(getRuntime()), body.refreshToken, body.pin),
}));
