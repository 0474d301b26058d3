import { PutPointRule } from '../../shared/earning/routes';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { putPointRule } from '../../shared/earning/use-cases/point-rules';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutPointRule, async ({ params, body, principal }) => ({
  status: 200,
  body: await putPointRule(earningDeps(getRuntime()), principal, params.ruleId, body),
}));
