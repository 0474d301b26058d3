import { getRuntime } from '../../shared/adapters/runtime';
import { RecordPath, ReverseRequest } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { reverseServiceRecord } from '../../shared/use-cases/reverse-service-record';

export const handler = endpoint(
  { route: 'ReverseServiceRecord', params: RecordPath, body: ReverseRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await reverseServiceRecord(getRuntime(), principal, params.id, body, idempotency));
  },
);
