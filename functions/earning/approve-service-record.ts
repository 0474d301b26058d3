import { ApproveServiceRecord } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { approveServiceRecord } from '../../shared/earning/use-cases/approve-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ApproveServiceRecord, async ({ params, principal, idempotency }) => {
  return replyFromLedger(
    await approveServiceRecord(earningDeps(getRuntime()), principal, params.id, idempotency),
  );
});
