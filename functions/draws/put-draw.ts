import { DrawPath, DrawRequest } from '../../shared/draws/contract/draws';
import { commitDraw } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(
  { route: 'PutDraw', params: DrawPath, body: DrawRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await commitDraw(getRuntime(), principal, params.month, body),
  }),
);
