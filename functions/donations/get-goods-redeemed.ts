import { GetGoodsRedeemedValue } from '../../shared/donations/routes';
import { donationsDeps } from '../../shared/donations/store/donations-deps';
import { financeView } from '../../shared/donations/use-cases/reports';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetGoodsRedeemedValue, async ({ query }) => ({
  status: 200,
  body: await financeView(donationsDeps(getRuntime()), query.month),
}));
