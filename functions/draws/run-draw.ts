import { getRuntime } from '../../shared/adapters/runtime';
import { DrawPath } from '../../shared/contract/draws';
import { endpoint } from '../../shared/http/endpoint';
import { runDraw } from '../../shared/use-cases/draws-run';

export const handler = endpoint({ route: 'RunDraw', params: DrawPath }, async ({ params, principal }) => ({
  status: 200,
  body: await runDraw(getRuntime(), principal, params.month),
}));
