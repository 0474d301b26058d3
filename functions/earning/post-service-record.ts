import { PostServiceRecord } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { submitServiceRecord } from '../../shared/earning/use-cases/submit-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PostServiceRecord, async ({ body, principal, idempotency }) => {
  return replyFromLedger(await submitServiceRecord(earningDeps(getRuntime()), principal, body, idempotency));
});
