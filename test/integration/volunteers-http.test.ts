import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getBalance } from '../../functions/ledger/get-balance';
import { handler as getOrgVolunteers } from '../../functions/people/get-org-volunteers';
import { handler as getVolunteer } from '../../functions/people/get-volunteer';
import { handler as postVolunteer } from '../../functions/people/post-volunteer';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { type Answer, type Caller, callers, type InvokeOptions, invoke } from '../support/http';
import { putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const REGISTER = 'POST /v1/volunteers';
const PROFILE = 'GET /v1/volunteers/{id}';
const MEMBERS = 'GET /v1/orgs/{orgId}/volunteers';

/** Any whole mainland mobile number; none may ever appear in a response body. */
const FULL_PHONE = /1[3-9]\d{9}/;

let table: TestTable;

type Handler = Parameters<typeof invoke>[0];

/** Every call goes through here, so every response body is checked for a whole phone number. */
async function call(handler: Handler, options: InvokeOptions): Promise<Answer> {
  const answer = await invoke(handler, options);
  // The request id is a random UUID, whose digits may by chance look like a phone number.
  const { requestId: _requestId, ...body } = answer.body;
  expect(JSON.stringify(body), `${options.routeKey} leaked a phone number`).not.toMatch(FULL_PHONE);
  return answer;
}

const register = (body: unknown, caller: Caller | null = callers.admin) =>
  call(postVolunteer, { routeKey: REGISTER, body, ...(caller === null ? {} : { caller }) });
const profile = (id: string, caller?: Caller) =>
  call(getVolunteer, { routeKey: PROFILE, params: { id }, ...(caller === undefined ? {} : { caller }) });
const members = (orgId: string, caller?: Caller, query?: Record<string, string>) =>
  call(getOrgVolunteers, {
    routeKey: MEMBERS,
    params: { orgId },
    ...(query === undefined ? {} : { query }),
    ...(caller === undefined ? {} : { caller }),
  });

async function itemCount(): Promise<number> {
  const result = await table.client.send(
    new ScanCommand({ TableName: table.tableName, Select: 'COUNT', ConsistentRead: true }),
  );
  return result.Count ?? 0;
}

const TAN = { name: '谭成华', phone: '138 0931 0001', orgId: 'shangche' };
const WEI = { name: '魏仁科', phone: '+86 139-0931-0002', orgId: 'wenshan', externalId: 'GL-2020-0002' };
let tanId = '';
let weiId = '';

beforeAll(async () => {
  table = await freshTable('volunteers');
  installRuntime(
    buildRuntime(
      parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
      { client: table.client },
    ),
  );
  await putOrgs([...SMALL_TREE, ['paging', { name: '分页测试组', level: 'group', parentId: 'gaolan' }]]);
});

afterAll(() => installRuntime(undefined));

describe('POST /v1/volunteers', () => {
  it('registers a volunteer with a normalized phone, answered masked, and opens the account at zero', async () => {
    const answer = await register(TAN);
    tanId = String(answer.body.id);
    const balance = await call(getBalance, {
      routeKey: 'GET /v1/volunteers/{id}/balance',
      params: { id: tanId },
      caller: callers.coordinator('shichuan'),
    });

    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.stringMatching(/^v[a-z2-7]{16}$/),
      name: '谭成华',
      orgId: 'shangche',
      phone: '138****0001',
      createdAt: expect.any(String),
    });
    expect(balance.body).toEqual({ volunteerId: tanId, balance: 0 });
  });

  it('lets a coordinator register in their subtree only', async () => {
    const own = await register(WEI, callers.coordinator('shidong'));
    weiId = String(own.body.id);
    const foreign = await register(
      { name: '桑杰才让', phone: '13909310003', orgId: 'shangche' },
      callers.coordinator('shidong'),
    );
    const parent = await register(
      { name: '桑杰才让', phone: '13909310003', orgId: 'shidong' },
      callers.coordinator('wenshan'),
    );

    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ externalId: 'GL-2020-0002', phone: '139****0002' });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([parent.status, parent.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses counters, volunteers and strangers', async () => {
    const body = { name: '桑杰才让', phone: '13909310003', orgId: 'shangche' };
    const counter = await register(body, callers.counter('S1'));
    const volunteer = await register(body, callers.volunteer(tanId));
    const anonymous = await register(body, null);

    expect([counter.status, counter.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([volunteer.status, volunteer.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('answers with the same volunteer when the same person is registered again in the same organisation', async () => {
    const before = await itemCount();
    const repeated = await register(TAN, callers.coordinator('shangche'));
    const rewritten = await register({ name: ' 谭 成华', phone: '+8613809310001', orgId: 'shangche' });

    for (const answer of [repeated, rewritten]) {
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({ id: tanId, alreadyRegistered: true, phone: '138****0001' });
    }
    expect(await itemCount()).toBe(before);
  });

  it('answers 409 with the existing id for the same person in another organisation or with another externalId', async () => {
    const before = await itemCount();
    const elsewhere = await register({ name: ' 谭 成华', phone: '+8613809310001', orgId: 'shichuan' });
    const withExternalId = await register({ ...TAN, externalId: 'GL-2020-0001' });

    for (const answer of [elsewhere, withExternalId]) {
      expect([answer.status, answer.body.code]).toEqual([409, 'CONFLICT']);
      expect(answer.body.existingId).toBe(tanId);
    }
    expect(await itemCount()).toBe(before);
  });

  it('answers 409 without naming anyone when the externalId belongs to another person', async () => {
    const before = await itemCount();
    const answer = await register({
      name: '马小梅',
      phone: '13909310005',
      orgId: 'wenshan',
      externalId: 'GL-2020-0002',
    });

    expect([answer.status, answer.body.code]).toEqual([409, 'CONFLICT']);
    expect(answer.body.existingId).toBeUndefined();
    expect(answer.body.detail).toMatch(/externalId/);
    expect(await itemCount()).toBe(before);
  });

  it('names the existing volunteer only to a caller who may read them: elsewhere, every collision answers alike', async () => {
    const before = await itemCount();
    // 石洞镇's coordinator cannot read 谭成华 (上车村, 什川镇) nor the holder of an externalId.
    const outsider = callers.coordinator('shidong');
    const samePerson = await register({ ...TAN, orgId: 'wenshan' }, outsider);
    const samePersonNewId = await register(
      { ...TAN, orgId: 'wenshan', externalId: 'GL-2020-0099' },
      outsider,
    );
    const takenExternalId = await register(
      { name: '马小梅', phone: '13909310005', orgId: 'wenshan', externalId: 'GL-2020-0002' },
      outsider,
    );
    const readBack = await profile(tanId, outsider);

    expect(readBack.status).toBe(404);
    const shapes = [samePerson, samePersonNewId, takenExternalId].map((answer) => {
      const { requestId: _requestId, ...body } = answer.body;
      return { status: answer.status, body };
    });
    expect(shapes[0]?.status).toBe(409);
    expect(shapes[0]?.body.code).toBe('CONFLICT');
    expect(shapes[0]?.body.existingId).toBeUndefined();
    expect(JSON.stringify(shapes)).not.toContain(tanId);
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    // The coordinator of 什川镇 may read 谭成华, and is told who it is.
    const insider = await register({ ...TAN, orgId: 'shichuan' }, callers.coordinator('shichuan'));
    expect([insider.status, insider.body.existingId]).toEqual([409, tanId]);
    expect(await itemCount()).toBe(before);
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const before = await itemCount();
    const cases: [unknown, string][] = [
      [{ ...TAN, name: '谭'.repeat(51) }, 'body.name'],
      [{ ...TAN, name: '   ' }, 'body.name'],
      [{ ...TAN, phone: '1380931000' }, 'body.phone'],
      [{ ...TAN, phone: '23809310001' }, 'body.phone'],
      [{ ...TAN, phone: 13809310001 }, 'body.phone'],
      [{ ...TAN, name: 12345 }, 'body.name'],
      [{ name: TAN.name, phone: TAN.phone }, 'body.orgId'],
      [{ ...TAN, orgId: 'nowhere' }, 'body.orgId'],
      [{ ...TAN, externalId: '' }, 'body.externalId'],
      [{ ...TAN, idCard: '620122' }, 'body'],
    ];
    for (const [body, path] of cases) {
      const answer = await register(body);
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      expect(answer.body.errors, JSON.stringify(body)).toEqual(
        expect.arrayContaining([expect.objectContaining({ path })]),
      );
    }
    const malformed = await call(postVolunteer, {
      routeKey: REGISTER,
      rawBody: '{"name":',
      caller: callers.admin,
    });

    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await itemCount()).toBe(before);
  });

  it('writes the profile and the externalId item, and nothing more: the account opens with the first points', async () => {
    const scan = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true }),
    );
    const ofWei = (scan.Items ?? []).filter((item) => item.volunteerId === weiId);

    expect(ofWei.map((item) => item.entity).sort()).toEqual(['unique-key', 'volunteer-profile']);
    expect(ofWei.find((item) => item.entity === 'volunteer-profile')).toMatchObject({
      phone: '13909310002',
      ...keys.volunteerByOrg('wenshan', weiId),
    });
    // Until then the balance reads as zero, from the profile.
    const balance = await invoke(getBalance, {
      routeKey: 'GET /v1/volunteers/{id}/balance',
      params: { id: weiId },
      caller: callers.coordinator('wenshan'),
    });
    expect([balance.status, balance.body]).toEqual([200, { volunteerId: weiId, balance: 0 }]);
  });
});

describe('GET /v1/volunteers/{id}', () => {
  it('answers the admin, coordinators of the subtree and the volunteer, with the full name and masked phone', async () => {
    for (const caller of [
      callers.admin,
      callers.coordinator('gaolan'),
      callers.coordinator('shichuan'),
      callers.coordinator('shangche'),
      callers.volunteer(tanId),
    ]) {
      const answer = await profile(tanId, caller);
      expect(answer.status, caller.sub).toBe(200);
      expect(answer.body, caller.sub).toEqual({
        id: tanId,
        name: '谭成华',
        orgId: 'shangche',
        phone: '138****0001',
        createdAt: expect.any(String),
      });
    }
  });

  it('hides the volunteer from coordinators elsewhere and refuses other roles', async () => {
    const cases: [string, Caller | undefined, number][] = [
      [tanId, callers.coordinator('shidong'), 404],
      [tanId, callers.coordinator('wenshan'), 404],
      [weiId, callers.coordinator('shangche'), 404],
      [tanId, callers.volunteer(weiId), 403],
      [tanId, callers.counter('S1'), 403],
      [tanId, undefined, 401],
      ['vnobody', callers.admin, 404],
      ['a b', callers.admin, 400],
    ];
    for (const [id, caller, status] of cases) {
      const answer = await profile(id, caller);
      expect(answer.status, `${id} as ${caller?.sub ?? 'anonymous'}`).toBe(status);
    }
  });
});

describe('GET /v1/orgs/{orgId}/volunteers', () => {
  it('pages through the volunteers of an organisation with a signed cursor, phones masked', async () => {
    for (let index = 0; index < 25; index += 1) {
      const phone = `1370931${String(index).padStart(4, '0')}`;
      const answer = await register({ name: `志愿者${index}`, phone, orgId: 'paging' });
      expect(answer.status).toBe(201);
    }
    const seen: { id: string; name: string; phone: string }[] = [];
    let cursor: string | undefined;
    const pageSizes: number[] = [];
    for (let page = 0; page < 5; page += 1) {
      const answer = await members('paging', callers.admin, {
        limit: '10',
        ...(cursor === undefined ? {} : { cursor }),
      });
      expect(answer.status).toBe(200);
      const volunteers = answer.body.volunteers as { id: string; name: string; phone: string }[];
      pageSizes.push(volunteers.length);
      seen.push(...volunteers);
      if (answer.body.nextCursor === null) break;
      cursor = String(answer.body.nextCursor);
    }

    expect(pageSizes.slice(0, 3)).toEqual([10, 10, 5]);
    expect(new Set(seen.map((volunteer) => volunteer.id)).size).toBe(25);
    expect(seen.every((volunteer) => /^137\*{4}\d{4}$/.test(volunteer.phone))).toBe(true);
    expect(seen.map((volunteer) => volunteer.name)).toContain('志愿者7');
  });

  it('answers coordinators of the subtree, hides the list elsewhere, and refuses other roles', async () => {
    const cases: [string, Caller | undefined, number][] = [
      ['shangche', callers.admin, 200],
      ['shangche', callers.coordinator('shichuan'), 200],
      ['shangche', callers.coordinator('shangche'), 200],
      ['shangche', callers.coordinator('shidong'), 404],
      ['shichuan', callers.coordinator('shangche'), 404],
      ['nowhere', callers.admin, 404],
      ['shangche', callers.counter('S1'), 403],
      ['shangche', callers.volunteer(tanId), 403],
      ['shangche', undefined, 401],
    ];
    for (const [orgId, caller, status] of cases) {
      const answer = await members(orgId, caller);
      expect(answer.status, `${orgId} as ${caller?.sub ?? 'anonymous'}`).toBe(status);
    }
    const village = await members('shangche', callers.coordinator('shichuan'));
    expect(village.body).toEqual({
      orgId: 'shangche',
      volunteers: [
        { id: tanId, name: '谭成华', orgId: 'shangche', phone: '138****0001', createdAt: expect.any(String) },
      ],
      nextCursor: null,
    });
  });

  it('refuses a forged cursor and a cursor of another organisation', async () => {
    const first = await members('paging', callers.admin, { limit: '2' });
    const cursor = String(first.body.nextCursor);
    const [keyId, , signature] = cursor.split('.');
    const forged = `${keyId}.${Buffer.from(JSON.stringify({ v: 1, orgId: 'paging', after: 'v' })).toString('base64url')}.${signature}`;

    const answers = await Promise.all([
      members('paging', callers.admin, { cursor: forged }),
      members('paging', callers.admin, { cursor: 'not-a-cursor' }),
      members('shangche', callers.admin, { cursor }),
      members('paging', callers.admin, { limit: '0' }),
    ]);

    for (const answer of answers)
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
