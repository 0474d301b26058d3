import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDisclosure } from '../../functions/donations/get-disclosure';
import { handler as getSettings } from '../../functions/donations/get-disclosure-settings';
import { handler as getChoice } from '../../functions/donations/get-honour-roll-choice';
import { handler as putSettings } from '../../functions/donations/put-disclosure-settings';
import { handler as putChoice } from '../../functions/donations/put-honour-roll-choice';
import { handler as postRedemption } from '../../functions/stores/post-redemption';
import { handler as postVoid } from '../../functions/stores/post-redemption-void';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { HONOUR_ROLL_SIZE } from '../../shared/donations/use-cases/disclosure';
import { auditDeps } from '../../shared/ledger/store/audit-source';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { auditEverything } from '../../shared/ledger/use-cases/audit-all';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys, monthShard } from '../../shared/platform/dynamo/keys';
import { maskName } from '../../shared/platform/masking';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import type { SigningKeys } from '../../shared/platform/signed-token';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { seededRandom } from '../support/fault-injection';
import { type Caller, callers, invoke, invokeRaw } from '../support/http';
import { addVolunteer, putOrgs, SMALL_TREE } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * 公示 over the handlers on DynamoDB Local: store names and the goods redeemed at each store, the
 * honour roll (光荣榜) with the county's switch and each volunteer's opt-out, the Cache-Control of a
 * finished month and of the month under way, the CSV, and the audit's check that the notice equals
 * the ledger's and the stock ledger's own sums.
 */
const DISCLOSURE = 'GET /v1/disclosure';
const SETTINGS_GET = 'GET /v1/settings/disclosure';
const SETTINGS_PUT = 'PUT /v1/settings/disclosure';
const CHOICE_GET = 'GET /v1/volunteers/{id}/honour-roll';
const CHOICE_PUT = 'PUT /v1/volunteers/{id}/honour-roll';

/** 10:00 in China on 2026-11-16; the clock moves a millisecond per reading and jumps when told. */
let clockMs = Date.parse('2026-11-16T02:00:00.000Z');
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};
const NOVEMBER = '2026-11';
const OCTOBER = '2026-10';

let table: TestTable;
let runtime: Runtime;
let signing: SigningKeys;
let keyCounter = 0;
const freshKey = () => `disclosure-${++keyCounter}`;

/**
 * Twelve volunteers, most hours first in November: v01 12 h down to v12 1 h. Each masked name is
 * different from the others, so the roll's order can be read from the names alone. Villages of
 * 什川镇 and 石洞镇 in turn.
 */
const PEOPLE = [
  ['v01', '谭成华'],
  ['v02', '魏仁科'],
  ['v03', '马秀英'],
  ['v04', '李德明'],
  ['v05', '王小红'],
  ['v06', '赵建国'],
  ['v07', '孙丽萍'],
  ['v08', '周文斌'],
  ['v09', '吴海燕'],
  ['v10', '郑志强'],
  ['v11', '冯玉兰'],
  ['v12', '陈永福'],
] as const;
const PHONE_LIKE = /1[3-9]\d{9}/;
const nameOf = (id: string) => PEOPLE.find(([candidate]) => candidate === id)?.[1] ?? '';

async function putHours(volunteerId: string, date: string, quarters: number): Promise<void> {
  const month = date.slice(0, 7);
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.dailyHours(volunteerId, date),
        ...keys.dailyHoursByMonth(month, monthShard(volunteerId), volunteerId, date),
        entity: ENTITY.dailyHours,
        volunteerId,
        date,
        month,
        quarters,
        updatedAt: `${date}T00:00:00.000Z`,
      },
    }),
  );
}

const redeem = async (volunteerId: string, storeId: string, items: { sku: string; qty: number }[]) => {
  const code = issueVolunteerCode(volunteerId, randomBytes(12).toString('base64url'), clock(), signing).code;
  const answer = await invoke(postRedemption, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions',
    params: { storeId },
    body: { code, items: items.map((line) => ({ ...line, pricePoints: 5 })) },
    caller: callers.counter(storeId),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return String(answer.body.id);
};

const notice = async (month: string) => {
  const answer = await invoke(getDisclosure, { routeKey: DISCLOSURE, query: { month } });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer;
};
type Roll = { volunteers: { name: string; hours: number; town?: string }[]; winners: { name: string }[] };
const rollOf = (body: Record<string, unknown>) => body.honourRoll as Roll | undefined;

const setSwitch = (honourRoll: boolean, caller: Caller = callers.admin) =>
  invoke(putSettings, { routeKey: SETTINGS_PUT, body: { honourRoll }, caller });
const setOptOut = (id: string, optOut: boolean, caller: Caller = callers.volunteer(id)) =>
  invoke(putChoice, { routeKey: CHOICE_PUT, params: { id }, body: { optOut }, caller });

beforeAll(async () => {
  table = await freshTable('disclosure');
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    REDEMPTIONS_PER_COUNTER_PER_MINUTE: '0',
  });
  const ledger = new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(23),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  runtime = { ...buildRuntime(config, { client: table.client }), ledger, now: clock };
  installRuntime(runtime);
  signing = await signingKeys(runtime.config);
  await putOrgs(SMALL_TREE);
  for (const [storeId, name, kind] of [
    ['S1', '什川镇爱心超市', 'fixed'],
    ['S2', '流动爱心超市一号车', 'mobile'],
  ] as const) {
    const answer = await invoke(putStore, {
      routeKey: 'PUT /v1/stores/{storeId}',
      params: { storeId },
      body: { name, kind },
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
  for (const [storeId, sku, name, stock] of [
    ['S1', 'soap', '肥皂', 100],
    ['S1', 'towel', '毛巾', 10],
    ['S2', 'soap', '肥皂', 40],
  ] as const) {
    const answer = await invoke(putItem, {
      routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
      params: { storeId, sku },
      body: { name, pricePoints: 5, stock },
      caller: callers.admin,
    });
    expect(answer.status).toBe(200);
  }
  // October first: one volunteer's points and hours, so October is a finished month with movements.
  clockMs = Date.parse('2026-10-20T02:00:00.000Z');
  for (const [index, [id, name]] of PEOPLE.entries()) {
    await addVolunteer(runtime, {
      id,
      name,
      points: index < 3 ? 200 : 0,
      orgId: index % 2 === 0 ? 'shangche' : 'wenshan',
    });
  }
  await putHours('v01', '2026-10-05', 8);
  await putHours('v02', '2026-10-06', 4);
  clockMs = Date.parse('2026-11-16T02:00:00.000Z');
  for (const [index, [id]] of PEOPLE.entries()) await putHours(id, '2026-11-03', 4 * (PEOPLE.length - index));
  // November's redemptions: S1 肥皂×2 毛巾×1, 肥皂×3, and 肥皂×1 voided; S2 肥皂×4.
  await redeem('v01', 'S1', [
    { sku: 'soap', qty: 2 },
    { sku: 'towel', qty: 1 },
  ]);
  await redeem('v02', 'S1', [{ sku: 'soap', qty: 3 }]);
  const voided = await redeem('v03', 'S1', [{ sku: 'soap', qty: 1 }]);
  const answer = await invoke(postVoid, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions/{id}/void',
    params: { storeId: 'S1', id: voided },
    body: { reason: '退货 returned' },
    caller: callers.counter('S1'),
    headers: { 'idempotency-key': freshKey() },
  });
  expect(answer.status).toBe(200);
  await redeem('v03', 'S2', [{ sku: 'soap', qty: 4 }]);
  // October's draw, drawn: v02 and v01 won 10 points each.
  await table.client.send(
    new PutCommand({
      TableName: table.tableName,
      Item: {
        ...keys.draw(OCTOBER),
        entity: ENTITY.draw,
        month: OCTOBER,
        status: 'drawn',
        seed: '0'.repeat(64),
        commitment: '1'.repeat(64),
        winnerCount: 2,
        prizePoints: 10,
        minHours: 0,
        revision: 1,
        committedAt: '2026-10-01T00:00:00.000Z',
        committedBy: 'admin-1',
        updatedAt: '2026-11-01T00:00:00.000Z',
        updatedBy: 'admin-1',
        winnersJson: JSON.stringify([
          { volunteerId: 'v02', tickets: 4 },
          { volunteerId: 'v01', tickets: 8 },
        ]),
        drawnAt: '2026-11-01T00:00:00.000Z',
        creditedAt: '2026-11-01T00:00:00.000Z',
      },
    }),
  );
}, 60_000);

afterAll(() => installRuntime(undefined));

describe('stores in the notice', () => {
  it('names each store and lists the units of each item redeemed there in the month, voided ones not counted', async () => {
    // Act
    const { body, headers } = await notice(NOVEMBER);
    // Assess
    const stores = body.stores as { storeId: string; name: string; goods: unknown[]; stockOnHand: number }[];
    expect(stores.map((store) => [store.storeId, store.name, store.goods])).toEqual([
      [
        'S1',
        '什川镇爱心超市',
        [
          { name: '肥皂', qty: 5 },
          { name: '毛巾', qty: 1 },
        ],
      ],
      ['S2', '流动爱心超市一号车', [{ name: '肥皂', qty: 4 }]],
    ]);
    expect(stores.map((store) => store.stockOnHand)).toEqual([100 + 10 - 5 - 1, 40 - 4]);
    // The month under way changes with every redemption: never kept by a browser or a proxy.
    expect(headers['cache-control']).toBe('no-store');
  });

  it('lists no goods for a month without redemptions, and lets a finished month be kept an hour', async () => {
    // Act
    const { body, headers } = await notice(OCTOBER);
    // Assess
    const stores = body.stores as { goods: unknown[] }[];
    expect(stores.map((store) => store.goods)).toEqual([[], []]);
    expect(headers['cache-control']).toBe('public, max-age=300');
  });
});

describe('光荣榜', () => {
  it("shows the month's ten volunteers with the most hours, masked, with their town, and nothing else personal", async () => {
    // Act
    const { body } = await notice(NOVEMBER);
    // Assess
    const roll = rollOf(body);
    expect(roll?.volunteers).toHaveLength(HONOUR_ROLL_SIZE);
    expect(roll?.volunteers.map((one) => one.name)).toEqual(
      PEOPLE.slice(0, HONOUR_ROLL_SIZE).map(([, name]) => maskName(name)),
    );
    expect(roll?.volunteers.map((one) => one.hours)).toEqual(
      PEOPLE.slice(0, HONOUR_ROLL_SIZE).map((_, index) => PEOPLE.length - index),
    );
    expect(roll?.volunteers[0]?.town).toBe('什川镇');
    expect(roll?.volunteers[1]?.town).toBe('石洞镇');
    // November's draw has not been drawn: no winners yet.
    expect(roll?.winners).toEqual([]);
    const text = JSON.stringify(body);
    for (const [id, name] of PEOPLE) {
      expect(text).not.toContain(`"${id}"`);
      expect(text).not.toContain(name);
    }
    expect(text).not.toMatch(PHONE_LIKE);
  });

  it('leaves out a volunteer who opted out, from the volunteers and the winners, and the next one fills in', async () => {
    // Act
    const opted = await setOptOut('v02', true);
    const chosen = await invoke(getChoice, {
      routeKey: CHOICE_GET,
      params: { id: 'v02' },
      caller: callers.volunteer('v02'),
    });
    const november = rollOf((await notice(NOVEMBER)).body);
    const october = rollOf((await notice(OCTOBER)).body);
    await setOptOut('v02', false);
    const back = rollOf((await notice(NOVEMBER)).body);
    // Assess
    expect(opted.status).toBe(200);
    expect(chosen.body).toMatchObject({ volunteerId: 'v02', optOut: true });
    const expected = ['v01', 'v03', 'v04', 'v05', 'v06', 'v07', 'v08', 'v09', 'v10', 'v11'];
    expect(november?.volunteers.map((one) => one.name)).toEqual(expected.map((id) => maskName(nameOf(id))));
    expect(JSON.stringify(november)).not.toContain(maskName(nameOf('v02')));
    expect(october?.winners).toEqual([{ name: maskName(nameOf('v01')), prizePoints: 10 }]);
    expect(october?.volunteers.map((one) => one.name)).toEqual([maskName(nameOf('v01'))]);
    expect(back?.volunteers.map((one) => one.name)).toContain(maskName(nameOf('v02')));
  });

  it("shows a drawn month's winners, masked, with their prize", async () => {
    // Act
    const roll = rollOf((await notice(OCTOBER)).body);
    // Assess
    expect(roll?.winners).toEqual([
      { name: maskName(nameOf('v02')), prizePoints: 10 },
      { name: maskName(nameOf('v01')), prizePoints: 10 },
    ]);
    expect(roll?.volunteers).toEqual([
      { name: maskName(nameOf('v01')), hours: 2, town: '什川镇' },
      { name: maskName(nameOf('v02')), hours: 1, town: '石洞镇' },
    ]);
  });

  it('is left out of the notice, JSON and CSV, while the county has it switched off, and back when on', async () => {
    // Act
    const off = await setSwitch(false);
    const settings = await invoke(getSettings, { routeKey: SETTINGS_GET, caller: callers.admin });
    const hidden = await notice(NOVEMBER);
    const hiddenCsv = await invokeRaw(getDisclosure, {
      routeKey: DISCLOSURE,
      query: { month: NOVEMBER, format: 'csv' },
    });
    const again = await setSwitch(false);
    const on = await setSwitch(true);
    const shown = await notice(NOVEMBER);
    // Assess
    expect(off.status).toBe(200);
    expect(off.body).toMatchObject({ honourRoll: false, updatedBy: 'admin-1' });
    expect(settings.body).toMatchObject({ honourRoll: false });
    expect(hidden.body).not.toHaveProperty('honourRoll');
    expect(String(hiddenCsv.body)).not.toContain('光荣榜');
    expect(String(hiddenCsv.body)).not.toContain(maskName(nameOf('v01')));
    expect(again.body).toMatchObject({ honourRoll: false });
    expect(on.body).toMatchObject({ honourRoll: true });
    expect(rollOf(shown.body)?.volunteers).toHaveLength(HONOUR_ROLL_SIZE);
  });
});

describe('the switches', () => {
  it('are on by default, the office alone changes the county switch, with a strict body', async () => {
    // Act
    const counter = await setSwitch(false, callers.counter('S1'));
    const volunteer = await setSwitch(false, callers.volunteer('v01'));
    const extra = await invoke(putSettings, {
      routeKey: SETTINGS_PUT,
      body: { honourRoll: false, volunteers: 3 },
      caller: callers.admin,
    });
    const settings = await invoke(getSettings, { routeKey: SETTINGS_GET, caller: callers.admin });
    // Assess
    expect(counter.status).toBe(403);
    expect(volunteer.status).toBe(403);
    expect(extra.status).toBe(400);
    expect(settings.body).toMatchObject({ honourRoll: true });
  });

  it('lets a volunteer choose for themself and the office for them, never another volunteer; unknown is 404', async () => {
    // Act
    const never = await invoke(getChoice, {
      routeKey: CHOICE_GET,
      params: { id: 'v05' },
      caller: callers.volunteer('v05'),
    });
    const other = await setOptOut('v05', true, callers.volunteer('v06'));
    const office = await setOptOut('v05', true, callers.admin);
    const seen = await invoke(getChoice, {
      routeKey: CHOICE_GET,
      params: { id: 'v05' },
      caller: callers.admin,
    });
    const unknown = await setOptOut('v99', true, callers.admin);
    const roll = rollOf((await notice(NOVEMBER)).body);
    await setOptOut('v05', false);
    // Assess
    expect(never.body).toEqual({ volunteerId: 'v05', optOut: false });
    expect(other.status).toBe(403);
    expect(office.status).toBe(200);
    expect(seen.body).toMatchObject({ volunteerId: 'v05', optOut: true });
    expect(unknown.status).toBe(404);
    expect(roll?.volunteers.map((one) => one.name)).not.toContain(maskName(nameOf('v05')));
  });
});

describe('公示 as CSV', () => {
  it('has the store names, the goods redeemed and the honour roll section', async () => {
    // Act
    const result = await invokeRaw(getDisclosure, {
      routeKey: DISCLOSURE,
      query: { month: NOVEMBER, format: 'csv' },
    });
    // Assess
    const csv = String(result.body);
    expect(result.headers?.['cache-control']).toBe('no-store');
    expect(csv).toContain('S1,什川镇爱心超市,');
    expect(csv).toContain(',肥皂×5；毛巾×1\r\n');
    expect(csv).toContain('S2,流动爱心超市一号车,');
    expect(csv).toContain('光荣榜 honour roll,名次 rank,姓名 name,服务时长 hours,乡镇 town,奖品 prize\r\n');
    expect(csv).toContain(`志愿者 volunteer,1,${maskName(nameOf('v01'))},12,什川镇\r\n`);
    expect(csv).toContain(`志愿者 volunteer,10,${maskName(nameOf('v10'))},3,石洞镇\r\n`);
    expect(csv).not.toContain(nameOf('v01'));
  });
});

describe('the audit checks the notice against the books', () => {
  const findings = async () =>
    (await auditEverything(auditDeps(runtime))).problems.filter(
      (problem) => problem.kind === 'disclosure-mismatch',
    );

  it('finds the notice equal to the ledger and the stock ledger, then names a kept report gone wrong', async () => {
    // Prepare: October's kept report (kept by the reads above), with its points issued changed.
    const before = await findings();
    const kept = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.monthlyReport(OCTOBER), ConsistentRead: true }),
    );
    const report = JSON.parse(String(kept.Item?.reportJson)) as { pointsIssued: number };
    expect(report.pointsIssued).toBe(600);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...kept.Item, reportJson: JSON.stringify({ ...report, pointsIssued: 650 }) },
      }),
    );
    // Act
    const after = await findings();
    // Assess
    expect(before).toEqual([]);
    expect(after).toEqual([
      {
        kind: 'disclosure-mismatch',
        account: `disclosure:${OCTOBER}`,
        detail: 'points issued: the notice says 650, the ledger 600',
      },
    ]);
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...kept.Item, reportJson: JSON.stringify(report) },
      }),
    );
  });

  it("names a store whose stock on hand no longer equals its stock ledger's sum", async () => {
    // Prepare: three units of soap appear at S2 without a movement.
    await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: keys.storeItem('S2', 'soap'),
        UpdateExpression: 'SET stock = stock + :three',
        ExpressionAttributeValues: { ':three': 3 },
      }),
    );
    // Act
    const found = await findings();
    // Assess
    expect(found).toEqual([
      {
        kind: 'disclosure-mismatch',
        account: 'store:S2',
        detail: 'stock on hand: the notice says 39, the stock ledger 36',
      },
    ]);
  });

  it('names goods the notice counts that no redemption of the ledger took', async () => {
    // Prepare: a stray redemption record in S1's November day, with no movement behind it.
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.redemption('stray-1'),
          ...keys.redemptionByStoreDay('S1', '2026-11-16', '2026-11-16T03:00:00.000Z', 'stray-1'),
          entity: ENTITY.redemption,
          id: 'stray-1',
          storeId: 'S1',
          date: '2026-11-16',
          at: '2026-11-16T03:00:00.000Z',
          status: 'completed',
          lines: [{ sku: 'towel', name: '毛巾', qty: 2, pricePoints: 5 }],
        },
      }),
    );
    // Act
    const found = await findings();
    // Assess
    expect(found).toContainEqual({
      kind: 'disclosure-mismatch',
      account: 'store:S1',
      detail: `${NOVEMBER} goods redeemed: the notice says 毛巾×3；肥皂×5, the redemptions 毛巾×1；肥皂×5`,
    });
  });
});
