import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { RecordListQuery } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { listServiceRecords } from '../../shared/use-cases/read-service-records';

export const handler = endpoint(
  { route: 'ListServiceRecords', query: RecordListQuery },
  async ({ query, principal }) => {
    const runtime = getRuntime();
    const page = await listServiceRecords(runtime, await signingKeys(runtime.config), principal, query);
    return { status: 200, body: page };
  },
);
