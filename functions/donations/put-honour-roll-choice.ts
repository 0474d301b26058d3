import { PutHonourRollChoice } from '../../shared/donations/routes';
import { honourRollDeps } from '../../shared/donations/store/disclosure-deps';
import { writeHonourRollChoice } from '../../shared/donations/use-cases/honour-roll';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutHonourRollChoice, async ({ params, body, principal }) => ({
  status: 200,
  body: await writeHonourRollChoice(honourRollDeps(getRuntime()), principal, params.id, body.optOut),
}));
