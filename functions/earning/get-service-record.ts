import { GetServiceRecord } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { getServiceRecord } from '../../shared/earning/use-cases/read-service-records';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetServiceRecord, async ({ params, principal }) => ({
  status: 200,
  body: await getServiceRecord(earningDeps(getRuntime()), principal, params.id),
}));
