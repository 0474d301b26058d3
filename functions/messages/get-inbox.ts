import { GetInbox } from '../../shared/messages/routes';
import { messagesDeps } from '../../shared/messages/store/messages-deps';
import { readInbox } from '../../shared/messages/use-cases/inbox';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(GetInbox, async ({ params, principal }) => ({
  status: 200,
  body: await readInbox(messagesDeps(getRuntime()), principal, params.id),
}));
