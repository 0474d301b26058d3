import { ApproveServiceRecord } from '../../shared/earning/routes';
import { approveServiceRecord } from '../../shared/earning/use-cases/approve-service-record';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ApproveServiceRecord, async ({ params, principal, idempotency }) => {
  return replyFromLedger(await approveServiceRecord(getRuntime(), principal, params.id, idempotency));
});
