import { getRuntime } from '../../shared/adapters/runtime';
import { RecordPath } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { approveServiceRecord } from '../../shared/use-cases/approve-service-record';

export const handler = endpoint(
  { route: 'ApproveServiceRecord', params: RecordPath },
  async ({ params, principal, idempotency }) => {
    return replyFromLedger(await approveServiceRecord(getRuntime(), principal, params.id, idempotency));
  },
);
