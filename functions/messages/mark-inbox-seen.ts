import { MarkInboxSeen } from '../../shared/messages/routes';
import { messagesDeps } from '../../shared/messages/store/messages-deps';
import { markInboxSeen } from '../../shared/messages/use-cases/inbox';
import { endpoint } from '../../shared/platform/http/endpoint';
import { getRuntime } from '../../shared/platform/runtime';

export const handler = endpoint(MarkInboxSeen, async ({ params, body, principal }) => ({
  status: 200,
  body: await markInboxSeen(messagesDeps(getRuntime()), principal, params.id, body),
}));
