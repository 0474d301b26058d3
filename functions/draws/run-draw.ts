import { RunDraw } from '../../shared/draws/routes';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RunDraw, async ({ params, principal }) => ({
  status: 200,
  body: await runDraw(getRuntime(), principal, params.month),
}));
