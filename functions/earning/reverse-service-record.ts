import { ReverseServiceRecord } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { reverseServiceRecord } from '../../shared/earning/use-cases/reverse-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ReverseServiceRecord, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await reverseServiceRecord(earningDeps(getRuntime()), principal, params.id, body, idempotency),
  );
});
