import { RateOwnOrder } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { residentStep } from '../../shared/orders/use-cases/transitions';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RateOwnOrder, async (request) => {
  const { number, phone4, ...rating } = request.body;
  return {
    status: 200,
    body: await residentStep(ordersDeps(getRuntime()), number, phone4, request.client, {
      action: 'rate',
      ...rating,
    }),
  };
});
