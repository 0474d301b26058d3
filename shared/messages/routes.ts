import { VolunteerPath } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import { Inbox, SeenRequest } from './contract/inbox';

export const GetInbox = {
  id: 'GetInbox',
  method: 'GET',
  path: '/v1/volunteers/{id}/inbox',
  entry: 'functions/messages/get-inbox.ts',
  auth: 'jwt',
  roles: ['volunteer'],
  table: ['read', 'query-indexes'],
  scope: 'self',
  summary:
    "A volunteer's messages (消息): points earned or spent, a prize, a place from the waitlist, an activity called off; what is unread",
  params: VolunteerPath,
  response: Inbox,
} as const satisfies RouteDefinition;

export const MarkInboxSeen = {
  id: 'MarkInboxSeen',
  method: 'POST',
  path: '/v1/volunteers/{id}/inbox/seen',
  entry: 'functions/messages/mark-inbox-seen.ts',
  auth: 'jwt',
  roles: ['volunteer'],
  table: ['read', 'write', 'query-indexes'],
  scope: 'self',
  summary: 'Marks the messages up to a time as read (it only moves forward)',
  params: VolunteerPath,
  body: SeenRequest,
  response: Inbox,
} as const satisfies RouteDefinition;

/** The messages area's routes, in the order the API lists them. */
export const MESSAGES_ROUTES = [GetInbox, MarkInboxSeen] as const;
