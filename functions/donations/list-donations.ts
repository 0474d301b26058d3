import { ListDonations } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { listRegister } from '../../shared/donations/use-cases/intake';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListDonations, async ({ principal, query }) => ({
  status: 200,
  body: await listRegister(donationsDeps(getRuntime()), principal, query),
}));
