import { AppError } from '../../platform/errors';
import type { Principal } from '../../platform/principal';
import type { Inbox, SeenRequest } from '../contract/inbox';
import type { MessagesDeps } from '../port';
import { INBOX_MESSAGES_MAX, inboxMessages } from '../rules/inbox';

/** A volunteer's own messages only. */
function assertSelf(principal: Principal, volunteerId: string): void {
  if (principal.volunteerId !== volunteerId)
    throw new AppError('FORBIDDEN', '只能看自己的消息 (you may read only your own messages)');
}

/** 消息: points that arrived or were spent, a prize, a place from the waitlist, an activity called off. */
export async function readInbox(
  deps: MessagesDeps,
  principal: Principal,
  volunteerId: string,
): Promise<Inbox> {
  assertSelf(principal, volunteerId);
  const [movements, activities, lastSeenAt] = await Promise.all([
    deps.sources.movements(volunteerId, INBOX_MESSAGES_MAX),
    deps.sources.activities(volunteerId),
    deps.seen.lastSeen(volunteerId),
  ]);
  const messages = inboxMessages(movements, activities, lastSeenAt);
  return {
    messages,
    unreadCount: messages.filter((message) => message.unread).length,
    ...(lastSeenAt === undefined ? {} : { lastSeenAt }),
  };
}

/** Marks everything up to `upTo` as seen; an older mark changes nothing. Not in the future. */
export async function markInboxSeen(
  deps: MessagesDeps,
  principal: Principal,
  volunteerId: string,
  request: SeenRequest,
): Promise<Inbox> {
  assertSelf(principal, volunteerId);
  const upTo = Math.min(Date.parse(request.upTo), deps.now().getTime());
  await deps.seen.markSeen(volunteerId, new Date(upTo).toISOString());
  return readInbox(deps, principal, volunteerId);
}
