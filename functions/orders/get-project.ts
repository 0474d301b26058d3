import { GetProject } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { getProject } from '../../shared/orders/use-cases/projects';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetProject, async (request) => {
  return { status: 200, body: await getProject(ordersDeps(getRuntime()), request.params.projectId) };
});
