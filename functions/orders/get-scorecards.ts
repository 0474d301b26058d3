import { GetScorecards } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { scorecards } from '../../shared/orders/use-cases/scorecards';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetScorecards, async (request) => {
  return { status: 200, body: await scorecards(ordersDeps(getRuntime()), request.query) };
});
