import { OrderStep } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { actOnOrder } from '../../shared/orders/use-cases/transitions';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(OrderStep, async (request) => {
  return {
    status: 200,
    body: await actOnOrder(ordersDeps(getRuntime()), request.principal, request.params.orderId, request.body),
  };
});
