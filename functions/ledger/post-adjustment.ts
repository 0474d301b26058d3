import { AdjustmentRequest } from '../../shared/ledger/contract/ledger';
import { adjustPoints } from '../../shared/ledger/use-cases/adjust-points';
import { VolunteerPath } from '../../shared/platform/contract/common';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'PostAdjustment', params: VolunteerPath, body: AdjustmentRequest },
  async ({ params, body, principal, idempotency }) => {
    return replyFromLedger(await adjustPoints(getRuntime(), principal, params.id, body, idempotency));
  },
);
