import { endpoint } from '../../shared/platform/http/endpoint';
import { GetHealth } from '../../shared/platform/routes';

export const handler = endpoint(GetHealth, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
