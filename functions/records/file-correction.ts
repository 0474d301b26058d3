import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { FileCorrection } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { fileCorrection } from '../../shared/records/use-cases/record';

export const handler = endpoint(FileCorrection, async ({ params, body, principal, idempotency }) => ({
  status: 201,
  body: await fileCorrection(recordsDeps(getRuntime()), principal, params.id, body, idempotency),
}));
