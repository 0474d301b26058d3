import { getRuntime } from '../../shared/adapters/runtime';
import { PointRulePath, PointRuleRequest } from '../../shared/contract/point-rules';
import { endpoint } from '../../shared/http/endpoint';
import { putPointRule } from '../../shared/use-cases/point-rules';

export const handler = endpoint(
  { route: 'PutPointRule', params: PointRulePath, body: PointRuleRequest },
  async ({ params, body, principal }) => ({
    status: 200,
    body: await putPointRule(getRuntime(), principal, params.ruleId, body),
  }),
);
