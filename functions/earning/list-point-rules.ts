import { ListPointRules } from '../../shared/earning/routes';
import { listPointRules } from '../../shared/earning/use-cases/point-rules';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListPointRules, async () => ({
  status: 200,
  body: await listPointRules(getRuntime()),
}));
