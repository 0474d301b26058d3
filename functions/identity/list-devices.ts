import { ListDevices } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { listDevices } from '../../shared/identity/use-cases/devices';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListDevices, async ({ params, principal }) => ({
  status: 200,
  body: await listDevices(identityDeps(getRuntime()), principal, params.id),
}));
