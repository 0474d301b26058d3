import type { MovementKind } from '../../ledger/rules/ledger';
/**
 * The messages of a volunteer, derived from what is already kept — their passbook's movements and
 * their items of activities — so a message never disagrees with the ledger and no write anywhere
 * waits on one. Pure: the store reads, these rules word.
 */
export const INBOX_KINDS = [
  'points-earned',
  'points-spent',
  'redemption-voided',
  'prize-won',
  'points-adjusted',
  'waitlist-promoted',
  'activity-cancelled',
] as const;
export type InboxKind = (typeof INBOX_KINDS)[number];

/** Messages one read answers at most: the newest. */
export const INBOX_MESSAGES_MAX = 30;

export interface MovementFact {
  id: string;
  kind: MovementKind;
  amount: number;
  direction: 'credit' | 'debit';
  at: string;
  memo?: string | undefined;
}

export interface ActivityFact {
  activityId: string;
  title: string;
  /** When the volunteer moved from the waitlist into a place. */
  promotedAt?: string | undefined;
  /** When the activity was called off, for someone who had a place or was waiting. */
  cancelledAt?: string | undefined;
}

export interface Message {
  id: string;
  at: string;
  kind: InboxKind;
  points?: number;
  title?: string;
  unread: boolean;
}

/**
 * The message each kind of movement makes. A mobile shop trip's holds and releases make none: they
 * only reserve points and give them back (the van's redemption itself is a `redeem`, a message).
 */
const KIND_OF_MOVEMENT: Record<MovementKind, InboxKind | undefined> = {
  earn: 'points-earned',
  redeem: 'points-spent',
  void: 'redemption-voided',
  prize: 'prize-won',
  adjust: 'points-adjusted',
  hold: undefined,
  release: undefined,
};

/** Newest first, at most INBOX_MESSAGES_MAX; unread when newer than what was last seen. */
export function inboxMessages(
  movements: readonly MovementFact[],
  activities: readonly ActivityFact[],
  lastSeenAt: string | undefined,
): Message[] {
  const unread = (at: string) => lastSeenAt === undefined || at > lastSeenAt;
  const messages: Message[] = [
    ...movements.flatMap((movement): Message[] => {
      const kind = KIND_OF_MOVEMENT[movement.kind];
      if (kind === undefined) return [];
      return [
        {
          id: `movement:${movement.id}`,
          at: movement.at,
          kind,
          points: movement.direction === 'credit' ? movement.amount : -movement.amount,
          ...(movement.memo === undefined ? {} : { title: movement.memo }),
          unread: unread(movement.at),
        },
      ];
    }),
    ...activities.flatMap((activity) => [
      ...(activity.promotedAt === undefined
        ? []
        : [
            {
              id: `promoted:${activity.activityId}`,
              at: activity.promotedAt,
              kind: 'waitlist-promoted' as const,
              title: activity.title,
              unread: unread(activity.promotedAt),
            },
          ]),
      ...(activity.cancelledAt === undefined
        ? []
        : [
            {
              id: `cancelled:${activity.activityId}`,
              at: activity.cancelledAt,
              kind: 'activity-cancelled' as const,
              title: activity.title,
              unread: unread(activity.cancelledAt),
            },
          ]),
    ]),
  ];
  return messages
    .sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? 1 : -1))
    .slice(0, INBOX_MESSAGES_MAX);
}

/** What was last seen only moves forward: an older `upTo` (another phone, a late tap) changes nothing. */
export const seenMovesForward = (lastSeenAt: string | undefined, upTo: string): boolean =>
  lastSeenAt === undefined || upTo > lastSeenAt;
