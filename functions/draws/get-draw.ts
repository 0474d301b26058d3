import { getRuntime } from '../../shared/adapters/runtime';
import { DrawPath } from '../../shared/contract/draws';
import { endpoint } from '../../shared/http/endpoint';
import { readDraw } from '../../shared/use-cases/draws';

export const handler = endpoint({ route: 'GetDraw', params: DrawPath }, async ({ params }) => ({
  status: 200,
  body: await readDraw(getRuntime(), params.month),
}));
