import { getRuntime } from '../../shared/adapters/runtime';
import { RecordPath } from '../../shared/contract/service-records';
import { AppError } from '../../shared/errors';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { approveServiceRecord } from '../../shared/use-cases/approve-service-record';

export const handler = endpoint(
  { route: 'ApproveServiceRecord', params: RecordPath },
  async ({ params, principal, idempotency }) => {
    if (idempotency === undefined) throw new AppError('IDEMPOTENCY_KEY_MISSING');
    return replyFromLedger(await approveServiceRecord(getRuntime(), principal, params.id, idempotency));
  },
);
