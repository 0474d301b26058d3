import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { freshTable } from './support';

/**
 * 消息: a volunteer's messages come from what is kept (the passbook, their activities), so each one
 * agrees with the ledger; what they saw only moves forward.
 */
let stack: ApiStack;
let county: County;
let keySerial = 0;

beforeAll(async () => {
  const table = await freshTable('inbox');
  stack = await startApiStack({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

type Inbox = {
  messages: { id: string; at: string; kind: string; points?: number; title?: string; unread: boolean }[];
  unreadCount: number;
};
const inbox = async (token = county.tokens.volunteerSelf, volunteerId = county.tan) =>
  (await stack.call('GET', `/v1/volunteers/${volunteerId}/inbox`, { token })).json() as unknown as Inbox;

describe('GET /v1/volunteers/{id}/inbox', () => {
  it('tells of points earned, spent and adjusted, newest first, all unread at first', async () => {
    const answer = await inbox();
    const kinds = answer.messages.map((message) => message.kind);
    expect(kinds).toEqual(expect.arrayContaining(['points-adjusted', 'points-earned', 'points-spent']));
    expect(answer.messages.find((message) => message.kind === 'points-spent')?.points).toBe(-5);
    expect(answer.messages.find((message) => message.kind === 'points-earned')).toMatchObject({
      points: 20,
      title: '敬老院探访',
    });
    const times = answer.messages.map((message) => message.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(answer.unreadCount).toBe(answer.messages.length);
  });

  it('tells of an activity called off that they had signed up for', async () => {
    const activityId = await county.freshActivity('recruiting');
    const cancelled = await stack.call('POST', `/v1/activities/${activityId}/steps`, {
      token: stackToken(CALLERS.coordinatorInScope),
      json: { action: 'cancel', reason: '下大雨，改期' },
      headers: { 'idempotency-key': `inbox-${++keySerial}` },
    });
    expect(cancelled.status, cancelled.text).toBe(200);
    const answer = await inbox();
    expect(answer.messages[0]).toMatchObject({
      id: `cancelled:${activityId}`,
      kind: 'activity-cancelled',
      title: '上车村河道清洁',
      unread: true,
    });
  });

  it('marks what was seen; an older mark changes nothing; another volunteer is refused', async () => {
    const before = await inbox();
    const newest = before.messages[0]?.at ?? '';
    const seen = await stack.call('POST', `/v1/volunteers/${county.tan}/inbox/seen`, {
      token: county.tokens.volunteerSelf,
      json: { upTo: newest },
    });
    expect((seen.json() as unknown as Inbox).unreadCount).toBe(0);
    await stack.call('POST', `/v1/volunteers/${county.tan}/inbox/seen`, {
      token: county.tokens.volunteerSelf,
      json: { upTo: '2020-01-01T00:00:00Z' },
    });
    expect((await inbox()).unreadCount).toBe(0);
    const other = await stack.call('GET', `/v1/volunteers/${county.tan}/inbox`, {
      token: county.tokens.volunteerOther,
    });
    expect(other.status).toBe(403);
  });
});
