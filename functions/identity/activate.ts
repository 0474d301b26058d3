import { ActivateDevice } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { activateDevice } from '../../shared/identity/use-cases/devices';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ActivateDevice, async ({ body, client }) => ({
  status: 200,
  body: await activateDevice(identityDeps(getRuntime()), body, client),
}));
