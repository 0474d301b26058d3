import { GetDisclosureSettings } from '../../shared/donations/routes';
import { honourRollDeps } from '../../shared/donations/store/disclosure-deps';
import { readDisclosureSettings } from '../../shared/donations/use-cases/honour-roll';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetDisclosureSettings, async () => ({
  status: 200,
  body: await readDisclosureSettings(honourRollDeps(getRuntime())),
}));
