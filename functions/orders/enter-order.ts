import { EnterOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { enterOrder } from '../../shared/orders/use-cases/orders';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(EnterOrder, async (request) => {
  return { status: 201, body: await enterOrder(ordersDeps(getRuntime()), request.principal, request.body) };
});
