import { ListProjects } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { listProjects } from '../../shared/orders/use-cases/projects';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListProjects, async (request) => {
  return { status: 200, body: await listProjects(ordersDeps(getRuntime()), request.query.status) };
});
