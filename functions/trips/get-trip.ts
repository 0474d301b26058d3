import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetTrip } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { getTrip } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(GetTrip, async ({ params, principal }) => ({
  status: 200,
  body: await getTrip(tripsDeps(getRuntime()), principal, params.tripId),
}));
