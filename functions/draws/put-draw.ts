import { getRuntime } from '../../shared/adapters/runtime';
import { DrawPath, DrawRequest } from '../../shared/contract/draws';
import { endpoint } from '../../shared/http/endpoint';
import { commitDraw } from '../../shared/use-cases/draws';

export const handler = endpoint(
  { route: 'PutDraw', params: DrawPath, body: DrawRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await commitDraw(getRuntime(), principal, params.month, body),
  }),
);
