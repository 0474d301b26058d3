import { SubmitOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { submitOrder } from '../../shared/orders/use-cases/orders';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(SubmitOrder, async (request) => {
  return { status: 201, body: await submitOrder(ordersDeps(getRuntime()), request.body, request.client) };
});
