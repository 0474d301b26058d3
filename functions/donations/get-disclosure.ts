import { GetDisclosure } from '../../shared/donations/routes';
import { disclosureDeps } from '../../shared/donations/store/disclosure-deps';
import { disclosure } from '../../shared/donations/use-cases/disclosure';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDisclosure, async ({ query }) => ({
  status: 200,
  body: await disclosure(disclosureDeps(getRuntime()), query.month),
}));
