import { getRuntime } from '../../shared/adapters/runtime';
import { RecordPath } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { getServiceRecord } from '../../shared/use-cases/read-service-records';

export const handler = endpoint(
  { route: 'GetServiceRecord', params: RecordPath },
  async ({ params, principal }) => ({
    status: 200,
    body: await getServiceRecord(getRuntime(), principal, params.id),
  }),
);
