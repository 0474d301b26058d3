import { PutDraw } from '../../shared/draws/routes';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { commitDraw } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutDraw, async ({ params, body, principal }) => ({
  status: 200,
  body: await commitDraw(drawsDeps(getRuntime()), principal, params.month, body),
}));
