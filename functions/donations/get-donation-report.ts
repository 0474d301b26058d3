import { GetDonationReport } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { donationReport } from '../../shared/donations/use-cases/reports';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDonationReport, async ({ params, principal }) => ({
  status: 200,
  body: await donationReport(donationsDeps(getRuntime()), principal, params.donationId),
}));
