import { GetDonation } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { getDonation } from '../../shared/donations/use-cases/intake';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDonation, async ({ params, principal }) => ({
  status: 200,
  body: await getDonation(donationsDeps(getRuntime()), principal, params.donationId),
}));
