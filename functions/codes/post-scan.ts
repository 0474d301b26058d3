import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { ScanRequest } from '../../shared/contract/codes';
import { endpoint } from '../../shared/http/endpoint';
import { scan } from '../../shared/use-cases/codes';

export const handler = endpoint({ route: 'PostScan', body: ScanRequest }, async ({ body, principal }) => {
  const runtime = getRuntime();
  return { status: 200, body: await scan(runtime, await signingKeys(runtime.config), principal, body) };
});
