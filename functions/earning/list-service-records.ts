import { ListServiceRecords } from '../../shared/earning/routes';
import { listServiceRecords } from '../../shared/earning/use-cases/read-service-records';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';

export const handler = endpoint(ListServiceRecords, async ({ query, principal }) => {
  const runtime = getRuntime();
  const page = await listServiceRecords(runtime, await signingKeys(runtime.config), principal, query);
  return { status: 200, body: page };
});
