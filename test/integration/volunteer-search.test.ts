import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as postVolunteer } from '../../functions/people/post-volunteer';
import { handler as searchVolunteers } from '../../functions/people/search-volunteers';
import { parseConfig } from '../../shared/platform/config';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { type Caller, callers, invoke } from '../support/http';
import { putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable } from './support';

/**
 * GET /v1/volunteers?q=: the office and coordinators find a volunteer by part of the name or the
 * phone's last digits, within their part of the county, a short list, masked.
 */
const SEARCH = 'GET /v1/volunteers';
const FULL_PHONE = /1[3-9]\d{9}/;

const search = async (q: string | undefined, caller: Caller | null = callers.admin) => {
  const answer = await invoke(searchVolunteers, {
    routeKey: SEARCH,
    ...(q === undefined ? {} : { query: { q } }),
    ...(caller === null ? {} : { caller }),
  });
  const { requestId: _requestId, ...body } = answer.body;
  expect(JSON.stringify(body), 'a whole phone number in the answer').not.toMatch(FULL_PHONE);
  return answer;
};

type Found = { id: string; name: string; phone: string; orgId: string; orgName: string };
const found = (body: Record<string, unknown>) => body.volunteers as Found[];

const PEOPLE = [
  { name: '王秀英', phone: '13809310005', orgId: 'shangche' },
  { name: '李秀英', phone: '13809310006', orgId: 'wenshan' },
  { name: '秀英', phone: '13809310007', orgId: 'shangche' },
  { name: '谭成华', phone: '13809310001', orgId: 'shangche' },
  { name: '魏仁科', phone: '13909310005', orgId: 'wenshan' },
];
const ids = new Map<string, string>();

beforeAll(async () => {
  const table = await freshTable('search');
  installRuntime(
    buildRuntime(
      parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
      { client: table.client },
    ),
  );
  await putOrgs([...SMALL_TREE, ['crowd', { name: '张家村', level: 'village', parentId: 'shidong' }]]);
  const crowd = Array.from({ length: 25 }, (_, index) => ({
    name: `张${'一二三四五六七八九十'[index % 10]}${'甲乙丙'[Math.floor(index / 10)]}`,
    phone: `1370932${2000 + index}`,
    orgId: 'crowd',
  }));
  for (const person of [...PEOPLE, ...crowd]) {
    const answer = await invoke(postVolunteer, {
      routeKey: 'POST /v1/volunteers',
      body: person,
      caller: callers.admin,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    ids.set(person.name, String(answer.body.id));
  }
});

afterAll(() => installRuntime(undefined));

describe('GET /v1/volunteers?q=', () => {
  it('finds by part of the name across the county, the whole name first, masked, with the organisation named', async () => {
    // Act
    const answer = await search('秀英');

    // Assess
    expect(answer.status).toBe(200);
    expect(found(answer.body)).toEqual([
      { id: ids.get('秀英'), name: '秀*', phone: '138****0007', orgId: 'shangche', orgName: '上车村' },
      { id: ids.get('王秀英'), name: '王*英', phone: '138****0005', orgId: 'shangche', orgName: '上车村' },
      { id: ids.get('李秀英'), name: '李*英', phone: '138****0006', orgId: 'wenshan', orgName: '文山村' },
    ]);
    expect(answer.body.more).toBe(false);
  });

  it("keeps a coordinator's search within their subtree", async () => {
    // Act
    const own = await search('秀英', callers.coordinator('shichuan'));
    const other = await search('秀英', callers.coordinator('shidong'));
    const village = await search('李秀英', callers.coordinator('shangche'));

    // Assess
    expect(found(own.body).map((one) => one.id)).toEqual([ids.get('秀英'), ids.get('王秀英')]);
    expect(found(other.body).map((one) => one.id)).toEqual([ids.get('李秀英')]);
    expect([village.status, found(village.body)]).toEqual([200, []]);
  });

  it("finds by the phone's last digits, written any common way", async () => {
    // Act
    const four = await search('0005');
    const wide = await search('０００５');
    const more = await search('9310005');

    // Assess
    expect(found(four.body).map((one) => one.id)).toEqual([ids.get('王秀英'), ids.get('魏仁科')]);
    expect(found(wide.body)).toEqual(found(four.body));
    expect(found(more.body).map((one) => one.id)).toEqual([ids.get('王秀英'), ids.get('魏仁科')]);
  });

  it('answers at most 20 and says there are more', async () => {
    // Act
    const answer = await search('张');

    // Assess
    expect(found(answer.body)).toHaveLength(20);
    expect(answer.body.more).toBe(true);
    expect(new Set(found(answer.body).map((one) => one.id)).size).toBe(20);
  });

  it('refuses too few digits, no text and text that is too long, in Chinese first, pointing at q', async () => {
    // Act
    const answers = await Promise.all([
      search('12'),
      search(' '),
      search(undefined),
      search('谭'.repeat(21)),
    ]);

    // Assess
    for (const answer of answers) {
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const errors = answer.body.errors as { path: string; message: string }[];
      expect(errors[0]?.path).toMatch(/^query\.q/);
      expect(errors[0]?.message).toMatch(/\p{Script=Han}/u);
    }
    const [tooFew] = answers;
    expect((tooFew?.body.errors as { message: string }[] | undefined)?.[0]?.message).toMatch(/后 4 位/);
  });

  it('refuses counters, volunteers and strangers', async () => {
    // Act
    const counter = await search('秀英', callers.counter('S1'));
    const volunteer = await search('秀英', callers.volunteer(ids.get('谭成华') ?? ''));
    const anonymous = await search('秀英', null);

    // Assess
    expect([counter.status, volunteer.status, anonymous.status]).toEqual([403, 403, 401]);
  });
});
