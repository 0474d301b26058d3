import { getRuntime } from '../../shared/adapters/runtime';
import { signingKeys } from '../../shared/adapters/signing-keys';
import { RedemptionRequest } from '../../shared/contract/redemptions';
import { StorePath } from '../../shared/contract/stores';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { redeem } from '../../shared/use-cases/redeem';

export const handler = endpoint(
  { route: 'PostRedemption', params: StorePath, body: RedemptionRequest },
  async ({ params, body, principal, idempotency }) => {
    const runtime = getRuntime();
    return replyFromLedger(
      await redeem(runtime, await signingKeys(runtime.config), principal, params.storeId, body, idempotency),
    );
  },
);
