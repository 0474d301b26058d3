import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handler as postScan } from '../../functions/stores/post-scan';
import { handler as putCard } from '../../functions/stores/put-volunteer-card';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY } from '../../shared/platform/dynamo/keys';
import { CARD_PIN_ATTEMPTS_MAX } from '../../shared/platform/limits';
import { windowOf } from '../../shared/platform/rate-limit';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { signingKeys } from '../../shared/platform/signing-keys';
import { issueVolunteerCode } from '../../shared/stores/rules/volunteer-code';
import { type Answer, type Caller, callers, invoke } from '../support/http';
import { addVolunteer } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

/**
 * The counter's per-caller limits and its uniform answers for cards, on DynamoDB Local through the
 * handlers: the same code runs locally and in AWS. The clock is fixed inside one window and moved
 * by hand, so each test knows which window it is in.
 */
const SCAN = 'POST /v1/scan';
const LIMITS = {
  SCANS_PER_COUNTER_PER_MINUTE: 20,
  WRONG_PINS_PER_COUNTER_PER_HOUR: 6,
  WRONG_PINS_PER_STORE_PER_HOUR: 9,
  WRONG_PINS_PER_CARD_PER_DAY: 7,
};

let table: TestTable;
let runtime: Runtime;
let nowMs = Date.parse('2026-11-02T02:00:00.000Z');
const cards: string[] = [];

const scan = (body: unknown, caller: Caller) => invoke(postScan, { routeKey: SCAN, body, caller });
const guess = (cardNumber: string, pin: string, caller: Caller) => scan({ cardNumber, pin }, caller);
/** A clerk of store `storeId` with its own user id, so each test starts with fresh per-clerk counters. */
let clerkCount = 0;
const clerk = (storeId: string): Caller => ({ ...callers.counter(storeId), sub: `clerk-${++clerkCount}` });
const withoutRequestId = ({ requestId: _requestId, ...rest }: Record<string, unknown>) => rest;
/** Moves the clock past every window in use (a day), so a test starts with fresh counters. */
const nextDay = () => {
  nowMs += 86_400_000;
};

async function tableItems(): Promise<Record<string, unknown>[]> {
  const result = await table.client.send(
    new ScanCommand({ TableName: table.tableName, ConsistentRead: true }),
  );
  return result.Items ?? [];
}

/** Everything but the limiters' counters and the unknown numbers' wrong-PIN guards. */
const business = (items: Record<string, unknown>[]) =>
  items
    .filter((item) => item.entity !== ENTITY.rateWindow && item.entity !== ENTITY.cardGuard)
    .map((item) => JSON.stringify(item))
    .sort();

beforeAll(async () => {
  table = await freshTable('limits');
  const config = parseConfig({
    STAGE: 'local',
    TABLE_NAME: table.tableName,
    DYNAMODB_ENDPOINT: table.endpoint,
    ...Object.fromEntries(Object.entries(LIMITS).map(([name, value]) => [name, String(value)])),
  });
  runtime = { ...buildRuntime(config, { client: table.client }), now: () => new Date(nowMs) };
  installRuntime(runtime);
  for (const [index, name] of ['王桂英', '刘德山', '张秀兰', '李明德', '赵玉兰'].entries()) {
    const id = `vCARD${String(index).padStart(12, '0')}`;
    await addVolunteer(runtime, { id, name, points: 50 });
    const issued = await invoke(putCard, {
      routeKey: 'PUT /v1/volunteers/{id}/card',
      params: { id },
      body: { pin: '2580' },
      caller: callers.admin,
    });
    cards.push(String(issued.body.cardNumber));
  }
});

beforeEach(() => nextDay());

afterAll(() => installRuntime(undefined));

describe('cards answer alike whether or not the number is a card', () => {
  it('a wrong PIN on a card and any PIN on an unknown number: the same status, code and words, then the same lock', async () => {
    const [card = ''] = cards;
    const unknown = '100000000008';
    const onCard: Answer[] = [];
    const onUnknown: Answer[] = [];
    for (let attempt = 0; attempt < CARD_PIN_ATTEMPTS_MAX + 1; attempt += 1) {
      onCard.push(await guess(card, '0917', clerk('S1')));
      onUnknown.push(await guess(unknown, '0917', clerk('S2')));
    }

    const shape = (answer: Answer) => ({ status: answer.status, body: withoutRequestId(answer.body) });
    expect(onCard.map(shape)).toEqual(onUnknown.map(shape));
    expect(onCard.map((answer) => answer.body.code)).toEqual([
      'INVALID_CODE',
      'INVALID_CODE',
      'INVALID_CODE',
      'INVALID_CODE',
      'CARD_LOCKED',
      'CARD_LOCKED',
    ]);
    expect(JSON.stringify(onCard)).not.toContain('attemptsLeft');
  });
});

describe('per-caller limits at the counter', () => {
  it('stops one clerk guessing across many cards, with 429 and Retry-After, though no card is locked', async () => {
    const guesser = clerk('S1');
    const answers: Answer[] = [];
    for (const card of cards.slice(1, 4)) {
      for (let attempt = 0; attempt < CARD_PIN_ATTEMPTS_MAX - 2; attempt += 1) {
        answers.push(await guess(card, '0000', guesser));
      }
    }
    const rightPin = await guess(cards[1] ?? '', '2580', guesser);
    const colleague = await guess(cards[1] ?? '', '2580', clerk('S1'));

    const codes = answers.map((answer) => answer.body.code);
    expect(codes.slice(0, LIMITS.WRONG_PINS_PER_COUNTER_PER_HOUR)).toEqual(
      Array(LIMITS.WRONG_PINS_PER_COUNTER_PER_HOUR).fill('INVALID_CODE'),
    );
    expect(codes.slice(LIMITS.WRONG_PINS_PER_COUNTER_PER_HOUR)).toEqual(
      Array(answers.length - LIMITS.WRONG_PINS_PER_COUNTER_PER_HOUR).fill('THROTTLED'),
    );
    const refused = answers.at(-1);
    const window = windowOf(nowMs, 3600);
    expect(refused?.status).toBe(429);
    expect(refused?.headers['retry-after']).toBe(String(window.retryAfterSeconds));
    expect(refused?.body.retryAfterSeconds).toBe(window.retryAfterSeconds);
    // The guesser may not even try the right PIN now; a colleague serves the volunteer.
    expect(rightPin.status).toBe(429);
    expect(colleague.status).toBe(200);
  });

  it('a right PIN does not count against the clerk: only wrong ones do', async () => {
    const serving = clerk('S1');
    const answers = [];
    for (let visit = 0; visit < LIMITS.WRONG_PINS_PER_COUNTER_PER_HOUR + 3; visit += 1) {
      answers.push(await guess(cards[2] ?? '', '2580', serving));
    }
    expect(answers.map((answer) => answer.status)).toEqual(Array(answers.length).fill(200));
  });

  it('stops several clerks of one store guessing together; another store is not affected', async () => {
    const answers: Answer[] = [];
    for (let round = 0; round < 4; round += 1) {
      for (const card of cards.slice(0, 4))
        answers.push(await guess(card, String(1000 + round), clerk('S3')));
      nowMs += 1000;
    }
    const elsewhere = await guess(cards[0] ?? '', '1111', clerk('S4'));

    const allowed = answers.filter((answer) => answer.body.code !== 'THROTTLED');
    expect(allowed).toHaveLength(LIMITS.WRONG_PINS_PER_STORE_PER_HOUR);
    expect(answers.at(-1)?.status).toBe(429);
    expect(elsewhere.body.code).not.toBe('THROTTLED');
  });

  it('stops a scan burst from one clerk and changes nothing else; another store’s clerk still scans', async () => {
    const signing = await signingKeys(runtime.config);
    const code = issueVolunteerCode(
      'vCARD000000000000',
      randomBytes(12).toString('base64url'),
      new Date(nowMs),
      signing,
    ).code;
    const before = business(await tableItems());
    const burst = clerk('S1');
    const answers = [];
    for (let scanNumber = 0; scanNumber < LIMITS.SCANS_PER_COUNTER_PER_MINUTE + 3; scanNumber += 1) {
      answers.push(await scan({ code }, burst));
    }
    const other = await scan({ code }, clerk('S2'));
    nowMs += 60_000;
    const nextMinute = await scan({ code }, burst);

    expect(
      answers
        .slice(0, LIMITS.SCANS_PER_COUNTER_PER_MINUTE)
        .map((answer) => answer.body.code ?? answer.status),
    ).toEqual(Array(LIMITS.SCANS_PER_COUNTER_PER_MINUTE).fill(200));
    expect(answers.slice(LIMITS.SCANS_PER_COUNTER_PER_MINUTE).map((answer) => answer.status)).toEqual([
      429, 429, 429,
    ]);
    expect(Number(answers.at(-1)?.headers['retry-after'])).toBeGreaterThan(0);
    expect(other.status).toBe(200);
    expect(nextMinute.status).toBe(200);
    expect(business(await tableItems())).toEqual(before);
  });

  it('a card number’s daily limit holds across a right PIN (which resets only the lock count)', async () => {
    const card = cards[4] ?? '';
    const answers: Answer[] = [];
    // Four wrong, one right (the lock count resets), four wrong... from different clerks and stores.
    for (let round = 0; round < 3; round += 1) {
      for (let attempt = 0; attempt < CARD_PIN_ATTEMPTS_MAX - 1; attempt += 1) {
        answers.push(await guess(card, '1234', clerk(`R${round}-${attempt}`)));
      }
      await guess(card, '2580', clerk('owner'));
    }
    const wrong = answers.filter((answer) => answer.body.code === 'INVALID_CODE');
    expect(wrong).toHaveLength(LIMITS.WRONG_PINS_PER_CARD_PER_DAY);
    expect(answers.at(-1)?.status).toBe(429);
  });
});
