import * as z from 'zod/mini';
import '../../platform/contract/locale';
import { INBOX_KINDS } from '../rules/inbox';

/**
 * A volunteer's messages (消息): what happened to their points and their activities, newest first,
 * with what they have not seen yet. Each message is a fact the page words (Chinese first).
 */
export const InboxMessage = z.object({
  /** Stable: the same fact is the same message on every read. */
  id: z.string(),
  at: z.string(),
  kind: z.enum(INBOX_KINDS),
  /** Points moved (positive for a credit, negative for a debit). */
  points: z.optional(z.int()),
  /** The activity's title or the passbook line's words. */
  title: z.optional(z.string()),
  unread: z.boolean(),
});

export const Inbox = z
  .object({
    messages: z.array(InboxMessage),
    unreadCount: z.int(),
    lastSeenAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Inbox' });
export type Inbox = z.infer<typeof Inbox>;

/** A time that exists: 2026-02-30T… or 25:00 would read as another day, so they are refused. */
const isRealUtcTime = (text: string): boolean => {
  const at = Date.parse(text);
  return Number.isFinite(at) && new Date(at).toISOString().slice(0, 19) === text.slice(0, 19);
};

export const SeenRequest = z
  .strictObject({
    /** The newest message the volunteer has now seen: it and everything before it are read. */
    upTo: z.string().check(
      z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, {
        error: '时间格式应为 2026-12-05T01:00:00Z (must be a UTC time)',
        abort: true,
      }),
      z.refine(isRealUtcTime, { error: '没有这个时间 (must be a real time)' }),
    ),
  })
  .register(z.globalRegistry, { id: 'SeenRequest' });
export type SeenRequest = z.infer<typeof SeenRequest>;
