import { PostAdjustment } from '../../shared/ledger/routes';
import { ledgerAreaDeps } from '../../shared/ledger/store/passbook-store';
import { adjustPoints } from '../../shared/ledger/use-cases/adjust-points';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PostAdjustment, async ({ params, body, principal, idempotency }) => {
  return replyFromLedger(
    await adjustPoints(ledgerAreaDeps(getRuntime()), principal, params.id, body, idempotency),
  );
});
