import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as postRedemption } from '../../functions/stores/post-redemption';
import { handler as postScan } from '../../functions/stores/post-scan';
import { handler as postCode } from '../../functions/stores/post-volunteer-code';
import { handler as putStore } from '../../functions/stores/put-store';
import { handler as putItem } from '../../functions/stores/put-store-item';
import { handler as putCard } from '../../functions/stores/put-volunteer-card';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { CARD_PIN_ATTEMPTS_MAX } from '../../shared/platform/limits';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { parseSigningSecret } from '../../shared/platform/signed-token';
import { isCardNumber, issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { seededRandom } from '../support/fault-injection';
import { type Caller, callers, invoke } from '../support/http';
import { addVolunteer as addSharedVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const CODE = 'POST /v1/volunteers/{id}/code';
const SCAN = 'POST /v1/scan';
const CARD = 'PUT /v1/volunteers/{id}/card';

const START_MS = Date.parse('2026-11-02T02:00:00.000Z');
let clockMs = START_MS;
const clock = () => {
  clockMs += 1;
  return new Date(clockMs);
};

let table: TestTable;
let runtime: Runtime;

async function addVolunteer(id: string, name: string, points: number): Promise<void> {
  await addSharedVolunteer(runtime, { id, name, points });
}

const makeCode = (id: string, caller: Caller = callers.volunteer(id)) =>
  invoke(postCode, { routeKey: CODE, params: { id }, caller });
const scan = (body: unknown, caller: Caller = callers.counter('S1')) =>
  invoke(postScan, { routeKey: SCAN, body, caller });
const setCard = (id: string, body: unknown, caller: Caller = callers.admin) =>
  invoke(putCard, { routeKey: CARD, params: { id }, body, caller });
let keyCounter = 0;
const redeemWith = (code: string) =>
  invoke(postRedemption, {
    routeKey: 'POST /v1/stores/{storeId}/redemptions',
    params: { storeId: 'S1' },
    body: { code, items: [{ sku: 'soap', qty: 1, pricePoints: 5 }] },
    caller: callers.counter('S1'),
    headers: { 'idempotency-key': `codes-${++keyCounter}` },
  });

async function cardItem(cardNumber: string): Promise<Record<string, unknown> | undefined> {
  const result = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.card(cardNumber), ConsistentRead: true }),
  );
  return result.Item;
}

beforeAll(async () => {
  table = await freshTable('codes');
  // The per-caller limits are off here, so these tests see the card's own rules; they have their own tests below.
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    SCANS_PER_COUNTER_PER_MINUTE: '0',
    WRONG_PINS_PER_COUNTER_PER_HOUR: '0',
    WRONG_PINS_PER_STORE_PER_HOUR: '0',
    WRONG_PINS_PER_CARD_PER_DAY: '0',
  });
  const ledger = new LedgerStore({
    client: table.client,
    tableName: table.tableName,
    now: clock,
    random: seededRandom(3),
    sleep: () => new Promise((done) => setImmediate(done)),
  });
  runtime = { ...buildRuntime(config, { client: table.client }), ledger, now: clock };
  installRuntime(runtime);
  await invoke(putStore, {
    routeKey: 'PUT /v1/stores/{storeId}',
    params: { storeId: 'S1' },
    body: { name: '文山村爱心超市', kind: 'fixed' },
    caller: callers.admin,
  });
  await invoke(putItem, {
    routeKey: 'PUT /v1/stores/{storeId}/items/{sku}',
    params: { storeId: 'S1', sku: 'soap' },
    body: { name: '肥皂', pricePoints: 5, stock: 100 },
    caller: callers.admin,
  });
  await addVolunteer('vTANCHENGHUA0001', '谭成华', 120);
  await addVolunteer('vGRANDMA000000002', '王桂英', 80);
  await addVolunteer('vGRANDPA000000003', '刘德山', 80);
});

afterAll(() => installRuntime(undefined));

describe('POST /v1/volunteers/{id}/code', () => {
  it('gives the volunteer a compact code valid for two minutes', async () => {
    const answer = await makeCode('vTANCHENGHUA0001');

    expect(answer.status).toBe(201);
    const code = String(answer.body.code);
    expect(code.length).toBeLessThan(160);
    expect(code).toMatch(/^[A-Za-z0-9_.-]+$/);
    const lifetimeMs = Date.parse(String(answer.body.expiresAt)) - clockMs;
    expect(lifetimeMs).toBeGreaterThan(90_000);
    expect(lifetimeMs).toBeLessThanOrEqual(120_000);
  });

  it('refuses anyone but the volunteer themself', async () => {
    const otherVolunteer = await makeCode('vTANCHENGHUA0001', callers.volunteer('vGRANDMA000000002'));
    const admin = await makeCode('vTANCHENGHUA0001', callers.admin);
    const counter = await makeCode('vTANCHENGHUA0001', callers.counter('S1'));

    expect([otherVolunteer.status, admin.status, counter.status]).toEqual([403, 403, 403]);
  });
});

describe('POST /v1/scan with a code', () => {
  it('shows the counter the masked name and the balance, and the code still redeems', async () => {
    const code = String((await makeCode('vTANCHENGHUA0001')).body.code);

    const answer = await scan({ code });

    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      volunteerId: 'vTANCHENGHUA0001',
      displayName: '谭*华',
      balance: 120,
      expiresAt: expect.any(String),
    });
    expect((await redeemWith(code)).status).toBe(201);
  });

  it('CODE_USED after the code redeemed; INVALID_CODE when forged; CODE_EXPIRED when old', async () => {
    const used = String((await makeCode('vTANCHENGHUA0001')).body.code);
    await redeemWith(used);
    const forged = issueVolunteerCode(
      'vTANCHENGHUA0001',
      'AAAAAAAAAAAAAAAA',
      clock(),
      parseSigningSecret('not-our-signing-secret-at-all'),
    ).code;
    const old = String((await makeCode('vTANCHENGHUA0001')).body.code);

    const answers = [await scan({ code: used }), await scan({ code: forged })];
    clockMs += 121_000;
    answers.push(await scan({ code: old }));

    expect(answers.map((answer) => [answer.status, answer.body.code])).toEqual([
      [409, 'CODE_USED'],
      [400, 'INVALID_CODE'],
      [400, 'CODE_EXPIRED'],
    ]);
  });

  it('refuses staff scanning their own code, admins, and bodies with both or neither', async () => {
    const code = String((await makeCode('vTANCHENGHUA0001')).body.code);

    const self = await scan(
      { code },
      {
        sub: 'tan-at-work',
        groups: ['counter', 'volunteer'],
        storeId: 'S1',
        volunteerId: 'vTANCHENGHUA0001',
      },
    );
    const admin = await scan({ code }, callers.admin);
    const both = await scan({ code, cardNumber: '123456789012', pin: '2580' });
    const neither = await scan({});

    expect([self.status, admin.status, both.status, neither.status]).toEqual([403, 403, 400, 400]);
  });
});

describe('printed cards', () => {
  let cardNumber = '';

  it('issues a 12-digit card number; the PIN is stored only as a salted scrypt hash', async () => {
    const answer = await setCard('vGRANDMA000000002', { pin: '2580' });

    expect(answer.status).toBe(200);
    cardNumber = String(answer.body.cardNumber);
    expect(isCardNumber(cardNumber)).toBe(true);
    expect(answer.body).toEqual({ volunteerId: 'vGRANDMA000000002', cardNumber });
    const stored = await cardItem(cardNumber);
    expect(stored).toMatchObject({ volunteerId: 'vGRANDMA000000002', status: 'active', failedAttempts: 0 });
    // The PIN is nowhere in the item: the random card number, salt and hash may hold its digits by
    // chance (one card number in a few hundred does), so those are checked by their own rules.
    const { cardNumber: _number, pk: _pk, pinHash, pinSalt, ...rest } = stored ?? {};
    expect(JSON.stringify(rest)).not.toContain('2580');
    expect([pinHash, pinSalt]).not.toContain('2580');
    expect(String(pinHash)).toHaveLength(44);
  });

  it('refuses guessable PINs, unknown volunteers and non-admins', async () => {
    const guessable = await setCard('vGRANDMA000000002', { pin: '1234' });
    const unknown = await setCard('nobody', { pin: '2580' });
    const counter = await setCard('vGRANDMA000000002', { pin: '2580' }, callers.counter('S1'));
    const letters = await setCard('vGRANDMA000000002', { pin: 'abcd' });

    expect([guessable.status, unknown.status, counter.status, letters.status]).toEqual([400, 404, 403, 400]);
  });

  it('a right PIN gives the counter the masked name, the balance and a fresh single-use code', async () => {
    const answer = await scan({
      cardNumber: `${cardNumber.slice(0, 4)} ${cardNumber.slice(4)}`,
      pin: '2580',
    });

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      volunteerId: 'vGRANDMA000000002',
      displayName: '王*英',
      balance: 80,
    });
    const code = String(answer.body.code);
    expect((await redeemWith(code)).body.balanceAfter).toBe(75);
    expect((await redeemWith(code)).body.code).toBe('CODE_USED');
  });

  it('counts wrong PINs, locks after five (423 even for the right PIN) until an admin sets a PIN again', async () => {
    const answers = [];
    for (let attempt = 0; attempt < CARD_PIN_ATTEMPTS_MAX; attempt += 1) {
      answers.push(await scan({ cardNumber, pin: '0917' }));
    }
    const rightPin = await scan({ cardNumber, pin: '2580' });
    const reset = await setCard('vGRANDMA000000002', { pin: '4826' });
    const oldPin = await scan({ cardNumber, pin: '2580' });
    const newPin = await scan({ cardNumber, pin: '4826' });

    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 423]);
    // Every wrong PIN before the lock answers alike: nothing says how many are left.
    const bodies = answers.slice(0, 4).map(({ body: { requestId: _requestId, ...rest } }) => rest);
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
    expect(bodies[0]?.attemptsLeft).toBeUndefined();
    expect(answers[4]?.body.code).toBe('CARD_LOCKED');
    expect(rightPin.status).toBe(423);
    expect(reset.body.cardNumber).toBe(cardNumber);
    expect(oldPin.status).toBe(400);
    expect(newPin.status).toBe(200);
    expect((await cardItem(cardNumber))?.failedAttempts).toBe(0);
  });

  it('never counts past five wrong PINs, however many guesses arrive at once', async () => {
    const issued = await setCard('vGRANDPA000000003', { pin: '7391' });
    const number = String(issued.body.cardNumber);
    const guesses = [
      '0000',
      '1111',
      '2222',
      '3333',
      '4444',
      '5555',
      '6666',
      '7777',
      '8888',
      '9999',
      '1357',
      '2468',
    ];

    const answers = await Promise.all(guesses.map((pin) => scan({ cardNumber: number, pin })));

    const codes = answers.map((answer) => answer.body.code);
    expect(codes.filter((code) => code === 'INVALID_CODE')).toHaveLength(CARD_PIN_ATTEMPTS_MAX - 1);
    expect(codes.filter((code) => code === 'CARD_LOCKED')).toHaveLength(
      guesses.length - CARD_PIN_ATTEMPTS_MAX + 1,
    );
    expect((await cardItem(number))?.failedAttempts).toBe(CARD_PIN_ATTEMPTS_MAX);
    expect((await scan({ cardNumber: number, pin: '7391' })).status).toBe(423);
  });

  it('replaces a lost card: a new number, and the old one stops working', async () => {
    const replaced = await setCard('vGRANDMA000000002', { pin: '4826', replace: true });

    const newNumber = String(replaced.body.cardNumber);
    expect(newNumber).not.toBe(cardNumber);
    expect((await scan({ cardNumber, pin: '4826' })).body.code).toBe('INVALID_CODE');
    expect((await scan({ cardNumber: newNumber, pin: '4826' })).status).toBe(200);
    expect((await cardItem(cardNumber))?.status).toBe('replaced');
  });

  it('INVALID_CODE for a number that is no card, and for a mistyped one', async () => {
    const unknown = await scan({ cardNumber: '100000000008', pin: '2580' });
    const mistyped = await scan({ cardNumber: '123', pin: '2580' });

    expect([unknown.body.code, mistyped.body.code]).toEqual(['INVALID_CODE', 'INVALID_CODE']);
  });
});
