import { RevokeDevice } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { revokeDevice } from '../../shared/identity/use-cases/devices';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RevokeDevice, async ({ params, principal }) => {
  await revokeDevice(identityDeps(getRuntime()), principal, params.id, params.deviceId);
  return { status: 204 };
});
