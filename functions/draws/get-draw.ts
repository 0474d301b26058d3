import { GetDraw } from '../../shared/draws/routes';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { readDraw } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDraw, async ({ params }) => ({
  status: 200,
  body: await readDraw(drawsDeps(getRuntime()), params.month),
}));
