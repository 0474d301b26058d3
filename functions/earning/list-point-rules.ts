import { ListPointRules } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { listPointRules } from '../../shared/earning/use-cases/point-rules';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(ListPointRules, async () => ({
  status: 200,
  body: await listPointRules(earningDeps(getRuntime())),
}));
