import { PutProject } from '../../shared/orders/routes';
import { ordersDeps } from '../../shared/orders/store/orders-deps';
import { putProject } from '../../shared/orders/use-cases/projects';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutProject, async (request) => {
  return {
    status: 200,
    body: await putProject(ordersDeps(getRuntime()), request.params.projectId, request.body),
  };
});
