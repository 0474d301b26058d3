import { getRuntime } from '../../shared/adapters/runtime';
import { RedemptionPath, VoidRequest } from '../../shared/contract/redemptions';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { voidRedemption } from '../../shared/use-cases/void-redemption';

export const handler = endpoint(
  { route: 'PostRedemptionVoid', params: RedemptionPath, body: VoidRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(
      await voidRedemption(getRuntime(), principal, params.storeId, params.id, body, idempotency),
    );
  },
);
