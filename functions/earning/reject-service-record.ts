import { RecordPath, RejectRequest } from '../../shared/earning/contract/service-records';
import { rejectServiceRecord } from '../../shared/earning/use-cases/reject-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'RejectServiceRecord', params: RecordPath, body: RejectRequest },
  async ({ params, body, principal }) =>
    replyFromLedger(await rejectServiceRecord(getRuntime(), principal, params.id, body)),
);
