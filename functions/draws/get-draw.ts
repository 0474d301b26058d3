import { DrawPath } from '../../shared/draws/contract/draws';
import { readDraw } from '../../shared/draws/use-cases/draws';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint({ route: 'GetDraw', params: DrawPath }, async ({ params }) => ({
  status: 200,
  body: await readDraw(getRuntime(), params.month),
}));
