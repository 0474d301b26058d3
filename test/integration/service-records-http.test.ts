import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getRecord } from '../../functions/earning/get-service-record';
import { handler as listRecords } from '../../functions/earning/list-service-records';
import { handler as postRecord } from '../../functions/earning/post-service-record';
import { handler as rejectRecord } from '../../functions/earning/reject-service-record';
import { earningDeps } from '../../shared/earning/store/earning-deps';
import { putPointRule } from '../../shared/earning/use-cases/point-rules';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { seededRandom } from '../support/fault-injection';
import { type Answer, type Caller, callers, invoke } from '../support/http';
import { steppingClock } from '../support/ledger-fixtures';
import { addProfile } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const SUBMIT = 'POST /v1/service-records';
const GET = 'GET /v1/service-records/{id}';
const LIST = 'GET /v1/service-records';
const REJECT = 'POST /v1/service-records/{id}/reject';

/** The clock starts 2026-11-01 08:00 in China; the activity dates below are all before any rule. */
const TODAY = '2026-11-01';
const DAY = '2024-10-01';

let table: TestTable;
let runtime: Runtime;
let keyCounter = 0;
const nextKey = () => {
  keyCounter += 1;
  return `key-${keyCounter}`;
};

interface RecordBody {
  id: string;
  status: string;
  orgId: string;
  entries: { volunteerId: string; hours: number; points: number }[];
  rule: { ruleId: string; version: number; pointsPerHour: number; rounding: string };
}

const submit = (body: unknown, caller: Caller | null = callers.admin, key: string | null = nextKey()) =>
  invoke(postRecord, {
    routeKey: SUBMIT,
    body,
    ...(caller === null ? {} : { caller }),
    ...(key === null ? {} : { headers: { 'idempotency-key': key } }),
  });

const submitRaw = (rawBody: string, caller: Caller = callers.admin) =>
  invoke(postRecord, { routeKey: SUBMIT, rawBody, caller, headers: { 'idempotency-key': nextKey() } });

const get = (id: string, caller: Caller | null) =>
  invoke(getRecord, { routeKey: GET, params: { id }, ...(caller === null ? {} : { caller }) });

const reject = (id: string, reason: unknown, caller: Caller | null = callers.admin) =>
  invoke(rejectRecord, {
    routeKey: REJECT,
    params: { id },
    body: { reason },
    ...(caller === null ? {} : { caller }),
  });

const record = (answer: Answer) => answer.body as unknown as RecordBody;

const activity = (date = DAY, extra: Record<string, unknown> = {}) => ({
  name: '敬老院探访',
  date,
  ...extra,
});

async function recordCount(): Promise<number> {
  const result = await table.client.send(
    new ScanCommand({
      TableName: table.tableName,
      FilterExpression: 'entity = :entity',
      ExpressionAttributeValues: { ':entity': ENTITY.serviceRecord },
      ConsistentRead: true,
    }),
  );
  return result.Items?.length ?? 0;
}

beforeAll(async () => {
  table = await freshTable('records');
  const base = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  const now = steppingClock();
  runtime = {
    ...base,
    now,
    ledger: new LedgerStore({
      client: table.client,
      tableName: table.tableName,
      now,
      random: seededRandom(5),
    }),
  };
  installRuntime(runtime);
  const orgs = [
    { orgId: 'gaolan', name: '皋兰县', level: 'county' },
    { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
    { orgId: 'shichuan-village', name: '什川村', level: 'village', parentId: 'shichuan' },
    { orgId: 'wenshan', name: '文山村', level: 'village', parentId: 'gaolan' },
  ];
  for (const org of orgs) {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.org(org.orgId), entity: ENTITY.org, ...org },
      }),
    );
  }
  await addProfile(runtime, { id: 'tan', orgId: 'shichuan-village' });
  await addProfile(runtime, { id: 'li', orgId: 'shichuan' });
  await addProfile(runtime, { id: 'wei', orgId: 'wenshan' });
  await addProfile(runtime, { id: 'zhao', orgId: 'gaolan' });
});

afterAll(() => installRuntime(undefined));

describe('POST /v1/service-records', () => {
  it('records a coordinator’s activity as pending, priced at the built-in rate, rounded half up', async () => {
    const answer = await submit(
      {
        activity: activity(),
        entries: [
          { volunteerId: 'tan', hours: 1.5 },
          { volunteerId: 'li', hours: 0.25 },
        ],
      },
      callers.coordinator('shichuan'),
    );

    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      status: 'pending',
      activity: { name: '敬老院探访', date: DAY },
      orgId: 'shichuan',
      entries: [
        { volunteerId: 'tan', hours: 1.5, points: 15 },
        { volunteerId: 'li', hours: 0.25, points: 3 },
      ],
      rule: { ruleId: 'default', version: 1, pointsPerHour: 10, rounding: 'half-up' },
      hours: 1.75,
      points: 18,
      submittedBy: 'coordinator-shichuan',
    });
    expect(answer.body.id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(answer.body.submittedAt).toMatch(/^2026-11-01T/);
    expect(answer.headers['idempotent-replayed']).toBeUndefined();
  });

  it('files an admin’s record under the lowest organisation holding every volunteer, or the one named', async () => {
    const town = await submit({
      activity: activity(),
      entries: [
        { volunteerId: 'tan', hours: 1 },
        { volunteerId: 'li', hours: 1 },
      ],
    });
    const county = await submit({
      activity: activity(),
      entries: [
        { volunteerId: 'tan', hours: 1 },
        { volunteerId: 'wei', hours: 1 },
      ],
    });
    const named = await submit({
      activity: activity(),
      entries: [{ volunteerId: 'wei', hours: 1 }],
      orgId: 'wenshan',
    });
    const unknownOrg = await submit({
      activity: activity(),
      entries: [{ volunteerId: 'wei', hours: 1 }],
      orgId: 'nowhere',
    });
    const wrongOrg = await submit({
      activity: activity(),
      entries: [{ volunteerId: 'wei', hours: 1 }],
      orgId: 'shichuan',
    });

    expect([town.status, town.body.orgId]).toEqual([201, 'shichuan']);
    expect([county.status, county.body.orgId]).toEqual([201, 'gaolan']);
    expect([named.status, named.body.orgId]).toEqual([201, 'wenshan']);
    expect([unknownOrg.status, unknownOrg.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([wrongOrg.status, wrongOrg.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('accepts today and refuses tomorrow in China time', async () => {
    const today = await submit({ activity: activity(TODAY), entries: [{ volunteerId: 'zhao', hours: 2 }] });
    const tomorrow = await submit({
      activity: activity('2026-11-02'),
      entries: [{ volunteerId: 'zhao', hours: 2 }],
    });

    expect(today.status).toBe(201);
    expect([tomorrow.status, tomorrow.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(tomorrow.body.errors).toEqual([{ path: 'body.activity.date', message: expect.any(String) }]);
  });

  it('replays the same request for the same key and refuses the key with another body', async () => {
    const body = { activity: activity(), entries: [{ volunteerId: 'wei', hours: 3 }] };
    const before = await recordCount();
    const first = await submit(body, callers.admin, 'submit-once');
    const again = await submit(body, callers.admin, 'submit-once');
    const other = await submit(
      { ...body, entries: [{ volunteerId: 'wei', hours: 4 }] },
      callers.admin,
      'submit-once',
    );
    const someoneElse = await submit(body, callers.coordinator('wenshan'), 'submit-once');

    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(someoneElse.status).toBe(201);
    expect(someoneElse.body.id).not.toBe(first.body.id);
    expect(await recordCount()).toBe(before + 2);
  });

  it('refuses bad input with per-field errors and writes no record', async () => {
    const before = await recordCount();
    const one = (hours: unknown) => ({ activity: activity(), entries: [{ volunteerId: 'tan', hours }] });
    const cases: [string, unknown, string][] = [
      ['negative hours', one(-1), 'body.entries.0.hours'],
      ['zero hours', one(0), 'body.entries.0.hours'],
      ['25 hours', one(25), 'body.entries.0.hours'],
      ['1.1 hours', one(1.1), 'body.entries.0.hours'],
      ['hours as a string', one('2'), 'body.entries.0.hours'],
      ['an unknown field', { ...one(1), note: 'x' }, 'body'],
      ...(['2024-00-10', '2024-13-01', '2024-01-00', '2024-01-32'] as const).map(
        (date): [string, unknown, string] => [
          `the impossible date ${date}`,
          { activity: { ...activity(), date }, entries: [{ volunteerId: 'tan', hours: 1 }] },
          'body.activity.date',
        ],
      ),
      [
        'an activity name of a bidi override and control characters',
        {
          activity: { ...activity(), name: '\u202e\u0000敬老院' },
          entries: [{ volunteerId: 'tan', hours: 1 }],
        },
        'body.activity.name',
      ],
      [
        'an activity name of zero-width spaces only',
        { activity: { ...activity(), name: '\u200b\u200b' }, entries: [{ volunteerId: 'tan', hours: 1 }] },
        'body.activity.name',
      ],
      [
        'an unknown entry field',
        { activity: activity(), entries: [{ volunteerId: 'tan', hours: 1, points: 9 }] },
        'body.entries.0',
      ],
      ['no entries', { activity: activity(), entries: [] }, 'body.entries'],
      [
        '501 entries',
        {
          activity: activity(),
          entries: Array.from({ length: 501 }, (_, index) => ({ volunteerId: `v${index}`, hours: 1 })),
        },
        'body.entries',
      ],
      [
        'a volunteer twice',
        {
          activity: activity(),
          entries: [
            { volunteerId: 'tan', hours: 1 },
            { volunteerId: 'tan', hours: 2 },
          ],
        },
        'body.entries.1.volunteerId',
      ],
      [
        'a day that does not exist',
        { activity: activity('2026-02-30'), entries: [{ volunteerId: 'tan', hours: 1 }] },
        'body.activity.date',
      ],
      [
        'a future date',
        { activity: activity('2027-01-01'), entries: [{ volunteerId: 'tan', hours: 1 }] },
        'body.activity.date',
      ],
      [
        'an empty name',
        { activity: { name: ' ', date: DAY }, entries: [{ volunteerId: 'tan', hours: 1 }] },
        'body.activity.name',
      ],
      [
        'a malformed volunteer id',
        { activity: activity(), entries: [{ volunteerId: 'a b', hours: 1 }] },
        'body.entries.0.volunteerId',
      ],
      [
        'an unknown volunteer',
        {
          activity: activity(),
          entries: [
            { volunteerId: 'tan', hours: 1 },
            { volunteerId: 'ghost', hours: 1 },
          ],
        },
        'body.entries.1.volunteerId',
      ],
    ];
    for (const [name, body, path] of cases) {
      const answer = await submit(body);
      expect([answer.status, answer.body.code], name).toEqual([400, 'VALIDATION_FAILED']);
      expect(
        (answer.body.errors as { path: string }[]).map((error) => error.path),
        name,
      ).toContain(path);
    }
    const ghost = await submit({
      activity: activity(),
      entries: [
        { volunteerId: 'ghost', hours: 1 },
        { volunteerId: 'nobody', hours: 1 },
      ],
    });
    expect(ghost.body.volunteerIds).toEqual(['ghost', 'nobody']);

    const raw = [
      '{"activity":{"name":"x","date":"2024-10-01"},"entries":[{"volunteerId":"tan","hours":NaN}]}',
      '{"activity":{"name":"x","date":"2024-10-01"},"entries":[{"volunteerId":"tan","hours":1e309}]}',
      '{"activity":',
    ];
    for (const text of raw) {
      const answer = await submitRaw(text);
      expect([answer.status, answer.body.code], text).toEqual([400, 'VALIDATION_FAILED']);
    }
    const infinite = await submitRaw(raw[1] ?? '');
    expect(infinite.body.errors).toEqual([{ path: 'body.entries.0.hours', message: expect.any(String) }]);
    const noKey = await submit(one(1), callers.admin, null);
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_MISSING']);

    expect(await recordCount()).toBe(before);
  });

  it('lets coordinators report only their subtree, and nobody else report at all', async () => {
    const before = await recordCount();
    const body = {
      activity: activity(),
      entries: [
        { volunteerId: 'wei', hours: 1 },
        { volunteerId: 'tan', hours: 1 },
      ],
    };

    const foreign = await submit(body, callers.coordinator('shichuan'));
    const lower = await submit(
      { activity: activity(), entries: [{ volunteerId: 'li', hours: 1 }] },
      callers.coordinator('shichuan-village'),
    );
    const counter = await submit(body, callers.counter('S1'));
    const volunteer = await submit(body, callers.volunteer('tan'));
    const anonymous = await submit(body, null);
    const ghost = await submit(
      { activity: activity(), entries: [{ volunteerId: 'no-such-volunteer', hours: 1 }] },
      callers.coordinator('shichuan'),
    );

    expect([foreign.status, foreign.body.code, foreign.body.volunteerIds]).toEqual([
      403,
      'FORBIDDEN',
      ['wei'],
    ]);
    expect([lower.status, lower.body.volunteerIds]).toEqual([403, ['li']]);
    // An id that exists nowhere answers exactly as one that exists elsewhere.
    expect([ghost.status, ghost.body.code, ghost.body.detail, ghost.body.volunteerIds]).toEqual([
      403,
      'FORBIDDEN',
      foreign.body.detail,
      ['no-such-volunteer'],
    ]);
    expect([counter.status, counter.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([volunteer.status, volunteer.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(await recordCount()).toBe(before);
  });
});

describe('GET /v1/service-records/{id}', () => {
  it('shows a record to admins and its coordinators only', async () => {
    const created = record(
      await submit(
        { activity: activity(), entries: [{ volunteerId: 'tan', hours: 2 }] },
        callers.coordinator('shichuan-village'),
      ),
    );
    const cases: [Caller | null, number][] = [
      [callers.admin, 200],
      [callers.coordinator('shichuan-village'), 200],
      [callers.coordinator('shichuan'), 200],
      [callers.coordinator('gaolan'), 200],
      [callers.coordinator('wenshan'), 404],
      [callers.counter('S1'), 403],
      [callers.volunteer('tan'), 403],
      [null, 401],
    ];
    for (const [caller, status] of cases) {
      const answer = await get(created.id, caller);
      expect(answer.status, JSON.stringify(caller)).toBe(status);
      if (status === 200)
        expect(answer.body).toMatchObject({ id: created.id, status: 'pending', orgId: 'shichuan-village' });
    }
    const missing = await get('no-such-record', callers.admin);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('what a record says of its service (order No. 67 第七条)', () => {
  it('keeps the place, start and end times and the person responsible; an end before the start is refused', async () => {
    const made = await submit({
      activity: activity(TODAY, {
        place: '上车村敬老院',
        startTime: '09:00',
        endTime: '11:30',
        responsible: '张建军',
      }),
      entries: [{ volunteerId: 'tan', hours: 2.5 }],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await get(record(made).id, callers.admin)).body.activity).toMatchObject({
      place: '上车村敬老院',
      startTime: '09:00',
      endTime: '11:30',
      responsible: '张建军',
    });
    const backwards = await submit({
      activity: activity(TODAY, { startTime: '14:00', endTime: '09:00' }),
      entries: [{ volunteerId: 'tan', hours: 1 }],
    });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('body.activity.endTime');
    const badClock = await submit({
      activity: activity(TODAY, { startTime: '9点' }),
      entries: [{ volunteerId: 'tan', hours: 1 }],
    });
    expect(badClock.status).toBe(400);
  });
});

describe('the ten working days of order No. 67 (第十一条) on a waiting record', () => {
  it('says the last day and the working days left on the 2026 calendar; late ones say so; decided ones say nothing', async () => {
    // The clock reads 2026-11-01 (a Sunday) in China.
    const late = record(
      await submit({ activity: activity('2026-10-14'), entries: [{ volunteerId: 'tan', hours: 1 }] }),
    );
    const fresh = record(
      await submit({ activity: activity(TODAY), entries: [{ volunteerId: 'tan', hours: 1 }] }),
    );
    const seen = await get(late.id, callers.admin);
    // 10/15 … 10/28 are the ten working days after Wednesday 10/14; 10/29 and 10/30 are two more.
    expect(seen.body.recordBy).toEqual({
      deadline: '2026-10-28',
      workingDaysLeft: -2,
      state: 'late',
      calendarKnown: true,
    });
    expect((await get(fresh.id, callers.admin)).body.recordBy).toEqual({
      deadline: '2026-11-13',
      workingDaysLeft: 10,
      state: 'on-time',
      calendarKnown: true,
    });
    const queue = (
      await invoke(listRecords, {
        routeKey: LIST,
        query: { status: 'pending', limit: '100' },
        caller: callers.admin,
      })
    ).body as unknown as { records: { id: string; recordBy?: { state: string } }[] };
    expect(queue.records.find((one) => one.id === late.id)?.recordBy?.state).toBe('late');
    const rejected = await reject(late.id, '日期填错了');
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    expect((await get(late.id, callers.admin)).body.recordBy).toBeUndefined();
  });
});

describe('GET /v1/service-records', () => {
  const list = (caller: Caller, query: Record<string, string>) =>
    invoke(listRecords, { routeKey: LIST, query, caller });
  const pageOf = (answer: Answer) =>
    answer.body as unknown as {
      records: { id: string; orgId: string; submittedAt: string; entryCount: number }[];
      nextCursor: string | null;
    };

  async function walk(caller: Caller, limit: string) {
    const seen: { id: string; orgId: string; submittedAt: string; entryCount: number }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page += 1) {
      const answer = await list(caller, {
        status: 'pending',
        limit,
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(answer.status).toBe(200);
      const body = pageOf(answer);
      seen.push(...body.records);
      if (body.nextCursor === null) break;
      cursor = body.nextCursor;
    }
    return seen;
  }

  it('pages through the pending queue, oldest first, with a signed cursor', async () => {
    const all = await walk(callers.admin, '100');
    const paged = await walk(callers.admin, '2');

    expect(all.length).toBeGreaterThan(5);
    expect(paged.map((item) => item.id)).toEqual(all.map((item) => item.id));
    expect(all.map((item) => item.submittedAt)).toEqual([...all.map((item) => item.submittedAt)].sort());
    expect(all[0]).not.toHaveProperty('entries');
    expect(all[0]?.entryCount).toBeGreaterThan(0);
  });

  it('shows a coordinator only their subtree’s records', async () => {
    const all = await walk(callers.admin, '100');
    const town = await walk(callers.coordinator('shichuan'), '2');
    const village = await walk(callers.coordinator('wenshan'), '100');

    const inTown = all.filter((item) => ['shichuan', 'shichuan-village'].includes(item.orgId));
    expect(town.map((item) => item.id)).toEqual(inTown.map((item) => item.id));
    expect(village.map((item) => item.orgId)).toEqual(
      all.filter((item) => item.orgId === 'wenshan').map(() => 'wenshan'),
    );
    expect(village.length).toBeGreaterThan(0);
  });

  it('refuses forged cursors, cursors of another status, and other roles', async () => {
    const first = pageOf(await list(callers.admin, { status: 'pending', limit: '1' }));
    const cursor = String(first.nextCursor);
    const [keyId, , signature] = cursor.split('.');
    const forged = `${keyId}.${Buffer.from(JSON.stringify({ v: 1, status: 'pending', submittedAt: '2020', id: 'x' })).toString('base64url')}.${signature}`;
    const answers = [
      await list(callers.admin, { status: 'pending', cursor: forged }),
      await list(callers.admin, { status: 'approved', cursor }),
      await list(callers.admin, { status: 'maybe' }),
      await list(callers.admin, { limit: '0' }),
    ];
    for (const answer of answers)
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const counter = await list(callers.counter('S1'), {});
    expect(counter.status).toBe(403);
  });
});

describe('POST /v1/service-records/{id}/reject', () => {
  it('rejects a pending record once, replays the same rejection, and refuses any other', async () => {
    const created = record(
      await submit({ activity: activity(), entries: [{ volunteerId: 'wei', hours: 2 }] }),
    );

    const rejected = await reject(created.id, '时长与签到表不符');
    const again = await reject(created.id, '时长与签到表不符');
    const differently = await reject(created.id, '另一个理由');
    const shown = await get(created.id, callers.admin);
    const balance = await runtime.ledger.getAccount('wei');

    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({
      id: created.id,
      status: 'rejected',
      reason: '时长与签到表不符',
      decidedBy: 'admin-1',
      decidedAt: expect.stringMatching(/^2026-11-01T/),
    });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(rejected.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect([differently.status, differently.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect(shown.body.status).toBe('rejected');
    expect(balance?.balance).toBe(0);
  });

  it('is for admins only, needs a reason, and answers 404 for no record', async () => {
    const created = record(
      await submit({ activity: activity(), entries: [{ volunteerId: 'tan', hours: 2 }] }),
    );
    const cases: [Caller | null, unknown, number, string][] = [
      [callers.coordinator('gaolan'), '不符', 403, 'FORBIDDEN'],
      [callers.counter('S1'), '不符', 403, 'FORBIDDEN'],
      [callers.volunteer('tan'), '不符', 403, 'FORBIDDEN'],
      [null, '不符', 401, 'UNAUTHENTICATED'],
      [callers.admin, '', 400, 'VALIDATION_FAILED'],
      [callers.admin, 'x'.repeat(501), 400, 'VALIDATION_FAILED'],
    ];
    for (const [caller, reason, status, code] of cases) {
      const answer = await reject(created.id, reason, caller);
      expect([answer.status, answer.body.code]).toEqual([status, code]);
    }
    expect((await get(created.id, callers.admin)).body.status).toBe('pending');
    const missing = await reject('no-such-record', '不符');
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('the rule in force', () => {
  it('prices each record by the rule version in force on its date and for its project', async () => {
    await putPointRule(earningDeps(runtime), SYSTEM_PRINCIPAL, 'county', {
      pointsPerHour: 7,
      effectiveFrom: '2025-01-01',
    });
    await putPointRule(earningDeps(runtime), SYSTEM_PRINCIPAL, 'county', {
      pointsPerHour: 3,
      effectiveFrom: '2025-06-01',
    });
    await putPointRule(earningDeps(runtime), SYSTEM_PRINCIPAL, 'elder-care', {
      pointsPerHour: 20,
      effectiveFrom: '2025-03-01',
      projectId: 'elder',
    });
    const price = async (date: string, hours: number, projectId?: string) =>
      record(
        await submit({
          activity: activity(date, projectId === undefined ? {} : { projectId }),
          entries: [{ volunteerId: 'zhao', hours }],
        }),
      );

    const builtIn = await price('2024-12-31', 0.25);
    const first = await price('2025-02-01', 1.5);
    const second = await price('2025-06-01', 0.25);
    const project = await price('2025-03-01', 2, 'elder');
    const projectEarly = await price('2025-02-28', 2, 'elder');
    const otherProject = await price('2025-03-01', 2, 'river');

    expect([builtIn.entries[0]?.points, builtIn.rule.ruleId]).toEqual([3, 'default']); // 2.5 → 3
    expect([first.entries[0]?.points, first.rule]).toEqual([
      11, // 10.5 → 11
      { ruleId: 'county', version: 1, pointsPerHour: 7, rounding: 'half-up' },
    ]);
    expect([second.entries[0]?.points, second.rule.version]).toEqual([1, 2]); // 0.75 → 1
    expect([project.entries[0]?.points, project.rule.ruleId]).toEqual([40, 'elder-care']);
    expect([projectEarly.entries[0]?.points, projectEarly.rule.ruleId]).toEqual([14, 'county']);
    expect([otherProject.entries[0]?.points, otherProject.rule.ruleId]).toEqual([14, 'county']);
  });
});
