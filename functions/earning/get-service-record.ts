import { RecordPath } from '../../shared/earning/contract/service-records';
import { getServiceRecord } from '../../shared/earning/use-cases/read-service-records';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'GetServiceRecord', params: RecordPath },
  async ({ params, principal }) => ({
    status: 200,
    body: await getServiceRecord(getRuntime(), principal, params.id),
  }),
);
