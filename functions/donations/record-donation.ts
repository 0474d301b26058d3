import { RecordDonation } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { recordIntake } from '../../shared/donations/use-cases/intake';
import { endpoint } from '../../shared/platform/http/endpoint';
import { replyFromLedger } from '../../shared/platform/http/ledger-reply';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RecordDonation, async ({ body, principal, idempotency }) =>
  replyFromLedger(await recordIntake(donationsDeps(getRuntime()), principal, body, idempotency)),
);
