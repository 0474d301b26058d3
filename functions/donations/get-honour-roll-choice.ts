import { GetHonourRollChoice } from '../../shared/donations/routes';
import { honourRollDeps } from '../../shared/donations/store/disclosure-deps';
import { readHonourRollChoice } from '../../shared/donations/use-cases/honour-roll';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetHonourRollChoice, async ({ params, principal }) => ({
  status: 200,
  body: await readHonourRollChoice(honourRollDeps(getRuntime()), principal, params.id),
}));
