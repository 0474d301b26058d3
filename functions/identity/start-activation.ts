import { StartActivation } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { startActivation } from '../../shared/identity/use-cases/devices';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(StartActivation, async ({ params, principal }) => ({
  status: 201,
  body: await startActivation(identityDeps(getRuntime()), principal, params.id),
}));
