import { TrackOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { trackOrder } from '../../shared/orders/use-cases/orders';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(TrackOrder, async (request) => {
  const { number, phone4 } = request.query;
  return { status: 200, body: await trackOrder(ordersDeps(getRuntime()), number, phone4, request.client) };
});
