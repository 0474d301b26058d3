import { ListOrders } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { orderQueue } from '../../shared/orders/use-cases/queues';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListOrders, async (request) => {
  return { status: 200, body: await orderQueue(ordersDeps(getRuntime()), request.principal, request.query) };
});
