import { getRuntime } from '../../shared/adapters/runtime';
import { RecordPath, RejectRequest } from '../../shared/contract/service-records';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { rejectServiceRecord } from '../../shared/use-cases/reject-service-record';

export const handler = endpoint(
  { route: 'RejectServiceRecord', params: RecordPath, body: RejectRequest },
  async ({ params, body, principal }) =>
    replyFromLedger(await rejectServiceRecord(getRuntime(), principal, params.id, body)),
);
