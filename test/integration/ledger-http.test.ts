import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getBalance } from '../../functions/ledger/get-balance';
import { handler as getLedger } from '../../functions/ledger/get-ledger';
import { handler as postAdjustment } from '../../functions/ledger/post-adjustment';
import { parseConfig } from '../../shared/platform/config';
import { keys } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime } from '../../shared/platform/runtime';
import { callers, invoke } from '../support/http';
import { freshTable, type TestTable } from './support';

const BALANCE = 'GET /v1/volunteers/{id}/balance';
const LEDGER = 'GET /v1/volunteers/{id}/ledger';
const ADJUST = 'POST /v1/volunteers/{id}/adjustments';

let table: TestTable;

const adjust = (id: string, body: unknown, key?: string) =>
  invoke(postAdjustment, {
    routeKey: ADJUST,
    params: { id },
    body,
    caller: callers.admin,
    ...(key === undefined ? {} : { headers: { 'idempotency-key': key } }),
  });

beforeAll(async () => {
  table = await freshTable('http');
  const runtime = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  installRuntime(runtime);
  const orgs = [
    { orgId: 'gaolan', name: '皋兰县', level: 'county' },
    { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
    { orgId: 'shichuan-village', name: '什川村', level: 'village', parentId: 'shichuan' },
    { orgId: 'wenshan', name: '文山村', level: 'village', parentId: 'gaolan' },
  ];
  for (const org of orgs) {
    await table.client.send(
      new PutCommand({ TableName: table.tableName, Item: { ...keys.org(org.orgId), ...org } }),
    );
  }
  await runtime.ledger.openAccount('tan', { orgId: 'shichuan-village' });
  await runtime.ledger.openAccount('wei', { orgId: 'wenshan' });
  await runtime.ledger.openAccount('pager', { orgId: 'gaolan' });
  await runtime.ledger.openAccount('ma', { orgId: 'wenshan' });
});

afterAll(() => installRuntime(undefined));

describe('GET /v1/volunteers/{id}/balance', () => {
  it('answers the admin, the volunteer themself and a coordinator of their subtree', async () => {
    await adjust('tan', { direction: 'credit', points: 120, reason: '春节慰问' }, 'seed-tan');

    const asAdmin = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.admin,
    });
    const asSelf = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.volunteer('tan'),
    });
    const asCoordinator = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.coordinator('shichuan'),
    });

    for (const answer of [asAdmin, asSelf, asCoordinator]) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ volunteerId: 'tan', balance: 120 });
    }
  });

  it('refuses other volunteers, counters, strangers and coordinators of another subtree', async () => {
    const otherVolunteer = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.volunteer('wei'),
    });
    const counter = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.counter('S1'),
    });
    const anonymous = await invoke(getBalance, { routeKey: BALANCE, params: { id: 'tan' } });
    const foreignCoordinator = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'tan' },
      caller: callers.coordinator('wenshan'),
    });

    expect([otherVolunteer.status, otherVolunteer.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([counter.status, counter.body.code]).toEqual([403, 'FORBIDDEN']);
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect([foreignCoordinator.status, foreignCoordinator.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(anonymous.headers['content-type']).toBe('application/problem+json');
  });

  it('answers 404 for a volunteer that does not exist and 400 for a malformed id', async () => {
    const missing = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'nobody' },
      caller: callers.admin,
    });
    const malformed = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'a b' },
      caller: callers.admin,
    });

    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});

describe('POST /v1/volunteers/{id}/adjustments', () => {
  it('replays the first answer for the same key and body, and refuses the key with another body', async () => {
    const body = { direction: 'credit', points: 15, reason: '补录' };
    const first = await adjust('wei', body, 'adj-1');
    const replay = await adjust('wei', body, 'adj-1');
    const reused = await adjust('wei', { ...body, points: 16 }, 'adj-1');
    const balance = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'wei' },
      caller: callers.admin,
    });

    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect([reused.status, reused.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect(balance.body.balance).toBe(15);
  });

  it('keeps a refusal: the same key and body after a top-up get the same 409 again, and nothing moves', async () => {
    const debit = { direction: 'debit', points: 1_000, reason: '误记更正' };
    const first = await adjust('ma', debit, 'refused-debit');
    await adjust('ma', { direction: 'credit', points: 5_000, reason: '表彰奖励' }, 'top-up-ma');
    const balanceBefore = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'ma' },
      caller: callers.admin,
    });
    const again = await adjust('ma', debit, 'refused-debit');
    const balanceAfter = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'ma' },
      caller: callers.admin,
    });
    const otherBody = await adjust('ma', { ...debit, points: 1 }, 'refused-debit');

    expect([first.status, first.body.code]).toEqual([409, 'INSUFFICIENT_POINTS']);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.status).toBe(409);
    expect(again.body).toEqual(first.body);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(balanceAfter.body).toEqual(balanceBefore.body);
    expect([otherBody.status, otherBody.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('leaves no trace of a request that failed validation: the same key then carries a valid request', async () => {
    const invalid = await adjust('ma', { direction: 'credit', points: -5, reason: 'x' }, 'fixed-after-400');
    const valid = await adjust('ma', { direction: 'credit', points: 5, reason: '补记' }, 'fixed-after-400');

    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(valid.status).toBe(201);
    expect(valid.headers['idempotent-replayed']).toBeUndefined();
  });

  it('records a correction as a new movement that points at the original', async () => {
    const original = await adjust('wei', { direction: 'credit', points: 50, reason: '录错' }, 'adj-wrong');
    const originalId = (original.body.entry as { id: string }).id;

    const correction = await adjust(
      'wei',
      { direction: 'debit', points: 50, reason: '更正', corrects: originalId },
      'adj-fix',
    );

    expect(correction.status).toBe(201);
    expect(correction.body.entry).toMatchObject({
      kind: 'adjust',
      amount: -50,
      corrects: originalId,
      balanceAfter: 15,
    });
  });

  it('refuses a correction of a movement that does not exist, inside the ledger transaction', async () => {
    // Prepare
    const balance = async () =>
      (await invoke(getBalance, { routeKey: BALANCE, params: { id: 'ma' }, caller: callers.admin })).body
        .balance;
    await adjust('ma', { direction: 'credit', points: 30, reason: '录入' }, 'ma-seed');
    const before = await balance();
    // Act: the volunteer's sequence 99 was never written; another volunteer's movement is not theirs.
    const missing = await adjust(
      'ma',
      { direction: 'debit', points: 5, reason: '更正', corrects: 'ma.99' },
      'ma-fix-1',
    );
    const foreign = await adjust(
      'ma',
      { direction: 'debit', points: 5, reason: '更正', corrects: 'wei.1' },
      'ma-fix-2',
    );
    // Assess
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect([foreign.status, foreign.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await balance()).toBe(before);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const cases: [unknown, string | undefined, number, string][] = [
      [{ direction: 'credit', points: 10, reason: 'x' }, undefined, 400, 'IDEMPOTENCY_KEY_MISSING'],
      [{ direction: 'credit', points: 1.5, reason: 'x' }, 'bad-1', 400, 'VALIDATION_FAILED'],
      [{ direction: 'credit', points: -3, reason: 'x' }, 'bad-2', 400, 'VALIDATION_FAILED'],
      [{ direction: 'credit', points: '10', reason: 'x' }, 'bad-3', 400, 'VALIDATION_FAILED'],
      [{ direction: 'credit', points: 10, reason: 'x', extra: true }, 'bad-4', 400, 'VALIDATION_FAILED'],
      [{ direction: 'debit', points: 10_000, reason: 'x' }, 'bad-6', 409, 'INSUFFICIENT_POINTS'],
      [{ direction: 'credit', points: 10, reason: 'x' }, 'bad key!', 400, 'VALIDATION_FAILED'],
    ];
    for (const [body, key, status, code] of cases) {
      const answer = await adjust('wei', body, key);
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    const malformed = await invoke(postAdjustment, {
      routeKey: ADJUST,
      params: { id: 'wei' },
      rawBody: '{"direction":',
      headers: { 'idempotency-key': 'bad-7' },
      caller: callers.admin,
    });
    const oversized = await invoke(postAdjustment, {
      routeKey: ADJUST,
      params: { id: 'wei' },
      rawBody: JSON.stringify({ direction: 'credit', points: 1, reason: 'x'.repeat(70_000) }),
      headers: { 'idempotency-key': 'bad-8' },
      caller: callers.admin,
    });
    // 1e309 is valid JSON text that parses to Infinity: it must be refused, not stored.
    const infinite = await invoke(postAdjustment, {
      routeKey: ADJUST,
      params: { id: 'wei' },
      rawBody: '{"direction":"credit","points":1e309,"reason":"x"}',
      headers: { 'idempotency-key': 'bad-5' },
      caller: callers.admin,
    });
    const unknownField = await adjust(
      'wei',
      { direction: 'credit', points: 10, reason: 'x', extra: true },
      'bad-9',
    );
    const balance = await invoke(getBalance, {
      routeKey: BALANCE,
      params: { id: 'wei' },
      caller: callers.admin,
    });

    expect([malformed.status, malformed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([infinite.status, infinite.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([oversized.status, oversized.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect([infinite.status, infinite.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(unknownField.body.errors).toEqual([expect.objectContaining({ path: 'body' })]);
    expect(JSON.stringify(malformed.body)).not.toMatch(/at .*\.ts/);
    expect(balance.body.balance).toBe(15);
  });
});

describe('GET /v1/volunteers/{id}/ledger', () => {
  it('pages through the passbook newest first with a signed cursor', async () => {
    for (let index = 1; index <= 45; index += 1) {
      await adjust('pager', { direction: 'credit', points: index, reason: `第${index}次` }, `page-${index}`);
    }
    const pages: {
      entries: { sequence: number; balanceAfter: number; amount: number }[];
      nextCursor: string | null;
    }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page += 1) {
      const answer = await invoke(getLedger, {
        routeKey: LEDGER,
        params: { id: 'pager' },
        query: { limit: '20', ...(cursor === undefined ? {} : { cursor }) },
        caller: callers.admin,
      });
      expect(answer.status).toBe(200);
      const body = answer.body as unknown as (typeof pages)[number];
      pages.push(body);
      if (body.nextCursor === null) break;
      cursor = body.nextCursor;
    }

    expect(pages.map((page) => page.entries.length)).toEqual([20, 20, 5]);
    const sequences = pages.flatMap((page) => page.entries.map((entry) => entry.sequence));
    expect(sequences).toEqual(Array.from({ length: 45 }, (_, index) => 45 - index));
    expect(pages[0]?.entries[0]).toMatchObject({ amount: 45, balanceAfter: (45 * 46) / 2 });
  });

  it('answers 400 for a forged or foreign cursor and for a limit out of range', async () => {
    const first = await invoke(getLedger, {
      routeKey: LEDGER,
      params: { id: 'pager' },
      query: { limit: '2' },
      caller: callers.admin,
    });
    const cursor = String(first.body.nextCursor);
    const [keyId, payload, signature] = cursor.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ v: 1, volunteerId: 'pager', sequence: 3 })).toString(
      'base64url',
    );
    const attempts = [
      `${keyId}.${forgedPayload}.${signature}`,
      `${keyId}.${payload}.${signature?.slice(0, -2)}xx`,
      'not-a-cursor',
    ];
    for (const bad of attempts) {
      const answer = await invoke(getLedger, {
        routeKey: LEDGER,
        params: { id: 'pager' },
        query: { cursor: bad },
        caller: callers.admin,
      });
      expect([answer.status, answer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const foreign = await invoke(getLedger, {
      routeKey: LEDGER,
      params: { id: 'wei' },
      query: { cursor },
      caller: callers.admin,
    });
    const tooMany = await invoke(getLedger, {
      routeKey: LEDGER,
      params: { id: 'pager' },
      query: { limit: '101' },
      caller: callers.admin,
    });
    expect([foreign.status, foreign.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });
});
