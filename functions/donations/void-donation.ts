import { VoidDonation } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { voidIntake } from '../../shared/donations/use-cases/intake';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(VoidDonation, async ({ params, body, principal, idempotency }) =>
  replyFromLedger(
    await voidIntake(donationsDeps(getRuntime()), principal, params.donationId, body, idempotency),
  ),
);
