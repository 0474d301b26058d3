import { RejectServiceRecord } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { rejectServiceRecord } from '../../shared/earning/use-cases/reject-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RejectServiceRecord, async ({ params, body, principal }) =>
  replyFromLedger(await rejectServiceRecord(earningDeps(getRuntime()), principal, params.id, body)),
);
