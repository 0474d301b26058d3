import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { AddRecordEntry } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { addRecordEntry } from '../../shared/records/use-cases/record';

export const handler = endpoint(AddRecordEntry, async ({ params, body, principal, idempotency }) => ({
  status: 201,
  body: await addRecordEntry(recordsDeps(getRuntime()), principal, params.id, body, idempotency),
}));
