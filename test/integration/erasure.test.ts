import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDate } from '../../shared/platform/china-time';
import { keys } from '../../shared/platform/dynamo/keys';
import { CALLERS, type County, seedCounty } from '../support/api-county';
import { type ApiStack, stackToken, startApiStack } from '../support/api-stack';
import { auditLedger } from '../support/ledger-audit';
import { freshTable, type TestTable } from './support';

/**
 * 注销 (PIPL 第四十七条) over HTTP on DynamoDB Local: a volunteer with a full record is erased at
 * their request; afterwards no item of the table holds their name, phone or ID number, their card
 * and sign-in end, and their points stay under the same opaque id with the books still balanced.
 */
let table: TestTable;
let stack: ApiStack;
let county: County;
const admin = stackToken(CALLERS.admin);
let keySerial = 0;
const key = () => ({ 'idempotency-key': `erasure-${++keySerial}` });
const today = chinaDate(new Date());

const NAME = '白雪梅';
const PHONE = '13709318866';
/** 620122 (皋兰县), born 1975-03-08, a woman; check character by GB 11643-1999. */
const ID_NUMBER = '620122197503080024';

beforeAll(async () => {
  table = await freshTable('erasure');
  stack = await startApiStack({ TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint });
  county = await seedCounty(stack);
}, 60_000);

afterAll(async () => {
  await stack.close();
});

async function scanAll(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.client.send(
      new ScanCommand({ TableName: table.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}

const ok = async (answer: Promise<{ status: number; text: string; json: () => Record<string, unknown> }>) => {
  const settled = await answer;
  expect(settled.status, settled.text).toBeLessThan(300);
  return settled.json();
};

describe('erasing a volunteer at their request', () => {
  it('leaves no trace of their name, phone or ID number; ends their card; keeps their points; the books balance', async () => {
    // A full record: registered with an ID number, points, approved service, a card, a sign-up,
    // a certificate and a correction request.
    const made = await ok(
      stack.call('POST', '/v1/volunteers', {
        token: admin,
        json: { name: NAME, phone: PHONE, orgId: 'shangche', idNumber: ID_NUMBER, skills: ['理发'] },
      }),
    );
    const id = String(made.id);
    const self = stackToken({ sub: `user-${id}`, groups: ['volunteer'], volunteerId: id });
    await ok(
      stack.call('POST', `/v1/volunteers/${id}/adjustments`, {
        token: admin,
        json: { direction: 'credit', points: 50, reason: '初始积分' },
        headers: key(),
      }),
    );
    const record = await ok(
      stack.call('POST', '/v1/service-records', {
        token: admin,
        json: { activity: { name: '敬老院探访', date: today }, entries: [{ volunteerId: id, hours: 2 }] },
        headers: key(),
      }),
    );
    await ok(
      stack.call('POST', `/v1/service-records/${record.id}/approve`, { token: admin, headers: key() }),
    );
    const card = await ok(
      stack.call('PUT', `/v1/volunteers/${id}/card`, { token: admin, json: { pin: '3691' } }),
    );
    const activityId = await county.freshActivity('recruiting');
    await ok(stack.call('POST', `/v1/activities/${activityId}/sign-ups`, { token: self, json: {} }));
    await ok(
      stack.call('POST', '/v1/certificates', {
        token: admin,
        json: { volunteerId: id, from: `${today.slice(0, 4)}-01-01`, to: today },
        headers: key(),
      }),
    );
    await ok(
      stack.call('POST', `/v1/volunteers/${id}/corrections`, {
        token: self,
        json: { about: 'personal', reason: '我想注销' },
        headers: key(),
      }),
    );
    const balanceBefore = (await ok(stack.call('GET', `/v1/volunteers/${id}/balance`, { token: admin })))
      .balance;
    const traces = (items: Record<string, unknown>[]) =>
      items.filter((item) => {
        const text = JSON.stringify(item);
        return text.includes(NAME) || text.includes(PHONE) || text.includes(ID_NUMBER) || text.includes('雪');
      });
    expect(traces(await scanAll()).length).toBeGreaterThan(3);

    // Act
    const erased = await stack.call('POST', `/v1/volunteers/${id}/erasure`, {
      token: admin,
      json: { reason: '本人申请注销，电话 13709318866' },
      headers: key(),
    });

    // Assess: nothing of theirs is left anywhere in the table
    expect(erased.status, erased.text).toBe(200);
    expect(erased.json().cleared).toMatchObject({ certificates: 1, corrections: 1, attendees: 1 });
    expect(traces(await scanAll())).toEqual([]);
    // Their card no longer works; their sign-in moved on.
    const cardItem = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.card(String(card.cardNumber)) }),
    );
    expect(cardItem.Item?.status).toBe('cancelled');
    // Their points stay under the same opaque id; the books balance.
    expect((await ok(stack.call('GET', `/v1/volunteers/${id}/balance`, { token: admin }))).balance).toBe(
      balanceBefore,
    );
    const audit = await auditLedger(table.client, table.tableName);
    expect(audit.ok, JSON.stringify(audit.problems)).toBe(true);
    // The office sees a tombstone, not a person.
    const profile = await ok(stack.call('GET', `/v1/volunteers/${id}`, { token: admin }));
    expect(profile.name).toBe('（已注销）');

    // Asked again: the same answer, nothing more to do.
    const again = await stack.call('POST', `/v1/volunteers/${id}/erasure`, {
      token: admin,
      json: { reason: '本人申请注销' },
      headers: key(),
    });
    expect(again.json().erasedAt).toBe(erased.json().erasedAt);

    // The same name and phone cannot take the old id again (its ledger stays); the ID number is free.
    const sameAgain = await stack.call('POST', '/v1/volunteers', {
      token: admin,
      json: { name: NAME, phone: PHONE, orgId: 'shangche' },
    });
    expect([sameAgain.status, sameAgain.json().code]).toEqual([409, 'CONFLICT']);
    expect(String(sameAgain.json().detail)).toContain('注销');
    const newPhone = await stack.call('POST', '/v1/volunteers', {
      token: admin,
      json: { name: NAME, phone: '13709318867', orgId: 'shangche', idNumber: ID_NUMBER },
    });
    expect(newPhone.status, newPhone.text).toBe(201);
  }, 60_000);

  it('is the county office’s alone', async () => {
    for (const token of [county.tokens.coordinatorInScope, county.tokens.volunteerSelf]) {
      const answer = await stack.call('POST', `/v1/volunteers/${county.tan}/erasure`, {
        token,
        json: { reason: '本人申请注销' },
        headers: key(),
      });
      expect(answer.status).toBe(403);
    }
    const profile = await ok(stack.call('GET', `/v1/volunteers/${county.tan}`, { token: admin }));
    expect(profile.name).toBe('谭成华');
  });
});
