import { getRuntime } from '../../shared/adapters/runtime';
import { endpoint } from '../../shared/http/endpoint';
import { listPointRules } from '../../shared/use-cases/point-rules';

export const handler = endpoint({ route: 'ListPointRules' }, async () => ({
  status: 200,
  body: await listPointRules(getRuntime()),
}));
