import { ListServiceRecords } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { listServiceRecords } from '../../shared/earning/use-cases/read-service-records';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListServiceRecords, async ({ query, principal }) => {
  const page = await listServiceRecords(earningDeps(getRuntime()), principal, query);
  return { status: 200, body: page };
});
