import { GetDonorReport } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { donorReportByKey } from '../../shared/donations/use-cases/reports';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDonorReport, async ({ params, principal }) => ({
  status: 200,
  body: await donorReportByKey(donationsDeps(getRuntime()), principal, params.donorKey),
}));
