import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { DecideCorrection } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { decideCorrection } from '../../shared/records/use-cases/record';

export const handler = endpoint(DecideCorrection, async ({ params, body, principal, idempotency }) => ({
  status: 200,
  body: await decideCorrection(recordsDeps(getRuntime()), principal, params.correctionId, body, idempotency),
}));
