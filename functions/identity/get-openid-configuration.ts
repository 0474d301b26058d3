import { GetOpenIdConfiguration } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { openIdConfiguration } from '../../shared/identity/use-cases/discovery';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOpenIdConfiguration, async () => ({
  status: 200,
  body: openIdConfiguration(identityDeps(getRuntime()).issuer),
  headers: { 'cache-control': 'public, max-age=3600' },
}));
