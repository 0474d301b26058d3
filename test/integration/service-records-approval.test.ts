import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as approveRecord } from '../../functions/earning/approve-service-record';
import { handler as getRecord } from '../../functions/earning/get-service-record';
import { handler as postRecord } from '../../functions/earning/post-service-record';
import { handler as rejectRecord } from '../../functions/earning/reject-service-record';
import { handler as reverseRecord } from '../../functions/earning/reverse-service-record';
import { handler as getLedger } from '../../functions/ledger/get-ledger';
import type { Movement } from '../../shared/ledger/rules/ledger';
import { SYSTEM_ACCOUNT } from '../../shared/ledger/rules/ledger';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { ENTITY, keys, MOVEMENT_SORT_PREFIX } from '../../shared/platform/dynamo/keys';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { type FaultKind, injectFaults, seededRandom } from '../support/fault-injection';
import { type Answer, type Caller, callers, invoke } from '../support/http';
import { auditLedger } from '../support/ledger-audit';
import { steppingClock } from '../support/ledger-fixtures';
import { addProfile } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const SUBMIT = 'POST /v1/service-records';
const APPROVE = 'POST /v1/service-records/{id}/approve';
const REJECT = 'POST /v1/service-records/{id}/reject';
const REVERSE = 'POST /v1/service-records/{id}/reverse';
const GET = 'GET /v1/service-records/{id}';

let table: TestTable;
let runtime: Runtime;
let keyCounter = 0;
const nextKey = () => {
  keyCounter += 1;
  return `key-${keyCounter}`;
};

interface Entry {
  volunteerId: string;
  hours: number;
  points: number;
  credited?: boolean;
  reversed?: boolean;
  reason?: string;
  movementId?: string;
}
interface RecordBody {
  id: string;
  status: string;
  entries: Entry[];
  pointsCredited?: number;
  reversedBy?: string;
  reverses?: string;
}
const recordOf = (answer: Answer) => answer.body as unknown as RecordBody;

/** Builds a runtime on a document client, with the stepping clock and a seeded ledger. */
function runtimeOn(client = table.client, seed = 11): Runtime {
  const base = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: client },
  );
  const now = steppingClock();
  return {
    ...base,
    client,
    now,
    ledger: new LedgerStore({
      client,
      tableName: table.tableName,
      now,
      random: seededRandom(seed),
      sleep: () => new Promise((done) => setImmediate(done)),
    }),
  };
}

async function submit(
  entries: { volunteerId: string; hours: number }[],
  date = '2026-10-12',
): Promise<RecordBody> {
  const answer = await invoke(postRecord, {
    routeKey: SUBMIT,
    body: { activity: { name: '河道清洁', date }, entries },
    caller: callers.admin,
    headers: { 'idempotency-key': nextKey() },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return recordOf(answer);
}

const approve = (id: string, key: string | null = nextKey(), caller: Caller | null = callers.admin) =>
  invoke(approveRecord, {
    routeKey: APPROVE,
    params: { id },
    ...(caller === null ? {} : { caller }),
    ...(key === null ? {} : { headers: { 'idempotency-key': key } }),
  });

const reverse = (id: string, key: string = nextKey(), reason = '活动未实际开展') =>
  invoke(reverseRecord, {
    routeKey: REVERSE,
    params: { id },
    body: { reason },
    caller: callers.admin,
    headers: { 'idempotency-key': key },
  });

const balanceOf = async (volunteerId: string) =>
  Number((await runtime.ledger.getAccount(volunteerId))?.balance);

async function movementsOf(volunteerId: string): Promise<Movement[]> {
  const result = await table.client.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: {
        ':pk': keys.volunteerAccount(volunteerId).pk,
        ':prefix': MOVEMENT_SORT_PREFIX,
      },
      ConsistentRead: true,
    }),
  );
  return (result.Items ?? []) as Movement[];
}

async function quartersOn(volunteerId: string, date: string): Promise<number | undefined> {
  const result = await table.client.send(
    new GetCommand({
      TableName: table.tableName,
      Key: keys.dailyHours(volunteerId, date),
      ConsistentRead: true,
    }),
  );
  return result.Item?.quarters as number | undefined;
}

async function openVolunteers(prefix: string, count: number, orgId = 'shichuan'): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, '0')}`);
  for (let start = 0; start < ids.length; start += 50) {
    await Promise.all(ids.slice(start, start + 50).map((id) => addProfile(runtime, { id, orgId })));
  }
  return ids;
}

beforeAll(async () => {
  table = await freshTable('approval');
  runtime = runtimeOn();
  installRuntime(runtime);
  const orgs = [
    { orgId: 'gaolan', name: '皋兰县', level: 'county' },
    { orgId: 'shichuan', name: '什川镇', level: 'town', parentId: 'gaolan' },
  ];
  for (const org of orgs) {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...keys.org(org.orgId), entity: ENTITY.org, ...org },
      }),
    );
  }
  await openVolunteers('v', 12);
});

afterAll(() => installRuntime(undefined));

describe('POST /v1/service-records/{id}/approve', () => {
  it('credits each entry once as an earn from issuance, and marks the record approved', async () => {
    const created = await submit([
      { volunteerId: 'v-000', hours: 2 },
      { volunteerId: 'v-001', hours: 0.25 },
    ]);

    const approved = await approve(created.id, 'approve-1');
    const shown = await invoke(getRecord, {
      routeKey: GET,
      params: { id: created.id },
      caller: callers.admin,
    });
    const [movement] = await movementsOf('v-000');

    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      id: created.id,
      status: 'approved',
      approvedBy: 'admin-1',
      approvedAt: expect.stringMatching(/^2026-11-01T/),
      pointsCredited: 23,
      entries: [
        { volunteerId: 'v-000', hours: 2, points: 20, credited: true, movementId: 'v-000.1' },
        { volunteerId: 'v-001', hours: 0.25, points: 3, credited: true, movementId: 'v-001.1' },
      ],
    });
    // Read whole, the record also names each volunteer, masked.
    const named = approved.body as { entries: Record<string, unknown>[] };
    expect(shown.body).toEqual({
      ...named,
      entries: named.entries.map((entry) => ({ ...entry, displayName: '志*者' })),
    });
    expect([await balanceOf('v-000'), await balanceOf('v-001')]).toEqual([20, 3]);
    expect(movement).toMatchObject({
      kind: 'earn',
      direction: 'credit',
      amount: 20,
      debit: SYSTEM_ACCOUNT.issuance,
      credit: 'volunteer:v-000',
      ref: `record:${created.id}`,
      actor: 'admin-1',
      orgId: 'shichuan',
      details: { hours: 2, serviceDate: '2026-10-12', recordId: created.id },
      memo: '河道清洁',
    });
    expect(await quartersOn('v-000', '2026-10-12')).toBe(8);
    // The passbook says the day the service was done, which is not the day it was approved.
    const passbook = await invoke(getLedger, {
      routeKey: 'GET /v1/volunteers/{id}/ledger',
      params: { id: 'v-000' },
      caller: callers.volunteer('v-000'),
    });
    expect((passbook.body.entries as Record<string, unknown>[])[0]).toMatchObject({
      kind: 'earn',
      amount: 20,
      memo: '河道清洁',
      details: { serviceDate: '2026-10-12', hours: 2 },
    });
  });

  it('replays the same key, refuses a new key with ALREADY_DECIDED, and never credits twice', async () => {
    const created = await submit([{ volunteerId: 'v-002', hours: 1 }]);

    const first = await approve(created.id, 'approve-twice');
    const replay = await approve(created.id, 'approve-twice');
    const fresh = await approve(created.id, 'approve-again');
    const rejectAfter = await invoke(rejectRecord, {
      routeKey: REJECT,
      params: { id: created.id },
      body: { reason: '晚了' },
      caller: callers.admin,
    });

    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect([fresh.status, fresh.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect([rejectAfter.status, rejectAfter.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect(await balanceOf('v-002')).toBe(10);
    expect(await movementsOf('v-002')).toHaveLength(1);
  });

  it('refuses a rejected record, other roles, a missing key and an unknown record', async () => {
    const created = await submit([{ volunteerId: 'v-003', hours: 1 }]);
    await invoke(rejectRecord, {
      routeKey: REJECT,
      params: { id: created.id },
      body: { reason: '重复提交' },
      caller: callers.admin,
    });
    const pending = await submit([{ volunteerId: 'v-003', hours: 1 }]);

    const afterReject = await approve(created.id);
    const cases: [Caller | null, string | null, number, string][] = [
      [callers.coordinator('shichuan'), nextKey(), 403, 'FORBIDDEN'],
      [callers.coordinator('gaolan'), nextKey(), 403, 'FORBIDDEN'],
      [callers.counter('S1'), nextKey(), 403, 'FORBIDDEN'],
      [callers.volunteer('v-003'), nextKey(), 403, 'FORBIDDEN'],
      [null, nextKey(), 401, 'UNAUTHENTICATED'],
      [callers.admin, null, 400, 'IDEMPOTENCY_KEY_MISSING'],
    ];
    for (const [caller, key, status, code] of cases) {
      const answer = await approve(pending.id, key, caller);
      expect([answer.status, answer.body.code], JSON.stringify(caller)).toEqual([status, code]);
    }
    const missing = await approve('no-such-record');

    expect([afterReject.status, afterReject.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    expect(await balanceOf('v-003')).toBe(0);
  });

  it('never lets a volunteer’s approved hours pass 24 on one day, across records', async () => {
    const day = '2026-10-20';
    const a = await submit([{ volunteerId: 'v-004', hours: 16 }], day);
    const b = await submit(
      [
        { volunteerId: 'v-004', hours: 10 },
        { volunteerId: 'v-005', hours: 10 },
      ],
      day,
    );
    const c = await submit([{ volunteerId: 'v-004', hours: 8 }], day);
    const d = await submit([{ volunteerId: 'v-004', hours: 0.25 }], day);
    const otherDay = await submit([{ volunteerId: 'v-004', hours: 10 }], '2026-10-21');

    const answers = [];
    for (const record of [a, b, c, d, otherDay]) answers.push(recordOf(await approve(record.id)));

    expect(answers[0]?.entries[0]).toMatchObject({ credited: true, points: 160 });
    expect(answers[1]?.entries).toEqual([
      { volunteerId: 'v-004', hours: 10, points: 0, credited: false, reason: 'over 24 hours that day' },
      expect.objectContaining({ volunteerId: 'v-005', points: 100, credited: true }),
    ]);
    expect(answers[1]?.pointsCredited).toBe(100);
    expect(answers[2]?.entries[0]).toMatchObject({ credited: true, points: 80 });
    expect(answers[3]?.entries[0]).toMatchObject({ credited: false, points: 0 });
    expect(answers[4]?.entries[0]).toMatchObject({ credited: true, points: 100 });
    expect(await balanceOf('v-004')).toBe(340);
    expect(await quartersOn('v-004', day)).toBe(96);
  });

  it('credits each entry exactly once when five approvals race with different keys', async () => {
    const volunteers = await openVolunteers('race', 20);
    const created = await submit(
      volunteers.map((volunteerId, index) => ({ volunteerId, hours: 1 + (index % 4) / 4 })),
    );

    const answers = await Promise.all(Array.from({ length: 5 }, () => approve(created.id)));

    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    for (const answer of answers.filter((one) => one.status === 409))
      expect(answer.body.code).toBe('ALREADY_DECIDED');
    for (const [index, volunteerId] of volunteers.entries()) {
      const movements = await movementsOf(volunteerId);
      expect(movements.map((movement) => movement.ref)).toEqual([`record:${created.id}`]);
      expect(await balanceOf(volunteerId)).toBe(created.entries[index]?.points);
    }
    const shown = recordOf(
      await invoke(getRecord, { routeKey: GET, params: { id: created.id }, caller: callers.admin }),
    );
    expect(shown.status).toBe('approved');
    expect(shown.entries.every((entry) => entry.credited === true)).toBe(true);
  });

  it.each([
    [20261101, undefined],
    [7, undefined],
    [4242, ['lost-response', 'transaction-conflict'] as FaultKind[]],
  ])(
    'credits each entry exactly once under injected faults (seed %i, %j), the client retrying with the same key',
    async (seed, kinds) => {
      const volunteers = await openVolunteers(`fault${seed}`, 40);
      const created = await submit(volunteers.map((volunteerId) => ({ volunteerId, hours: 1.5 })));
      const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
      const log = injectFaults(faulty, { seed, rate: 0.1, ...(kinds === undefined ? {} : { kinds }) });
      installRuntime(runtimeOn(faulty, seed));

      const seen: number[] = [];
      let final: Answer | undefined;
      try {
        for (let attempt = 0; attempt < 30; attempt += 1) {
          const answer = await approve(created.id, `approve-under-faults-${seed}`);
          seen.push(answer.status);
          if (answer.status !== 503) {
            final = answer;
            break;
          }
        }
      } finally {
        log.enabled = false;
        installRuntime(runtime);
      }

      expect(Object.values(log.injected).reduce((sum, count) => sum + count, 0)).toBeGreaterThan(5);
      expect(final?.status, JSON.stringify(seen)).toBe(200);
      expect(recordOf(final as Answer).entries.every((entry) => entry.credited === true)).toBe(true);
      for (const volunteerId of volunteers) {
        expect(await movementsOf(volunteerId)).toHaveLength(1);
        expect(await balanceOf(volunteerId)).toBe(15);
      }
      const report = await auditLedger(table.client, table.tableName);
      expect(report.problems).toEqual([]);
    },
  );

  it('resumes an approval that stopped half way, crediting the rest once', async () => {
    const volunteers = await openVolunteers('crash', 10);
    const created = await submit(volunteers.map((volunteerId) => ({ volunteerId, hours: 1 })));
    const crashing = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    let transactions = 0;
    crashing.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand') {
          transactions += 1;
          if (transactions > 4) throw new Error('the function ran out of time');
        }
        return next(args);
      },
      { step: 'initialize', name: 'crashAfterFour' },
    );
    installRuntime(runtimeOn(crashing, 5));
    const crashed = await approve(created.id, 'crashes');
    installRuntime(runtime);
    const midway = recordOf(
      await invoke(getRecord, { routeKey: GET, params: { id: created.id }, caller: callers.admin }),
    );
    const credited = (await Promise.all(volunteers.map(balanceOf))).filter((balance) => balance > 0).length;

    const resumed = await approve(created.id, 'resumes');
    const retried = await approve(created.id, 'crashes');

    expect(crashed.status).toBe(500);
    expect(midway.status).toBe('approving');
    expect(credited).toBeGreaterThan(0);
    expect(credited).toBeLessThan(10);
    expect(resumed.status).toBe(200);
    expect(retried.status).toBe(200);
    expect(retried.body).toEqual(resumed.body);
    for (const volunteerId of volunteers) expect(await movementsOf(volunteerId)).toHaveLength(1);
  });

  it('approves a record of 500 entries', async () => {
    const volunteers = await openVolunteers('bulk', 500);
    const created = await submit(volunteers.map((volunteerId) => ({ volunteerId, hours: 2.5 })));

    const startedMs = performance.now();
    const approved = await approve(created.id);
    const elapsedMs = performance.now() - startedMs;
    console.info(`500-entry approval took ${Math.round(elapsedMs)} ms on DynamoDB Local`);

    expect(approved.status).toBe(200);
    const body = recordOf(approved);
    expect(body.entries).toHaveLength(500);
    expect(body.entries.every((entry) => entry.credited === true && entry.points === 25)).toBe(true);
    expect(body.pointsCredited).toBe(12_500);
    const balances = await Promise.all(volunteers.map(balanceOf));
    expect(balances.reduce((sum, balance) => sum + balance, 0)).toBe(12_500);
  });
});

describe('POST /v1/service-records/{id}/reverse', () => {
  it('takes back credited points and hours with corrections, and reports points already spent', async () => {
    const day = '2026-10-25';
    const created = await submit(
      [
        { volunteerId: 'v-006', hours: 4 },
        { volunteerId: 'v-007', hours: 3 },
      ],
      day,
    );
    const approved = recordOf(await approve(created.id));
    // v-007 spends 25 of the 30 points before the mistake is found.
    await runtime.ledger.postMovement({
      draft: {
        kind: 'redeem',
        volunteerId: 'v-007',
        direction: 'debit',
        amount: 25,
        counterAccount: SYSTEM_ACCOUNT.store('S1'),
        ref: 'redemption:r1',
        actor: 'counter-S1',
      },
      idempotency: { scope: 'user:counter-S1', key: 'r1', fingerprint: 'r1' },
      respond: () => ({ status: 201, body: {} }),
    });

    const reversed = await reverse(created.id, 'reverse-1');
    const replay = await reverse(created.id, 'reverse-1');
    const again = await reverse(created.id, 'reverse-2');
    const original = recordOf(
      await invoke(getRecord, { routeKey: GET, params: { id: created.id }, caller: callers.admin }),
    );
    const [, correction] = await movementsOf('v-006');

    expect(reversed.status).toBe(201);
    expect(reversed.body).toMatchObject({
      status: 'reversal',
      reverses: created.id,
      reason: '活动未实际开展',
      entries: [
        { volunteerId: 'v-006', hours: 4, points: 40, reversed: true, movementId: 'v-006.2' },
        {
          volunteerId: 'v-007',
          hours: 3,
          points: 30,
          reversed: false,
          reason: 'the volunteer has already spent these points',
        },
      ],
    });
    expect(replay.body).toEqual(reversed.body);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect([again.status, again.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect(original).toMatchObject({ status: 'approved', reversedBy: reversed.body.id });
    expect(correction).toMatchObject({
      kind: 'adjust',
      direction: 'debit',
      amount: 40,
      corrects: approved.entries[0]?.movementId,
      ref: `reverses:${created.id}`,
      // The reversal names the service day it takes back, as the earn did.
      details: { hours: 4, serviceDate: day },
    });
    expect([await balanceOf('v-006'), await balanceOf('v-007')]).toEqual([0, 5]);
    expect([await quartersOn('v-006', day), await quartersOn('v-007', day)]).toEqual([0, 12]);

    // The hours given back are free again: v-006 can be credited a full day.
    const later = recordOf(await approve((await submit([{ volunteerId: 'v-006', hours: 24 }], day)).id));
    expect(later.entries[0]).toMatchObject({ credited: true, points: 240 });
  });

  it('refuses to reverse a record that is not approved', async () => {
    const pending = await submit([{ volunteerId: 'v-008', hours: 1 }]);
    const answer = await reverse(pending.id);
    expect([answer.status, answer.body.code]).toEqual([409, 'CONFLICT']);
    const missing = await reverse('no-such-record');
    expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
  });
});

describe('refusals are kept under their Idempotency-Key', () => {
  it('an approval refused as already decided, and a reversal refused while pending, answer the same again', async () => {
    const [volunteerId = ''] = await openVolunteers('kept', 1);
    const rejected = await submit([{ volunteerId, hours: 1 }], '2026-10-05');
    await invoke(rejectRecord, {
      routeKey: REJECT,
      params: { id: rejected.id },
      body: { reason: '重复提交' },
      caller: callers.admin,
    });
    const refusedApproval = await approve(rejected.id, 'kept-approve');
    const repeatedApproval = await approve(rejected.id, 'kept-approve');

    const pending = await submit([{ volunteerId, hours: 2 }], '2026-10-06');
    const refusedReversal = await reverse(pending.id, 'kept-reverse');
    // Once approved, a reversal with a new key would go through; the kept key still answers 409.
    expect((await approve(pending.id, 'approve-pending')).status).toBe(200);
    const balance = await balanceOf(volunteerId);
    const repeatedReversal = await reverse(pending.id, 'kept-reverse');

    expect([refusedApproval.status, refusedApproval.body.code]).toEqual([409, 'ALREADY_DECIDED']);
    expect(repeatedApproval.body).toEqual(refusedApproval.body);
    expect(repeatedApproval.headers['idempotent-replayed']).toBe('true');
    expect([refusedReversal.status, refusedReversal.body.code]).toEqual([409, 'CONFLICT']);
    expect(repeatedReversal.body).toEqual(refusedReversal.body);
    expect(repeatedReversal.headers['idempotent-replayed']).toBe('true');
    expect(await balanceOf(volunteerId)).toBe(balance);
    expect(balance).toBe(20);
  });
});
