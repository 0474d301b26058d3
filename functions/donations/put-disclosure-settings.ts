import { PutDisclosureSettings } from '../../shared/donations/routes';
import { honourRollDeps } from '../../shared/donations/store/disclosure-deps';
import { writeDisclosureSettings } from '../../shared/donations/use-cases/honour-roll';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(PutDisclosureSettings, async ({ body, principal }) => ({
  status: 200,
  body: await writeDisclosureSettings(honourRollDeps(getRuntime()), principal, body),
}));
