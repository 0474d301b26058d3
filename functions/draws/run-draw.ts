import { RunDraw } from '../../shared/draws/routes';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(RunDraw, async ({ params, principal }) => ({
  status: 200,
  body: await runDraw(drawsDeps(getRuntime()), principal, params.month),
}));
