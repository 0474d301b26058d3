import { GetJwks } from '../../shared/identity/routes';
import { identityDeps } from '../../shared/identity/store/identity-deps';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetJwks, async () => ({
  status: 200,
  body: { keys: [await identityDeps(getRuntime()).signer.publicJwk()] },
  headers: { 'cache-control': 'public, max-age=3600' },
}));
