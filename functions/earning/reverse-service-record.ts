import { RecordPath, ReverseRequest } from '../../shared/earning/contract/service-records';
import { reverseServiceRecord } from '../../shared/earning/use-cases/reverse-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'ReverseServiceRecord', params: RecordPath, body: ReverseRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await reverseServiceRecord(getRuntime(), principal, params.id, body, idempotency));
  },
);
