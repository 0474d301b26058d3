import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../shared/activities/rules/activities';
import { DOOR_MEMORY_MS } from '../../shared/activities/rules/activities';
import {
  ACTIVITY_ACTIONS,
  ACTIVITY_STATUSES,
  ACTIVITY_TRANSITIONS,
  canActivity,
} from '../../shared/activities/rules/activity-flow';
import { doorCode } from '../../shared/activities/rules/door-code';
import { DynamoActivityStore, DynamoAttendeeStore } from '../../shared/activities/store/activity-store';
import { chinaDate, chinaTime } from '../../shared/platform/china-time';
import { LOCAL_SIGNING_SECRET } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { AppError } from '../../shared/platform/errors';
import { parseSigningSecret } from '../../shared/platform/signed-token';
import { CALLERS, type County, SHEET_PHOTO, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { injectFaults } from '../support/fault-injection';
import { freshTable, type TestTable } from './support';

/**
 * Activities on DynamoDB Local: each step's rule agrees with its condition; 50 people racing for 10
 * places get exactly 10; a forged or old door code changes nothing; a double scan signs in once;
 * and hours counted at the door reach the office's approval and the passbook, 补录 marked.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
const coordinator = stackToken(CALLERS.coordinatorInScope);
const outsider = stackToken(CALLERS.coordinatorOutOfScope);
const HOUR = 3_600_000;
let keySerial = 0;
const key = () => ({ 'idempotency-key': `activities-${++keySerial}` });

/**
 * Times for one activity, all from one reading of the clock: two readings a millisecond apart can
 * put a sign-up deadline "after the end" and have the request rightly refused.
 */
function fromNow(): (offsetMs: number) => string {
  const now = Date.now();
  return (offsetMs) => new Date(now + offsetMs).toISOString();
}
/** An activity tomorrow, its sign-up open until it starts. */
function tomorrow(): { start: string; end: string; signUpUntil: string } {
  const at = fromNow();
  return { start: at(24 * HOUR), end: at(26 * HOUR), signUpUntil: at(24 * HOUR) };
}

const step = (activityId: string, body: Record<string, unknown>, token = coordinator) =>
  stack.call('POST', `/v1/activities/${activityId}/steps`, { token, json: body, headers: key() });

async function newActivity(overrides: Record<string, unknown> = {}, token = coordinator): Promise<string> {
  const at = fromNow();
  const answer = await stack.call('POST', '/v1/activities', {
    token,
    headers: key(),
    json: {
      title: '上车村敬老院探访',
      teamOrgId: 'shangche',
      place: { villageOrgId: 'shangche', address: '上车村敬老院', coordinates: { lat: 36.2, lng: 104.0 } },
      start: at(-HOUR),
      end: at(3 * HOUR),
      signUpFrom: at(-2 * HOUR),
      signUpUntil: at(3 * HOUR),
      capacity: 10,
      openTo: 'county',
      ...overrides,
    },
  });
  expect(answer.status, answer.text).toBe(201);
  return String(answer.json().activityId);
}

async function volunteerToken(
  name: string,
  phone: string,
  orgId = 'shangche',
): Promise<{ id: string; token: string }> {
  const made = await stack.call('POST', '/v1/volunteers', { token: admin, json: { name, phone, orgId } });
  expect(made.status, made.text).toBe(201);
  const id = String(made.json().id);
  return { id, token: stackToken({ sub: `user-${id}`, groups: ['volunteer'], volunteerId: id }) };
}

/**
 * A finished activity that began `hours` + 1 hours ago, with one volunteer's stay of `hours` from
 * its start entered afterwards (补录) and approved by the office.
 */
const QUARTER_MS = 15 * 60_000;
const DAY = 24 * HOUR;
/** China is UTC+8 all year (no daylight saving). */
const CHINA_OFFSET_MS = 8 * HOUR;

/**
 * A past stretch of `hours` that lies within one China day and starts on a quarter hour, ending at
 * least an hour ago: hours are counted per China day and rounded down on each, so a stretch that
 * crossed China's midnight would count differently (and a 10-hour one would not need approval) at
 * some hours of the day the tests run.
 */
function pastStretchInOneChinaDay(nowMs: number, hours: number): { start: Date; end: Date } {
  const latestEnd = Math.floor((nowMs - HOUR) / QUARTER_MS) * QUARTER_MS;
  const chinaMidnight = Math.floor((latestEnd + CHINA_OFFSET_MS) / DAY) * DAY - CHINA_OFFSET_MS;
  const end = latestEnd - hours * HOUR >= chinaMidnight ? latestEnd : chinaMidnight;
  return { start: new Date(end - hours * HOUR), end: new Date(end) };
}

async function finishedWithLateEntry(name: string, phone: string, hours: number) {
  const vol = await volunteerToken(name, phone);
  const at = fromNow();
  const { start, end: stop } = pastStretchInOneChinaDay(Date.parse(at(0)), hours);
  const activityId = await newActivity({
    start: start.toISOString(),
    end: at(HOUR),
    signUpFrom: new Date(start.getTime() - HOUR).toISOString(),
    signUpUntil: at(HOUR),
  });
  await step(activityId, { action: 'publish' });
  await step(activityId, { action: 'start' });
  const entered = await stack.call('POST', `/v1/activities/${activityId}/late-entries`, {
    token: coordinator,
    json: {
      volunteerId: vol.id,
      signedInAt: start.toISOString(),
      signedOutAt: stop.toISOString(),
      reason: '纸质签到',
      evidence: { text: '签到表' },
    },
  });
  expect(entered.status, entered.text).toBe(200);
  const approved = await stack.call('POST', `/v1/activities/${activityId}/late-entries/${vol.id}/decision`, {
    token: admin,
    json: { approve: true },
  });
  expect(approved.status, approved.text).toBe(200);
  await step(activityId, { action: 'finish' });
  return { vol, activityId };
}

beforeAll(async () => {
  table = await freshTable('activities');
  stack = await startApiStack({
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    ORDERS_PER_PHONE_PER_DAY: '0',
  });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

describe('each step: the rule says yes exactly when the condition lets it be written', () => {
  it('for every status and action', async () => {
    const store = new DynamoActivityStore(table);
    let serial = 0;
    const mismatches: string[] = [];
    for (const status of ACTIVITY_STATUSES)
      for (const action of ACTIVITY_ACTIONS) {
        const activityId = `rule-${++serial}`;
        const stored: Activity = {
          activityId,
          title: 't',
          status,
          version: 4,
          teamOrgId: 'shangche',
          place: { villageOrgId: 'shangche', address: 'a' },
          start: '2026-12-01T01:00:00.000Z',
          end: '2026-12-01T03:00:00.000Z',
          capacity: 1,
          signedUp: 0,
          waiting: 0,
          signUpUntil: '2026-12-01T01:00:00.000Z',
          openTo: 'team',
          createdBy: 'x',
          createdAt: '2026-12-01T00:00:00.000Z',
          updatedAt: '2026-12-01T00:00:00.000Z',
        };
        await table.client.send(
          new PutCommand({
            TableName: table.tableName,
            Item: { ...keys.activity(activityId), entity: ENTITY.activity, ...stored },
          }),
        );
        const written = await store.transition(
          { activityId, version: 4, statuses: ACTIVITY_TRANSITIONS[action].from },
          {
            status: ACTIVITY_TRANSITIONS[action].to,
            updatedAt: '2026-12-01T00:00:00.000Z',
            step: { key: 'k', fingerprint: 'f' },
          },
        );
        if (written !== canActivity(status, action)) mismatches.push(`${status} ${action}: wrote ${written}`);
        // Once a step was written, the version read before is stale and refused whatever the status.
        expect(
          await store.transition(
            { activityId, version: 4, statuses: ACTIVITY_STATUSES },
            { status, updatedAt: 'x', step: { key: 'k2', fingerprint: 'f' } },
          ),
        ).toBe(!written);
      }
    expect(mismatches).toEqual([]);
  });
});

describe('sign-up (报名)', () => {
  it('50 people racing for 10 places: exactly 10 get one, the rest wait in order, a withdrawal moves the first up', async () => {
    const activityId = await newActivity({
      ...tomorrow(),
    });
    expect((await step(activityId, { action: 'publish' })).status).toBe(200);
    const people = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        volunteerToken(`报名者${index}`, `1380931${String(1000 + index).padStart(4, '0')}`),
      ),
    );
    const answers = await Promise.all(
      people.map((person) =>
        stack.call('POST', `/v1/activities/${activityId}/sign-ups`, { token: person.token, json: {} }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    const states = answers.map((answer) => String(answer.json().signUp));
    expect(states.filter((state) => state === 'confirmed')).toHaveLength(10);
    expect(states.filter((state) => state === 'waiting')).toHaveLength(40);

    const roster = (
      await stack.call('GET', `/v1/activities/${activityId}/roster`, { token: coordinator })
    ).json();
    expect(roster.counts).toMatchObject({ signedUp: 10, waiting: 40 });
    expect((roster.activity as Record<string, unknown>).signedUp).toBe(10);
    const attendees = roster.attendees as {
      volunteerId: string;
      signUp: string;
      waitlistPosition?: number;
    }[];
    const first = attendees.find((attendee) => attendee.waitlistPosition === 1);
    expect(first?.signUp).toBe('waiting');

    // Signing up again changes nothing.
    const confirmed = people[states.indexOf('confirmed')];
    const again = await stack.call('POST', `/v1/activities/${activityId}/sign-ups`, {
      token: confirmed?.token ?? '',
      json: {},
    });
    expect(again.json().signUp).toBe('confirmed');

    const withdrawn = await stack.call('DELETE', `/v1/activities/${activityId}/sign-ups/${confirmed?.id}`, {
      token: confirmed?.token ?? '',
    });
    expect(withdrawn.json().signUp).toBe('withdrawn');
    const after = (
      await stack.call('GET', `/v1/activities/${activityId}/roster`, { token: coordinator })
    ).json();
    expect(after.counts).toMatchObject({ signedUp: 10, waiting: 39 });
    const moved = (after.attendees as { volunteerId: string; signUp: string }[]).find(
      (attendee) => attendee.volunteerId === first?.volunteerId,
    );
    expect(moved?.signUp).toBe('confirmed');
  }, 60_000);

  it('holds capacity when DynamoDB reports transaction conflicts, throttles and loses answers', async () => {
    const activityId = await newActivity({
      ...tomorrow(),
    });
    await step(activityId, { action: 'publish' });
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(faulty, {
      seed: 20_261_204,
      rate: 0.4,
      kinds: ['transaction-conflict', 'throttling', 'lost-response'],
      commands: ['TransactWriteItems'],
    });
    const store = new DynamoAttendeeStore({ client: faulty, tableName: table.tableName }, async () => {});
    const activity = { activityId, start: new Date(Date.now() + 24 * HOUR).toISOString() };
    const outcomes = await Promise.all(
      Array.from({ length: 30 }, (_, index) =>
        store
          .signUp(
            activity,
            { volunteerId: `racer${index}`, name: `报名者${index}` },
            new Date().toISOString(),
          )
          .catch((error: unknown) =>
            error instanceof AppError ? { kind: error.code } : Promise.reject(error),
          ),
      ),
    );
    expect(log.injected['transaction-conflict'] + log.injected.throttling).toBeGreaterThan(0);
    const clean = new DynamoAttendeeStore(table);
    const roster = await clean.roster(activityId);
    const confirmed = roster.filter((attendee) => attendee.signUp === 'confirmed');
    const waiting = roster.filter((attendee) => attendee.signUp === 'waiting');
    const stored = await new DynamoActivityStore(table).get(activityId);
    // Whatever each caller was told, the counts and the items agree, and no place is given twice.
    expect(confirmed).toHaveLength(10);
    expect(stored?.signedUp).toBe(10);
    expect(stored?.waiting).toBe(waiting.length);
    const told = outcomes.map((outcome) => outcome.kind);
    expect(told.filter((kind) => kind === 'confirmed').length).toBeLessThanOrEqual(10);
    expect(told.every((kind) => ['confirmed', 'waiting', 'already', 'UNAVAILABLE'].includes(kind))).toBe(
      true,
    );
  });

  it('answers 503 UNAVAILABLE, changing nothing, when every try of a sign-up conflicts', async () => {
    const activityId = await newActivity({
      ...tomorrow(),
    });
    await step(activityId, { action: 'publish' });
    const jammed = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    injectFaults(jammed, {
      seed: 1,
      rate: 1,
      kinds: ['transaction-conflict'],
      commands: ['TransactWriteItems'],
    });
    const store = new DynamoAttendeeStore({ client: jammed, tableName: table.tableName }, async () => {});
    const refused = await store
      .signUp({ activityId, start: new Date().toISOString() }, { volunteerId: 'jammed', name: '某某' }, 'now')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('UNAVAILABLE');
    expect(await new DynamoAttendeeStore(table).roster(activityId)).toEqual([]);
    expect((await new DynamoActivityStore(table).get(activityId))?.signedUp).toBe(0);
  });

  it('a volunteer of another town sees a team activity neither in the calendar nor by id', async () => {
    const activityId = await newActivity({ openTo: 'team' });
    expect((await step(activityId, { action: 'publish' })).status).toBe(200);
    const wei = county.tokens.volunteerOther;
    const tan = county.tokens.volunteerSelf;
    expect((await stack.call('GET', `/v1/activities/${activityId}`, { token: wei })).status).toBe(404);
    expect((await stack.call('GET', `/v1/activities/${activityId}`, { token: tan })).status).toBe(200);
    const list = (await stack.call('GET', '/v1/activities', { token: wei })).json();
    expect((list.activities as { activityId: string }[]).map((a) => a.activityId)).not.toContain(activityId);
    const signUp = await stack.call('POST', `/v1/activities/${activityId}/sign-ups`, {
      token: wei,
      json: {},
    });
    expect(signUp.status).toBe(404);
    expect((await stack.call('GET', `/v1/activities/${activityId}/roster`, { token: outsider })).status).toBe(
      404,
    );
  });
});

describe('the door', () => {
  it('a forged code is INVALID_CODE and an old one CODE_EXPIRED; neither signs anyone in', async () => {
    const activityId = await newActivity();
    await step(activityId, { action: 'publish' });
    await step(activityId, { action: 'start' });
    const signing = parseSigningSecret(LOCAL_SIGNING_SECRET);
    const old = doorCode(activityId, new Date(Date.now() - 2 * 60_000), signing).code;
    const forged = doorCode(
      activityId,
      new Date(),
      parseSigningSecret('not-our-secret-at-all-not-ours'),
    ).code;
    const scan = (code: string) =>
      stack.call('POST', '/v1/door-scans', { token: county.tokens.volunteerSelf, json: { code } });
    const answers = [await scan(forged), await scan(old), await scan('not a code')];
    expect(answers.map((answer) => [answer.status, answer.json().code])).toEqual([
      [400, 'INVALID_CODE'],
      [400, 'CODE_EXPIRED'],
      [400, 'INVALID_CODE'],
    ]);
    const roster = (
      await stack.call('GET', `/v1/activities/${activityId}/roster`, { token: coordinator })
    ).json();
    expect(roster.counts).toMatchObject({ present: 0 });
  });

  it('a double scan signs in once; a walk-in far away is let in and flagged', async () => {
    const activityId = await newActivity();
    await step(activityId, { action: 'publish' });
    await step(activityId, { action: 'start' });
    const { code } = (
      await stack.call('GET', `/v1/activities/${activityId}/door-code`, { token: coordinator })
    ).json() as { code: string };
    const far = { lat: 36.3, lng: 104.0 };
    const scans = await Promise.all(
      [1, 2, 3].map(() =>
        stack.call('POST', '/v1/door-scans', {
          token: county.tokens.volunteerOther,
          json: { code, coordinates: far },
        }),
      ),
    );
    const outcomes = scans.map((scan) => scan.json().outcome).sort();
    expect(outcomes).toEqual(['signed-in', 'unchanged', 'unchanged']);
    const attendee = scans[0]?.json().attendee as { flags: string[]; signUp: string; inDistanceM: number };
    expect(attendee.signUp).toBe('none');
    expect(attendee.flags).toEqual(expect.arrayContaining(['walk-in', 'far-away']));
    expect(attendee.inDistanceM).toBeGreaterThan(10_000);
    const roster = (
      await stack.call('GET', `/v1/activities/${activityId}/roster`, { token: coordinator })
    ).json();
    expect(roster.counts).toMatchObject({ present: 1, walkIns: 1 });
  });

  it('a scan before the activity starts or after it finished is refused with ACTIVITY_STATE', async () => {
    const activityId = await newActivity();
    await step(activityId, { action: 'publish' });
    const early = await stack.call('GET', `/v1/activities/${activityId}/door-code`, { token: coordinator });
    expect([early.status, early.json().code]).toEqual([409, 'ACTIVITY_STATE']);
    await step(activityId, { action: 'start' });
    const { code } = (
      await stack.call('GET', `/v1/activities/${activityId}/door-code`, { token: coordinator })
    ).json() as { code: string };
    await step(activityId, { action: 'finish' });
    const late = await stack.call('POST', '/v1/door-scans', {
      token: county.tokens.volunteerSelf,
      json: { code },
    });
    expect([late.status, late.json().code]).toEqual([409, 'ACTIVITY_STATE']);
  });
});

describe('the door remembers a running activity for a few seconds only', () => {
  it('a scan just after the finish may still come in; after DOOR_MEMORY_MS the finish holds', async () => {
    const activityId = await newActivity();
    await step(activityId, { action: 'publish' });
    await step(activityId, { action: 'start' });
    let clockMs = Date.now();
    const store = new DynamoActivityStore(table, () => new Date(clockMs));
    expect((await store.atTheDoor(activityId))?.status).toBe('running');
    await step(activityId, { action: 'finish' });
    expect((await store.atTheDoor(activityId))?.status).toBe('running');
    clockMs += DOOR_MEMORY_MS;
    expect((await store.atTheDoor(activityId))?.status).toBe('finished');
  });

  it('an organiser sets a time only on a sign-out: a sign-in afterwards is a 补录', async () => {
    const activityId = await newActivity();
    await step(activityId, { action: 'publish' });
    await step(activityId, { action: 'start' });
    const backdated = await stack.call('POST', `/v1/activities/${activityId}/attendance`, {
      token: coordinator,
      json: { volunteerId: county.tan, action: 'sign-in', at: new Date(Date.now() - HOUR).toISOString() },
    });
    expect([backdated.status, backdated.json().code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('two people recording at once make one service record', async () => {
    const { activityId } = await finishedWithLateEntry('孙丽华', '13809318804', 2);
    const both = await Promise.all([
      step(activityId, { action: 'record' }),
      step(activityId, { action: 'record' }, admin),
    ]);
    expect(both.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const recordIds = new Set(
      both.filter((answer) => answer.status === 200).map((answer) => answer.json().recordId),
    );
    const pending = (
      await stack.call('GET', '/v1/service-records?status=pending&limit=100', { token: admin })
    ).json() as { records: { id: string; activity: { activityId?: string } }[] };
    const mine = pending.records.filter((record) => record.activity.activityId === activityId);
    expect(mine.map((record) => record.id)).toEqual([...recordIds]);
    // Recording again answers the activity as it is, with the same record.
    const again = await step(activityId, { action: 'record' });
    expect([again.status, again.json().code]).toEqual([409, 'ACTIVITY_STATE']);
  });
});

describe('from the door to the passbook', () => {
  it('hours at the door become one pending service record; approved, the passbook names the activity and its place; a 补录 is marked', async () => {
    const vol = await volunteerToken('王秀英', '13809318801');
    const other = await volunteerToken('李建国', '13809318802');
    const at = fromNow();
    // On a quarter hour (China's quarter hours are UTC's), so that the 补录's 2 h 37 min count
    // 2.5 h whether or not they cross China's midnight (each day is rounded down on its own).
    const start = new Date(Math.floor(Date.parse(at(-3 * HOUR)) / QUARTER_MS) * QUARTER_MS);
    const activityId = await newActivity({
      title: '什川古梨园清洁',
      start: start.toISOString(),
      // Four hours from the quarter-hour start, whatever minute it is now: the record's end time.
      end: new Date(start.getTime() + 4 * HOUR).toISOString(),
      signUpFrom: at(-4 * HOUR),
      signUpUntil: new Date(start.getTime() + 4 * HOUR).toISOString(),
    });
    await step(activityId, { action: 'publish' });
    await stack.call('POST', `/v1/activities/${activityId}/sign-ups`, { token: vol.token, json: {} });
    await step(activityId, { action: 'start' });
    const mark = (body: Record<string, unknown>) =>
      stack.call('POST', `/v1/activities/${activityId}/attendance`, { token: coordinator, json: body });
    const signedIn = await mark({ volunteerId: vol.id, action: 'sign-in' });
    expect(signedIn.json().outcome).toBe('signed-in');
    // A sign-out in the future is refused.
    const leftAt = new Date(
      Date.parse(String((signedIn.json().attendee as Record<string, unknown>).signedInAt)) +
        2 * HOUR +
        10 * 60_000,
    );
    const out = await mark({ volunteerId: vol.id, action: 'sign-out', at: leftAt.toISOString() });
    expect(out.status, out.text).toBe(400);
    const outNow = await mark({ volunteerId: vol.id, action: 'sign-out' });
    expect(outNow.json().outcome).toBe('signed-out');

    const late = await stack.call('POST', `/v1/activities/${activityId}/late-entries`, {
      token: coordinator,
      json: {
        volunteerId: other.id,
        signedInAt: start.toISOString(),
        signedOutAt: new Date(start.getTime() + 2.5 * HOUR + 7 * 60_000).toISOString(),
        reason: '手机没电，签在纸质签到表上',
        evidence: { text: '签到表第2行', photo: SHEET_PHOTO },
      },
    });
    expect(late.status, late.text).toBe(200);
    await step(activityId, { action: 'finish' });
    const held = await step(activityId, { action: 'record' });
    expect([held.status, held.json().code]).toEqual([409, 'ACTIVITY_STATE']);

    const queue = (await stack.call('GET', '/v1/late-entries', { token: admin })).json();
    expect((queue.entries as { activityId: string }[]).some((entry) => entry.activityId === activityId)).toBe(
      true,
    );
    const photo = await stack.call('GET', `/v1/activities/${activityId}/late-entries/${other.id}/photo`, {
      token: admin,
    });
    expect(photo.json().photo).toBe(SHEET_PHOTO);
    const approved = await stack.call(
      'POST',
      `/v1/activities/${activityId}/late-entries/${other.id}/decision`,
      {
        token: admin,
        json: { approve: true },
      },
    );
    expect(approved.json().hours).toBe(2.5);

    const recorded = await step(activityId, { action: 'record' });
    expect(recorded.status, recorded.text).toBe(200);
    const activity = recorded.json();
    expect(activity.status).toBe('recorded');
    // The one signed in and out within minutes counts nothing and is listed.
    expect(activity.recording).toEqual({
      entries: 1,
      hours: 2.5,
      leftOut: [{ volunteerId: vol.id, why: 'too-short' }],
    });
    const recordId = String(activity.recordId);
    const record = (await stack.call('GET', `/v1/service-records/${recordId}`, { token: admin })).json();
    expect(record.status).toBe('pending');
    expect(record.activity).toMatchObject({
      name: '什川古梨园清洁',
      activityId,
      place: '上车村 上车村敬老院',
      // Order No. 67 第七条: when it began (China time) and, on the same day, when it ended.
      startTime: chinaTime(start),
    });
    const sameDay = chinaDate(start) === chinaDate(new Date(start.getTime() + 4 * HOUR));
    expect((record.activity as { endTime?: string }).endTime).toBe(
      sameDay ? chinaTime(new Date(start.getTime() + 4 * HOUR)) : undefined,
    );
    // Names, never bare ids, where a name exists: masked for the volunteer.
    expect(record.entries).toEqual([
      expect.objectContaining({ volunteerId: other.id, hours: 2.5, late: true, displayName: '李*国' }),
    ]);

    const approval = await stack.call('POST', `/v1/service-records/${recordId}/approve`, {
      token: admin,
      headers: key(),
    });
    expect(approval.status, approval.text).toBe(200);
    const passbook = (
      await stack.call('GET', `/v1/volunteers/${other.id}/ledger`, { token: admin })
    ).json() as { entries: { memo?: string }[] };
    expect(passbook.entries[0]?.memo).toBe('补录 · 什川古梨园清洁 · 上车村 上车村敬老院');

    // Recording again with a new key is refused; the same key answers the same.
    const again = await step(activityId, { action: 'record' });
    expect([again.status, again.json().code]).toEqual([409, 'ACTIVITY_STATE']);
  });

  it("an activity for a resident's order puts the order in service as it starts, and its record names the order", async () => {
    const { number } = county.order;
    const at = fromNow();
    const elsewhere = await stack.call('POST', '/v1/activities', {
      token: admin,
      headers: key(),
      json: {
        title: '帮张桂兰打扫院子',
        teamOrgId: 'shidong',
        orderId: number,
        place: { villageOrgId: 'shangche', address: '张桂兰家' },
        start: at(-HOUR),
        end: at(HOUR),
        capacity: 3,
      },
    });
    expect([elsewhere.status, elsewhere.json().code]).toEqual([400, 'VALIDATION_FAILED']);
    const activityId = await newActivity({ title: '帮张桂兰打扫院子', orderId: number });
    await step(activityId, { action: 'publish' });
    await step(activityId, { action: 'start' });
    const order = (await stack.call('GET', `/v1/orders/${number}`, { token: coordinator })).json();
    expect(order.status).toBe('in_service');
    expect(JSON.stringify(order.timeline)).toContain('帮张桂兰打扫院子');
  });

  it('a day over 8 hours waits for the parent organisation: the team refused, the town approves', async () => {
    const { vol, activityId } = await finishedWithLateEntry('赵长寿', '13809318803', 10);
    const held = await step(activityId, { action: 'record' });
    expect(held.json().blocking).toEqual([{ volunteerId: vol.id, why: 'needs-approval' }]);
    const team = stackToken({ sub: 'coord-shangche', groups: ['coordinator'], orgId: 'shangche' });
    const byTeam = await stack.call('POST', `/v1/activities/${activityId}/overtime/${vol.id}`, {
      token: team,
      json: { approve: true },
    });
    expect(byTeam.status).toBe(403);
    const byTown = await stack.call('POST', `/v1/activities/${activityId}/overtime/${vol.id}`, {
      token: coordinator,
      json: { approve: true },
    });
    expect(byTown.json().flags).toContain('overtime-approved');
    const recorded = await step(activityId, { action: 'record' });
    expect(recorded.json().recording).toMatchObject({ entries: 1, hours: 10 });
  });
});
