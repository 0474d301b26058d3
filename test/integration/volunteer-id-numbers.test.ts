import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as getOrgVolunteers } from '../../functions/people/get-org-volunteers';
import { handler as getVolunteer } from '../../functions/people/get-volunteer';
import { handler as postVolunteer } from '../../functions/people/post-volunteer';
import { handler as postImport } from '../../functions/people/post-volunteer-import';
import { handler as putVolunteer } from '../../functions/people/put-volunteer';
import { handler as reveal } from '../../functions/people/reveal-id-number';
import { mayClaimIdNumber, mayReleaseIdNumber } from '../../shared/people/rules/registration';
import { DETAIL_REASONS } from '../../shared/people/rules/volunteer-details';
import { DynamoVolunteerStore } from '../../shared/people/store/volunteer-store';
import { ID_CONFLICTS } from '../../shared/people/use-cases/volunteers';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { logger } from '../../shared/platform/observability';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { ID_NUMBER_REASONS } from '../../shared/records/rules/id-number';
import { type Answer, type Caller, callers, type InvokeOptions, invoke } from '../support/http';
import { runImportCli } from '../support/import-cli';
import { putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * Volunteers' ID numbers end to end on DynamoDB Local, through the handlers: sealed at rest (no
 * plain number anywhere in the table), masked in every answer, revealed to the office only and
 * logged without the number, and, when given, the number is who the person is.
 */
const workDir = mkdtempSync(join(tmpdir(), 'aixin-idno-'));
const KEY_FILE = join(workDir, 'pii-key');

/** 皋兰县, born 1985-11-03, a woman (sequence 118), check character X (GB 11643-1999). */
const WANG_NUMBER = '62012219851103118X';
/** 皋兰县, born 1960-05-12, a man (sequence 031), check character 6. */
const TAN_NUMBER = '620122196005120316';
/** 皋兰县, born 1972-08-15, a woman (sequence 042), check character 1. */
const MA_NUMBER = '620122197208150421';
/** Pieces of the numbers that must never be stored or answered: the birth dates with sequences. */
const SECRETS = [WANG_NUMBER, TAN_NUMBER, MA_NUMBER].flatMap((number) => [number, number.slice(6, 17)]);

let table: TestTable;

const ROUTES = {
  register: 'POST /v1/volunteers',
  profile: 'GET /v1/volunteers/{id}',
  update: 'PUT /v1/volunteers/{id}',
  reveal: 'POST /v1/volunteers/{id}/id-number/reveal',
  members: 'GET /v1/orgs/{orgId}/volunteers',
  import: 'POST /v1/volunteers/import',
} as const;

type Handler = Parameters<typeof invoke>[0];

/** Every answer but the reveal's is checked for whole or partial ID numbers. */
async function call(handler: Handler, options: InvokeOptions, mayHoldNumber = false): Promise<Answer> {
  const answer = await invoke(handler, options);
  if (!mayHoldNumber) {
    const text = JSON.stringify(answer.body);
    for (const secret of SECRETS)
      expect(text, `${options.routeKey} leaked an ID number`).not.toContain(secret);
  }
  return answer;
}

const register = (body: Record<string, unknown>, caller: Caller = callers.admin) =>
  call(postVolunteer, { routeKey: ROUTES.register, body, caller });
const update = (id: string, body: Record<string, unknown>, caller: Caller = callers.admin) =>
  call(putVolunteer, { routeKey: ROUTES.update, params: { id }, body, caller });
const revealOf = (id: string, caller: Caller = callers.admin, reason = '办理志愿者保险') =>
  call(reveal, { routeKey: ROUTES.reveal, params: { id }, body: { reason }, caller }, true);

async function allItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

const itemAt = async (key: { pk: string; sk: string }) =>
  (await table.client.send(new GetCommand({ TableName: table.tableName, Key: key, ConsistentRead: true })))
    .Item;

const guardsOf = async () =>
  (await allItems()).filter((item) => String(item.pk).startsWith('IDNO#')) as {
    pk: string;
    volunteerId: string;
  }[];

beforeAll(async () => {
  table = await freshTable('idnumbers');
  installRuntime(
    buildRuntime(
      parseConfig({
        STAGE: 'local',
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        AIXIN_PII_KEY_FILE: KEY_FILE,
      }),
      { client: table.client },
    ),
  );
  await putOrgs(SMALL_TREE);
});

afterEach(() => vi.restoreAllMocks());

afterAll(() => {
  installRuntime(undefined);
  rmSync(workDir, { recursive: true, force: true });
});

let wangId = '';

describe('registering with an ID number', () => {
  it('answers the number masked, with the gender it carries, and keeps no plain number anywhere in the table', async () => {
    // Prepare
    const before = await allItems();
    // Act
    const answer = await register({
      name: '王秀英',
      phone: '139 0931 0021',
      orgId: 'shangche',
      idNumber: ' 620122 19851103 118x ',
      skills: ['理发', '维修家电'],
      serviceIntentions: ['助老'],
    });
    wangId = String(answer.body.id);
    // Assess
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      gender: 'female',
      idType: 'resident-id',
      idNumberMasked: `6${'*'.repeat(16)}X`,
      skills: ['理发', '维修家电'],
      serviceIntentions: ['助老'],
    });
    expect(answer.body).not.toHaveProperty('idSealed');
    expect(answer.body).not.toHaveProperty('idLookup');
    const items = await allItems();
    // The profile and the number's guard (and the table's id salt, made by its first registration).
    const seen = new Set(before.map((item) => `${item.pk}|${item.sk}`));
    const added = items.filter(
      (item) => !seen.has(`${item.pk}|${item.sk}`) && item.pk !== keys.volunteerIdSalt().pk,
    );
    expect(added.map((item) => String(item.pk).split('#')[0]).sort()).toEqual(['IDNO', 'VOL']);
    const raw = JSON.stringify(items);
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    expect(raw.toLowerCase()).not.toContain('118x');
    const profile = await itemAt(keys.volunteerProfile(wangId));
    expect(Object.keys(profile?.idSealed ?? {}).sort()).toEqual([
      'ciphertext',
      'iv',
      'keyId',
      'tag',
      'wrappedKey',
    ]);
    expect(profile).toMatchObject({ idType: 'resident-id', idNumberMasked: `6${'*'.repeat(16)}X` });
    const [guard] = await guardsOf();
    expect(guard).toMatchObject({
      pk: `IDNO#${profile?.idLookup}`,
      volunteerId: wangId,
      entity: ENTITY.uniqueKey,
    });
  });

  it('shows the number masked to those who read the volunteer, and in the organisation list', async () => {
    const own = await call(getVolunteer, {
      routeKey: ROUTES.profile,
      params: { id: wangId },
      caller: callers.volunteer(wangId),
    });
    const coordinator = await call(getVolunteer, {
      routeKey: ROUTES.profile,
      params: { id: wangId },
      caller: callers.coordinator('shichuan'),
    });
    const list = await call(getOrgVolunteers, {
      routeKey: ROUTES.members,
      params: { orgId: 'shangche' },
      query: { limit: '10' },
      caller: callers.admin,
    });

    expect(own.body.idNumberMasked).toBe(`6${'*'.repeat(16)}X`);
    expect(coordinator.body.idNumberMasked).toBe(`6${'*'.repeat(16)}X`);
    expect(list.body.volunteers).toEqual([
      expect.objectContaining({ id: wangId, idNumberMasked: `6${'*'.repeat(16)}X` }),
    ]);
  });

  it('takes the same number, typed another way, as the same person: another name and phone are refused, naming her', async () => {
    const before = await allItems();

    const again = await register({
      name: '王秀瑛',
      phone: '13909310099',
      orgId: 'wenshan',
      idNumber: '620122-19851103-118X',
    });
    const outOfSight = await register(
      { name: '王秀瑛', phone: '13909310099', orgId: 'wenshan', idNumber: '62012219851103118x' },
      callers.coordinator('shidong'),
    );

    expect([again.status, again.body.code, again.body.existingId]).toEqual([409, 'CONFLICT', wangId]);
    expect(again.body.detail).toBe(ID_CONFLICTS.numberTaken);
    // A coordinator who may not see her learns nothing about who holds the number.
    expect([outOfSight.status, outOfSight.body.code]).toEqual([409, 'CONFLICT']);
    expect(outOfSight.body).not.toHaveProperty('existingId');
    expect(await allItems()).toEqual(before);
  });

  it('answers the same registration sent again as the volunteer already there, with or without the number', async () => {
    const withNumber = await register({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'shangche',
      idNumber: WANG_NUMBER.toLowerCase(),
    });
    const without = await register({ name: '王秀英', phone: '13909310021', orgId: 'shangche' });
    const otherNumber = await register({
      name: '王秀英',
      phone: '13909310021',
      orgId: 'shangche',
      idNumber: MA_NUMBER,
    });

    expect([withNumber.status, withNumber.body.alreadyRegistered, withNumber.body.id]).toEqual([
      201,
      true,
      wangId,
    ]);
    expect([without.status, without.body.alreadyRegistered]).toEqual([201, true]);
    expect([otherNumber.status, otherNumber.body.detail]).toEqual([409, ID_CONFLICTS.samePersonOtherNumber]);
  });

  it('refuses a wrong check character and a gender the number contradicts, with the Chinese reason, writing nothing', async () => {
    const before = await allItems();

    const badCheck = await register({
      name: '马兰',
      phone: '13909310031',
      orgId: 'wenshan',
      idNumber: '620122197208150422',
    });
    const wrongGender = await register({
      name: '马兰',
      phone: '13909310031',
      orgId: 'wenshan',
      idNumber: MA_NUMBER,
      gender: 'male',
    });

    expect([badCheck.status, badCheck.body.code, badCheck.body.detail]).toEqual([
      400,
      'VALIDATION_FAILED',
      ID_NUMBER_REASONS.residentCheck,
    ]);
    expect(badCheck.body.errors).toEqual([
      { path: 'body.idNumber', message: ID_NUMBER_REASONS.residentCheck },
    ]);
    expect([wrongGender.status, wrongGender.body.detail]).toEqual([
      400,
      DETAIL_REASONS.genderMismatch('female'),
    ]);
    expect(await allItems()).toEqual(before);
  });
});

describe('revealing an ID number', () => {
  it('gives the whole number to the office, logging who looked and why, never the number', async () => {
    const info = vi.spyOn(logger, 'info');

    const answer = await revealOf(
      wangId,
      callers.admin,
      '办理保险，核对 62012219851103118X 和电话13909310021',
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ volunteerId: wangId, idType: 'resident-id', idNumber: WANG_NUMBER });
    const lines = info.mock.calls.filter(([message]) => message === 'id number revealed');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.[1]).toMatchObject({ volunteerId: wangId, to: callers.admin.sub });
    const logged = JSON.stringify(info.mock.calls);
    for (const secret of SECRETS) expect(logged).not.toContain(secret);
    expect(logged).not.toContain('13909310021');
  });

  it('is the office only: a coordinator over her or she herself is refused; no number on file is 404', async () => {
    const info = vi.spyOn(logger, 'info');
    const noNumber = await register({ name: '李四', phone: '13909310041', orgId: 'wenshan' });

    const coordinator = await revealOf(wangId, callers.coordinator('shichuan'));
    const herself = await revealOf(wangId, callers.volunteer(wangId));
    const none = await revealOf(String(noNumber.body.id));

    expect(coordinator.status).toBe(403);
    expect(herself.status).toBe(403);
    expect([none.status, none.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(info.mock.calls.filter(([message]) => message === 'id number revealed')).toEqual([]);
  });
});

describe('changing the personal details (PUT /v1/volunteers/{id})', () => {
  let tanId = '';

  it('adds a number to a volunteer registered without one, sealed, its guard written with it', async () => {
    const registered = await register({ name: '谭成华', phone: '13809310001', orgId: 'shangche' });
    tanId = String(registered.body.id);

    const answer = await update(
      tanId,
      { idNumber: '620122 19600512 0316', skills: ['木工'] },
      callers.coordinator('shichuan'),
    );

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: tanId,
      gender: 'male',
      idNumberMasked: `6${'*'.repeat(16)}6`,
      skills: ['木工'],
    });
    expect((await guardsOf()).map((guard) => guard.volunteerId).sort()).toEqual([tanId, wangId].sort());
    expect((await revealOf(tanId)).body.idNumber).toBe(TAN_NUMBER);
  });

  it("refuses another volunteer's number (409, naming her to the office), changing nothing", async () => {
    const before = await allItems();

    const answer = await update(tanId, { idNumber: WANG_NUMBER });

    expect([answer.status, answer.body.existingId, answer.body.detail]).toEqual([
      409,
      wangId,
      ID_CONFLICTS.numberTaken,
    ]);
    expect(await allItems()).toEqual(before);
  });

  it('refuses a gender the 居民身份证 on file contradicts, and leaves out what is not sent', async () => {
    const wrong = await update(tanId, { gender: 'female' });
    const lists = await update(tanId, { serviceIntentions: ['助残', '环保'], skills: [] });

    expect([wrong.status, wrong.body.detail]).toEqual([400, DETAIL_REASONS.genderMismatch('male')]);
    expect(lists.status).toBe(200);
    expect(lists.body).toMatchObject({
      gender: 'male',
      idNumberMasked: `6${'*'.repeat(16)}6`,
      serviceIntentions: ['助残', '环保'],
    });
    expect(lists.body).not.toHaveProperty('skills');
  });

  it('moves the guard to a new number, and removes number and guard with null, freeing the number for another', async () => {
    const moved = await update(tanId, { idNumber: MA_NUMBER, gender: null });
    const guardsAfterMove = await guardsOf();
    const removed = await update(tanId, { idNumber: null });
    const profile = await itemAt(keys.volunteerProfile(tanId));
    const ma = await register({ name: '马兰', phone: '13909310031', orgId: 'wenshan', idNumber: MA_NUMBER });

    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ gender: 'female', idNumberMasked: `6${'*'.repeat(16)}1` });
    expect(guardsAfterMove.filter((guard) => guard.volunteerId === tanId)).toHaveLength(1);
    expect(removed.status).toBe(200);
    expect(removed.body).not.toHaveProperty('idNumberMasked');
    for (const field of ['idType', 'idNumberMasked', 'idSealed', 'idLookup'])
      expect(profile).not.toHaveProperty(field);
    expect((await guardsOf()).filter((guard) => guard.volunteerId === tanId)).toEqual([]);
    expect(ma.status).toBe(201);
  });

  it('is 404 for a coordinator who may not see the volunteer', async () => {
    const answer = await update(wangId, { skills: ['唱歌'] }, callers.coordinator('shidong'));

    expect([answer.status, answer.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('the ID guard: each rule with its condition (D1)', () => {
  it.each([
    ['free', undefined],
    ['held by this volunteer', 'self'],
    ['held by another', 'vother'],
  ] as const)(
    'claims and releases a number whose guard is %s exactly as the rules say',
    async (shape, holderId) => {
      // Prepare: a profile with no number, and the guards of two numbers in the given shape (one to
      // claim, one to release, so neither write changes what the other meets).
      const store = new DynamoVolunteerStore({ ...table, now: () => new Date('2026-03-01T08:00:00Z') });
      const volunteerId = `vrule-${shape.replace(/ /g, '-')}`;
      const holder =
        holderId === undefined ? undefined : { volunteerId: holderId === 'self' ? volunteerId : holderId };
      const toClaim = `claim-${volunteerId}`;
      const toRelease = `release-${volunteerId}`;
      const put = (item: Record<string, unknown>) =>
        table.client.send(new PutCommand({ TableName: table.tableName, Item: item }));
      await put({
        ...keys.volunteerProfile(volunteerId),
        entity: ENTITY.volunteerProfile,
        volunteerId,
        name: '试',
        phone: '13900000000',
        orgId: 'wenshan',
      });
      if (holder !== undefined) {
        for (const lookup of [toClaim, toRelease])
          await put({ ...keys.idNumber(lookup), entity: ENTITY.uniqueKey, ...holder });
      }
      const change = {
        volunteerId,
        readLookup: undefined,
        set: {},
        remove: [],
        updatedAt: 'now',
        updatedBy: 'test',
      };
      // Act
      const claimed = await store.updateDetails({ ...change, claimLookup: toClaim });
      const released = await store.updateDetails({ ...change, releaseLookup: toRelease });
      // Assess
      expect(claimed.kind === 'written', 'claim').toBe(mayClaimIdNumber(holder));
      expect(released.kind === 'written', 'release').toBe(mayReleaseIdNumber(holder, volunteerId));
      if (holderId === 'vother') expect(claimed).toEqual({ kind: 'idNumberTaken', existingId: 'vother' });
    },
  );
});

describe('importing the new columns', () => {
  it("reads 性别, 证件类型, 证件号码, 技能特长 and 服务意向 per row over the API, with each refusal's reason", async () => {
    const rows = [
      {
        line: 2,
        name: '赵桂兰',
        phone: '13909310051',
        org: 'shangche',
        gender: '女',
        idType: '护照',
        idNumber: 'e 1234 5678',
        skills: '剪纸、唱歌',
        serviceIntentions: '助老',
      },
      { line: 3, name: '钱秀', phone: '13909310052', org: 'shangche', idNumber: '620122197208150422' },
      { line: 4, name: '孙兰', phone: '13909310053', org: 'shangche', idNumber: '62012219851103118x' },
      { line: 5, name: '周平', phone: '13909310054', org: 'shangche', gender: '未知' },
      {
        line: 6,
        name: '吴强',
        phone: '13909310055',
        org: 'shangche',
        idType: '身份证',
        idNumber: '620122 19900101 0017',
      },
    ];

    const answer = await call(postImport, { routeKey: ROUTES.import, body: { rows }, caller: callers.admin });

    expect(answer.status).toBe(200);
    expect(answer.body.rejected).toEqual([
      { row: 3, reason: ID_NUMBER_REASONS.residentCheck },
      { row: 4, reason: expect.stringMatching(new RegExp(`^证件号码已登记为 ${wangId}`)) },
      { row: 5, reason: DETAIL_REASONS.genderUnknown('未知') },
    ]);
    expect(answer.body.imported).toBe(2);
    const raw = JSON.stringify(await allItems());
    expect(raw).not.toContain('E12345678');
    expect(raw).not.toContain('620122199001010017');
    expect(raw).toContain('"skills":["剪纸","唱歌"]');
  });

  it('reads them from a file with `npm run import`, sealing each number', async () => {
    const file = join(workDir, 'with-ids.csv');
    writeFileSync(
      file,
      [
        '姓名,手机号,组织,性别,证件类型,证件号码,技能特长,服务意向',
        '郑红,13909310061,文山村,女,居民身份证,620122 19800101 0020,缝纫；烹饪,助残',
        '冯军,13909310062,文山村,男,,620122198001010021,,',
      ].join('\n'),
    );
    const valid = '620122198001010020';

    const run = await runImportCli(table, [file], { AIXIN_PII_KEY_FILE: KEY_FILE });

    expect(run.stdout).toContain('  新导入 imported:       1');
    expect(run.stdout).toContain(`第 3 行: ${ID_NUMBER_REASONS.residentCheck}`);
    expect(run.code).toBe(1);
    const items = await allItems();
    const zheng = items.find((item) => item.name === '郑红');
    expect(zheng).toMatchObject({
      gender: 'female',
      idNumberMasked: `6${'*'.repeat(16)}0`,
      skills: ['缝纫', '烹饪'],
      serviceIntentions: ['助残'],
    });
    expect(JSON.stringify(items)).not.toContain(valid);
    expect((await revealOf(String(zheng?.volunteerId))).body.idNumber).toBe(valid);
  });
});
