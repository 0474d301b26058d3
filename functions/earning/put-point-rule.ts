import { PutPointRule } from '../../shared/earning/routes';
import { putPointRule } from '../../shared/earning/use-cases/point-rules';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutPointRule, async ({ params, body, principal }) => ({
  status: 200,
  body: await putPointRule(getRuntime(), principal, params.ruleId, body),
}));
