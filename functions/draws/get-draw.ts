import { GetDraw } from '../../shared/draws/routes';
import { readDraw } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDraw, async ({ params }) => ({
  status: 200,
  body: await readDraw(getRuntime(), params.month),
}));
