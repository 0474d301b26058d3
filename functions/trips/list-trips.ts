import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListTrips } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { listTrips } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(ListTrips, async ({ query, principal }) => ({
  status: 200,
  body: await listTrips(tripsDeps(getRuntime()), principal, query),
}));
