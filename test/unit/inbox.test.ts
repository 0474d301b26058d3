import { describe, expect, it } from 'vitest';
import { INBOX_MESSAGES_MAX, inboxMessages, seenMovesForward } from '../../shared/messages/rules/inbox';

const movement = (id: string, at: string, kind: 'earn' | 'redeem' | 'prize', amount: number) => ({
  id,
  kind,
  amount,
  direction: kind === 'redeem' ? ('debit' as const) : ('credit' as const),
  at,
});

describe('a volunteer’s messages', () => {
  it('words movements and activities as one list, newest first, unread after what was seen', () => {
    const messages = inboxMessages(
      [
        movement('m1', '2026-12-01T01:00:00Z', 'earn', 30),
        movement('m2', '2026-12-03T01:00:00Z', 'redeem', 8),
      ],
      [{ activityId: 'a1', title: '文山村道德讲堂', promotedAt: '2026-12-02T01:00:00Z' }],
      '2026-12-01T12:00:00Z',
    );
    expect(messages).toEqual([
      { id: 'movement:m2', at: '2026-12-03T01:00:00Z', kind: 'points-spent', points: -8, unread: true },
      {
        id: 'promoted:a1',
        at: '2026-12-02T01:00:00Z',
        kind: 'waitlist-promoted',
        title: '文山村道德讲堂',
        unread: true,
      },
      { id: 'movement:m1', at: '2026-12-01T01:00:00Z', kind: 'points-earned', points: 30, unread: false },
    ]);
  });

  it('answers at most INBOX_MESSAGES_MAX, the newest', () => {
    const many = Array.from({ length: INBOX_MESSAGES_MAX + 5 }, (_, index) =>
      movement(`m${index}`, `2026-12-01T00:${String(index).padStart(2, '0')}:00Z`, 'prize', 10),
    );
    const messages = inboxMessages(many, [], undefined);
    expect(messages).toHaveLength(INBOX_MESSAGES_MAX);
    expect(messages[0]?.id).toBe(`movement:m${INBOX_MESSAGES_MAX + 4}`);
  });

  it('moves what was seen forward only', () => {
    expect(seenMovesForward(undefined, '2026-12-01T00:00:00Z')).toBe(true);
    expect(seenMovesForward('2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z')).toBe(false);
    expect(seenMovesForward('2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z')).toBe(true);
  });
});
