import { getRuntime } from '../../shared/adapters/runtime';
import { StorePath, TransferRequest } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { transferStock } from '../../shared/use-cases/stock';

export const handler = endpoint(
  { route: 'PostTransfer', params: StorePath, body: TransferRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await transferStock(getRuntime(), principal, params.storeId, body, idempotency));
  },
);
