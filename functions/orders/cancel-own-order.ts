import { CancelOwnOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { residentStep } from '../../shared/orders/use-cases/transitions';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(CancelOwnOrder, async (request) => {
  const { number, phone4, reason } = request.body;
  return {
    status: 200,
    body: await residentStep(ordersDeps(getRuntime()), number, phone4, request.client, {
      action: 'cancel',
      reason,
    }),
  };
});
