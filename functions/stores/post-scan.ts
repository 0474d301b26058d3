import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { PostScan } from '../../shared/stores/routes';
import { scan } from '../../shared/stores/use-cases/codes';

export const handler = endpoint(PostScan, async ({ body, principal }) => {
  const runtime = getRuntime();
  return { status: 200, body: await scan(runtime, await signingKeys(runtime.config), principal, body) };
});
