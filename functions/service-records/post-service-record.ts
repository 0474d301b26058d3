import { getRuntime } from '../../shared/adapters/runtime';
import { ServiceRecordRequest } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { submitServiceRecord } from '../../shared/use-cases/submit-service-record';

export const handler = endpoint(
  { route: 'PostServiceRecord', body: ServiceRecordRequest },
  async ({ body, principal, idempotency }) => {
    return replyFromLedger(await submitServiceRecord(getRuntime(), principal, body, idempotency));
  },
);
