import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';
import { StorePath, TransferRequest } from '../../shared/stores/contract/stores';
import { transferStock } from '../../shared/stores/use-cases/stock';

export const handler = endpoint(
  { route: 'PostTransfer', params: StorePath, body: TransferRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await transferStock(getRuntime(), principal, params.storeId, body, idempotency));
  },
);
