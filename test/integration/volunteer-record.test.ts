import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/platform/china-time';
import { ENTITY, keys } from '../../shared/platform/dynamo/keys';
import { CORRECTION_STATUSES, canDecideCorrection } from '../../shared/records/rules/record-entries';
import { DynamoRecordBook } from '../../shared/records/store/record-book';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { freshTable, type TestTable } from './support';

/**
 * 志愿服务记录 (order No. 67 第五条, 第十八条) over HTTP on DynamoDB Local: a year of a volunteer's
 * record, entries the office adds and withdraws (never edits), the star level from the approved
 * hours the ledger's days hold, and correction requests the volunteer files and the office answers.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
const coordinator = stackToken(CALLERS.coordinatorInScope);
const outsider = stackToken(CALLERS.coordinatorOutOfScope);
const year = chinaDate(new Date()).slice(0, 4);
let keySerial = 0;
const key = () => ({ 'idempotency-key': `record-${++keySerial}` });

beforeAll(async () => {
  table = await freshTable('record');
  stack = await startApiStack({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

type Entry = { entryId: string; kind: string; title: string; retractedBy?: string; recordedByName?: string };
type RecordView = {
  name: string;
  year: string;
  hours: { year: number; total: number };
  star: { level: number; label?: string; next?: { level: number; label: string; hoursToGo: number } };
  service: { recordId: string; date: string; content: string; hours: number }[];
  training: Entry[];
  honours: Entry[];
  evaluations: Entry[];
  corrections: { correctionId: string; status: string; resolution?: string; refusal?: string }[];
};

const record = async (volunteerId = county.tan, token = county.tokens.volunteerSelf, query = '') => {
  const answer = await stack.call('GET', `/v1/volunteers/${volunteerId}/record${query}`, { token });
  expect(answer.status, answer.text).toBe(200);
  return answer.json() as unknown as RecordView;
};
const addEntry = (body: Record<string, unknown>, token = coordinator, volunteerId = county.tan) =>
  stack.call('POST', `/v1/volunteers/${volunteerId}/record-entries`, { token, json: body, headers: key() });

describe('a year of the record', () => {
  it('shows the volunteer their approved service, the year’s and all years’ hours, and the star still ahead', async () => {
    const mine = await record();
    expect(mine).toMatchObject({ name: '谭成华', year, hours: { year: 2, total: 2 } });
    expect(mine.service).toEqual([
      expect.objectContaining({ recordId: county.approvedRecord, content: '敬老院探访', hours: 2 }),
    ]);
    expect(mine.star).toEqual({ level: 0, next: { level: 1, label: '一星级志愿者', hoursToGo: 98 } });
    // Another year has none of it; a coordinator over them sees the name masked.
    const before = await record(county.tan, county.tokens.volunteerSelf, `?year=${Number(year) - 1}`);
    expect([before.hours.year, before.service]).toEqual([0, []]);
    expect((await record(county.tan, coordinator)).name).toBe('谭*华');
  });

  it('reads the star level from the approved hours of every day, as the ledger keeps them', async () => {
    const made = await stack.call('POST', '/v1/volunteers', {
      token: admin,
      json: { name: '白玉兰', phone: '13609310077', orgId: 'shangche' },
    });
    const id = String(made.json().id);
    // 305 approved hours over earlier years: 61 days of 5 hours, in quarter hours as the ledger counts.
    for (let day = 0; day < 61; day += 1) {
      const date = new Date(Date.UTC(2024, 0, 1 + day)).toISOString().slice(0, 10);
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...keys.dailyHours(id, date),
            entity: ENTITY.dailyHours,
            volunteerId: id,
            date,
            quarters: 20,
          },
        }),
      );
    }
    const seen = await record(id, admin);
    expect(seen.hours).toEqual({ year: 0, total: 305 });
    expect(seen.star).toEqual({
      level: 2,
      label: '二星级志愿者',
      next: { level: 3, label: '三星级志愿者', hoursToGo: 295 },
    });
  });
});

describe('training, honours and evaluations', () => {
  it('the office adds them; honours are the county office’s; an evaluation has a grade', async () => {
    const training = await addEntry({
      kind: 'training',
      date: `${year}-03-05`,
      title: '应急救护培训',
      organiser: '县红十字会',
      hours: 4,
    });
    expect(training.status, training.text).toBe(201);
    const honourByCoordinator = await addEntry({
      kind: 'honour',
      date: `${year}-05-05`,
      title: '最美志愿者',
    });
    expect([honourByCoordinator.status, honourByCoordinator.json().code]).toEqual([403, 'FORBIDDEN']);
    const honour = await addEntry(
      { kind: 'honour', date: `${year}-05-05`, title: '最美志愿者', organiser: '皋兰县' },
      admin,
    );
    expect(honour.status, honour.text).toBe(201);
    const ungraded = await addEntry({ kind: 'evaluation', date: `${year}-06-01`, title: '年度评价' });
    expect(ungraded.status).toBe(400);
    const evaluation = await addEntry({
      kind: 'evaluation',
      date: `${year}-06-01`,
      title: '年度评价',
      grade: '优秀',
    });
    expect(evaluation.status, evaluation.text).toBe(201);
    const outside = await addEntry({ kind: 'training', date: `${year}-03-05`, title: '培训' }, outsider);
    expect(outside.status).toBe(404);
    const volunteer = await addEntry(
      { kind: 'training', date: `${year}-03-05`, title: '培训' },
      county.tokens.volunteerSelf,
    );
    expect(volunteer.status).toBe(403);

    const mine = await record();
    expect(mine.training.map((entry) => entry.title)).toContain('应急救护培训');
    expect(mine.honours.map((entry) => entry.title)).toEqual(['最美志愿者']);
    expect(mine.evaluations).toEqual([expect.objectContaining({ title: '年度评价', grade: '优秀' })]);
  });

  it('withdraws an entry by a new one that names it, once; both stay on the record', async () => {
    const wrong = (await addEntry({ kind: 'training', date: `${year}-04-01`, title: '防汛演练' })).json();
    const withdrawn = await addEntry({
      kind: 'training',
      date: `${year}-04-01`,
      title: '防汛演练（撤回）',
      note: '当天未参加',
      retracts: wrong.entryId,
    });
    expect(withdrawn.status, withdrawn.text).toBe(201);
    const titles = (await record()).training;
    expect(titles.find((entry) => entry.entryId === wrong.entryId)?.retractedBy).toBe(
      withdrawn.json().entryId,
    );
    expect(titles.some((entry) => entry.entryId === withdrawn.json().entryId)).toBe(true);
    const twice = await addEntry({
      kind: 'training',
      date: `${year}-04-01`,
      title: '再撤回',
      retracts: wrong.entryId,
    });
    expect(twice.status).toBe(400);
    // Another volunteer's entry cannot be withdrawn from this record.
    const elsewhere = await addEntry(
      { kind: 'training', date: `${year}-04-01`, title: '撤回', retracts: wrong.entryId },
      admin,
      county.wei,
    );
    expect(elsewhere.status).toBe(400);
  });
});

describe('correction requests (更正申请)', () => {
  const file = (body: Record<string, unknown>, token = county.tokens.volunteerSelf, headers = key()) =>
    stack.call('POST', `/v1/volunteers/${county.tan}/corrections`, { token, json: body, headers });
  const decide = (id: string, body: Record<string, unknown>, token = coordinator, headers = key()) =>
    stack.call('POST', `/v1/corrections/${id}/decision`, { token, json: body, headers });

  it('the volunteer asks about a record of theirs; the office accepts it saying what it did; they see the outcome', async () => {
    const filed = await file({ about: 'service', ref: county.approvedRecord, reason: '那天服务了三个小时' });
    expect(filed.status, filed.text).toBe(201);
    const id = String(filed.json().correctionId);
    expect(filed.json()).toMatchObject({ status: 'open', name: '谭成华' });

    const queue = await stack.call('GET', '/v1/corrections', { token: coordinator });
    expect(
      (queue.json().corrections as { correctionId: string; name: string }[]).find(
        (one) => one.correctionId === id,
      )?.name,
    ).toBe('谭*华');
    const elsewhere = await stack.call('GET', '/v1/corrections', { token: outsider });
    expect(
      (elsewhere.json().corrections as { correctionId: string }[]).map((one) => one.correctionId),
    ).not.toContain(id);
    expect((await decide(id, { accept: true, resolution: '已撤销' }, outsider)).status).toBe(404);

    const headers = key();
    const accepted = await decide(
      id,
      { accept: true, resolution: '已撤销原记录，按三小时重新录入' },
      coordinator,
      headers,
    );
    expect(accepted.json()).toMatchObject({
      status: 'accepted',
      resolution: '已撤销原记录，按三小时重新录入',
    });
    // The same decision again answers the same; another is refused.
    expect(
      (
        await decide(id, { accept: true, resolution: '已撤销原记录，按三小时重新录入' }, coordinator, headers)
      ).json(),
    ).toEqual(accepted.json());
    const again = await decide(id, { accept: false, reason: '不予更正' });
    expect([again.status, again.json().code]).toEqual([409, 'CORRECTION_STATE']);

    const mine = await record();
    expect(mine.corrections.find((one) => one.correctionId === id)).toMatchObject({
      status: 'accepted',
      resolution: '已撤销原记录，按三小时重新录入',
    });
  });

  it('refuses a request about something not on the record, and another volunteer’s request', async () => {
    const bogus = await file({ about: 'service', ref: 'no-such-record', reason: '记错了' });
    expect(bogus.status).toBe(400);
    const wrongKind = await file({ about: 'honour', ref: county.approvedRecord, reason: '记错了' });
    expect(wrongKind.status).toBe(400);
    const noRef = await file({ about: 'training', reason: '记错了' });
    expect(noRef.status).toBe(400);
    const other = await stack.call('POST', `/v1/volunteers/${county.tan}/corrections`, {
      token: county.tokens.volunteerOther,
      json: { about: 'personal', reason: '名字错了' },
      headers: key(),
    });
    expect(other.status).toBe(403);
  });

  it('a refusal carries its reason to the volunteer', async () => {
    const filed = (await file({ about: 'personal', reason: '我的名字是谭承华' })).json();
    const refused = await decide(
      String(filed.correctionId),
      { accept: false, reason: '与身份证一致，无需更正' },
      admin,
    );
    expect(refused.json()).toMatchObject({ status: 'refused', refusal: '与身份证一致，无需更正' });
    expect((await record()).corrections.find((one) => one.correctionId === filed.correctionId)?.refusal).toBe(
      '与身份证一致，无需更正',
    );
  });
});

describe('the rule and the store agree (D1)', () => {
  it.each(CORRECTION_STATUSES.map((status) => [status]))(
    'a request that is %s is decided exactly when canDecideCorrection says so, and only once',
    async (status) => {
      const book = new DynamoRecordBook(table);
      const at = new Date().toISOString();
      const correctionId = `rflow${status}`;
      expect(
        await book.addCorrection({
          correctionId,
          volunteerId: county.tan,
          orgId: 'shangche',
          name: '谭成华',
          status,
          about: 'personal',
          reason: '测试',
          filedAt: at,
          filedBy: 'test',
          createdWith: correctionId,
        }),
      ).toBe(true);
      const change = {
        status: 'refused' as const,
        decidedAt: at,
        decidedBy: 't',
        decidedWith: 'w',
        refusal: '不予更正',
      };
      expect(await book.decideCorrection(correctionId, change)).toBe(canDecideCorrection(status));
      expect(await book.decideCorrection(correctionId, change)).toBe(false);
      expect((await book.getCorrection(correctionId))?.status).toBe(
        canDecideCorrection(status) ? 'refused' : status,
      );
    },
  );
});
