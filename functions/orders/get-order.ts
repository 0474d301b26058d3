import { GetOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { getOrder } from '../../shared/orders/use-cases/queues';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetOrder, async (request) => {
  return {
    status: 200,
    body: await getOrder(ordersDeps(getRuntime()), request.principal, request.params.orderId),
  };
});
