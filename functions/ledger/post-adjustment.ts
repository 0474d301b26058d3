import { getRuntime } from '../../shared/adapters/runtime';
import { VolunteerPath } from '../../shared/contract/common';
import { AdjustmentRequest } from '../../shared/contract/ledger';
import { AppError } from '../../shared/errors';
import { endpoint } from '../../shared/http/endpoint';
import { replyFromLedger } from '../../shared/http/ledger-reply';
import { adjustPoints } from '../../shared/use-cases/adjust-points';

export const handler = endpoint(
  { route: 'PostAdjustment', params: VolunteerPath, body: AdjustmentRequest },
  async ({ params, body, principal, idempotency }) => {
    if (idempotency === undefined) throw new AppError('IDEMPOTENCY_KEY_MISSING');
    return replyFromLedger(await adjustPoints(getRuntime(), principal, params.id, body, idempotency));
  },
);
