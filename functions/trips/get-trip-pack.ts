import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { GetTripPack } from '../../shared/trips/routes';
import { tripsDeps } from '../../shared/trips/store/trips-deps';
import { readPack } from '../../shared/trips/use-cases/trips';

export const handler = endpoint(GetTripPack, async ({ params, principal }) => ({
  status: 200,
  body: await readPack(tripsDeps(getRuntime()), principal, params.tripId),
}));
