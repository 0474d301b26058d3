import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';
import { ListCorrections } from '../../shared/records/routes';
import { recordsDeps } from '../../shared/records/store/records-deps';
import { listCorrections } from '../../shared/records/use-cases/record';

export const handler = endpoint(ListCorrections, async ({ query, principal }) => ({
  status: 200,
  body: await listCorrections(recordsDeps(getRuntime()), principal, query),
}));
