import { getRuntime } from '../../shared/adapters/runtime';
import { VolunteerPath } from '../../shared/contract/common';
import { AdjustmentRequest } from '../../shared/contract/ledger';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { adjustPoints } from '../../shared/use-cases/adjust-points';

export const handler = endpoint(
  { route: 'PostAdjustment', params: VolunteerPath, body: AdjustmentRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await adjustPoints(getRuntime(), principal, params.id, body, idempotency));
  },
);
