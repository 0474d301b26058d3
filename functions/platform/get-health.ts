import { endpoint } from '../../shared/platform/http/endpoint';

export const handler = endpoint({ route: 'GetHealth' }, async () => ({
  status: 200,
  body: { status: 'ok' },
}));
