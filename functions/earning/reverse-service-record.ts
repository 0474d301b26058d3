import { ReverseServiceRecord } from '../../shared/earning/routes';
import { reverseServiceRecord } from '../../shared/earning/use-cases/reverse-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ReverseServiceRecord, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(await reverseServiceRecord(getRuntime(), principal, params.id, body, idempotency));
});
