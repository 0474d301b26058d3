import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDraw } from '../../functions/draws/get-draw';
import { handler as runDrawHandler } from '../../functions/draws/run-draw';
import { drawsDeps, drawsDepsOf } from '../../shared/draws/store/draws-deps';
import { commitDraw } from '../../shared/draws/use-cases/draws';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { LedgerStore } from '../../shared/ledger/store/ledger-store';
import { parseConfig } from '../../shared/platform/config';
import { createDocumentClient } from '../../shared/platform/dynamo/client';
import { ENTITY, keys, MOVEMENT_SORT_PREFIX, monthShard } from '../../shared/platform/dynamo/keys';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { injectFaults, seededRandom } from '../support/fault-injection';
import { callers, invoke } from '../support/http';
import { freshTable, type TestTable } from './support';

const PRIZE = 250;
const VOLUNTEERS = Array.from({ length: 40 }, (_, index) => `vol-${String(index).padStart(2, '0')}`);
const china = (local: string) => new Date(`${local}+08:00`);

let table: TestTable;
let runtime: Runtime;
let clock = china('2026-03-10T10:00:00');
const quickSleep = () => new Promise<void>((done) => setTimeout(done, 1));

function runtimeOn(client: TestTable['client'], ledger?: LedgerStore): Runtime {
  const built = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: client },
  );
  return { ...built, ...(ledger === undefined ? {} : { ledger }), now: () => clock };
}

/** Every month of the test gets the same volunteers with hours on two days. */
async function hoursFor(month: string): Promise<void> {
  for (const [index, volunteerId] of VOLUNTEERS.entries()) {
    for (const day of ['03', '17']) {
      const date = `${month}-${day}`;
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
            quarters: 1 + ((index * 7) % 30),
          },
        }),
      );
    }
  }
}

async function commit(month: string, winners: number): Promise<void> {
  clock = china(`${month}-10T10:00:00`);
  await commitDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, month, { winners, prizePoints: PRIZE, minHours: 0 });
  const [year, number] = month.split('-').map(Number);
  const next =
    number === 12 ? `${(year ?? 0) + 1}-01` : `${year}-${String((number ?? 0) + 1).padStart(2, '0')}`;
  clock = china(`${next}-01T01:00:00`);
}

/** Each volunteer's prize movements for the month, read straight from their passbook. */
async function prizeMovements(month: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const volunteerId of VOLUNTEERS) {
    const result = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :movement)',
        ExpressionAttributeValues: { ':pk': `VOL#${volunteerId}`, ':movement': MOVEMENT_SORT_PREFIX },
        ConsistentRead: true,
      }),
    );
    const prizes = (result.Items ?? []).filter(
      (item) => item.kind === 'prize' && item.ref === `draw:${month}`,
    );
    if (prizes.length > 0) found.set(volunteerId, prizes.length);
  }
  return found;
}

async function balances(): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (const volunteerId of VOLUNTEERS) {
    found.set(volunteerId, Number((await runtime.ledger.getAccount(volunteerId))?.balance));
  }
  return found;
}

/** Winners credited exactly once: one prize movement each, nobody else, balances moved by the prize. */
async function expectCreditedOnce(month: string, winners: readonly string[], before: Map<string, number>) {
  const movements = await prizeMovements(month);
  expect([...movements.keys()].sort()).toEqual([...winners].sort());
  for (const count of movements.values()) expect(count).toBe(1);
  const after = await balances();
  for (const volunteerId of VOLUNTEERS) {
    const gain = winners.includes(volunteerId) ? PRIZE : 0;
    expect(after.get(volunteerId), volunteerId).toBe((before.get(volunteerId) ?? 0) + gain);
  }
}

beforeAll(async () => {
  table = await freshTable('draws-concurrency');
  runtime = runtimeOn(table.client);
  installRuntime(runtime);
  for (const volunteerId of VOLUNTEERS) await runtime.ledger.openAccount(volunteerId);
  for (const month of ['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08'])
    await hoursFor(month);
});

afterAll(() => installRuntime(undefined));

describe('running a draw more than once', () => {
  it('pays 40 prizes in two transactions of 20 when every winner has an opened account', async () => {
    // Prepare: a client that counts what the run sends
    await commit('2026-08', 40);
    const before = await balances();
    const counted = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    const sent: string[] = [];
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        sent.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countCalls' },
    );
    // Act
    const result = await runDraw(drawsDeps(runtimeOn(counted)), SYSTEM_PRINCIPAL, '2026-08');
    // Assess
    expect(result.status).toBe('drawn');
    expect(sent.filter((name) => name === 'TransactWriteItems')).toHaveLength(2);
    await expectCreditedOnce(
      '2026-08',
      result.winners.map((winner) => winner.volunteerId),
      before,
    );
    counted.destroy();
  });

  it('gives five concurrent runs one result and credits each winner once', async () => {
    // Prepare
    await commit('2026-03', 12);
    const before = await balances();
    // Act
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        invoke(runDrawHandler, {
          routeKey: 'POST /v1/draws/{month}/run',
          params: { month: '2026-03' },
          caller: callers.admin,
        }),
      ),
    );
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(answers[0]?.body);
    }
    const winners = ((answers[0]?.body.winners ?? []) as { volunteerId: string }[]).map(
      (winner) => winner.volunteerId,
    );
    expect(winners).toHaveLength(12);
    await expectCreditedOnce('2026-03', winners, before);
  });

  it('resumes crediting after a run that stopped half-way, and the result stays the one first fixed', async () => {
    // Prepare: a ledger that declines to pay prizes together (so they go one by one) and fails
    // after three prizes, like a function that timed out
    await commit('2026-04', 10);
    const before = await balances();
    let posted = 0;
    const failing = new LedgerStore({
      client: table.client,
      tableName: table.tableName,
      now: () => new Date(),
    });
    failing.postMovementsTogether = async () => undefined;
    const original = failing.postMovement.bind(failing);
    failing.postMovement = async (input) => {
      posted += 1;
      if (posted > 3) throw new Error('function timed out');
      return original(input);
    };
    // Act
    const crashed = await runDraw(drawsDeps(runtimeOn(table.client, failing)), SYSTEM_PRINCIPAL, '2026-04', {
      creditConcurrency: 1,
    }).catch((error: unknown) => error);
    const halfWay = await invoke(getDraw, {
      routeKey: 'GET /v1/draws/{month}',
      params: { month: '2026-04' },
      caller: callers.volunteer('vol-01'),
    });
    const partly = await prizeMovements('2026-04');
    const resumed = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-04');
    // Assess
    expect(crashed).toBeInstanceOf(Error);
    expect(halfWay.body.status).toBe('drawing');
    expect(partly.size).toBe(3);
    expect(resumed.status).toBe('drawn');
    expect(resumed.winners).toEqual(halfWay.body.winners);
    expect(resumed.seed).toBe(halfWay.body.seed);
    await expectCreditedOnce(
      '2026-04',
      resumed.winners.map((winner) => winner.volunteerId),
      before,
    );
  });

  it('credits each winner once when DynamoDB loses requests and answers, conflicts and throttles', async () => {
    // Prepare: a separate client with faults chosen by a fixed seed
    await commit('2026-05', 15);
    const before = await balances();
    const faulty = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(faulty, { seed: 20_260_501, rate: 0.5 });
    const ledger = new LedgerStore({
      client: faulty,
      tableName: table.tableName,
      now: () => new Date(),
      random: seededRandom(7),
      sleep: quickSleep,
    });
    const flaky = drawsDepsOf(runtimeOn(faulty, ledger), { random: seededRandom(11), sleep: quickSleep });
    // Prizes four to a transaction, so that some transactions pay several and some fall back.
    const settings = { prizesPerTransaction: 4 };
    // Act: runs, retried until one answers, then more runs, two of them at once
    let result: Awaited<ReturnType<typeof runDraw>> | undefined;
    for (let attempt = 0; attempt < 40 && result === undefined; attempt += 1) {
      result = await runDraw(flaky, SYSTEM_PRINCIPAL, '2026-05', settings).catch(() => undefined);
    }
    const extra = await Promise.all(
      [0, 1, 2].map(() => runDraw(flaky, SYSTEM_PRINCIPAL, '2026-05', settings).catch(() => undefined)),
    );
    log.enabled = false;
    const clean = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-05');
    // Assess
    const injected = Object.values(log.injected).reduce((sum, count) => sum + count, 0);
    expect(injected).toBeGreaterThan(50);
    expect(log.injected['lost-response']).toBeGreaterThan(0);
    expect(result?.status).toBe('drawn');
    expect(clean).toEqual(result);
    for (const answer of extra) if (answer !== undefined) expect(answer).toEqual(result);
    await expectCreditedOnce(
      '2026-05',
      clean.winners.map((winner) => winner.volunteerId),
      before,
    );
    faulty.destroy();
  });

  it('pays each winner once when the run dies in the middle of its parallel payments, some of them committed but unanswered', async () => {
    // Prepare: 20 winners paid two to a transaction, 8 transactions at a time, over a client that
    // loses some answers (those pairs fall back to the ledger's single path, which retries); after
    // the 6th prize transaction has been sent the function "dies": every call from then on fails,
    // and the calls already under way commit or not, their answers lost
    await commit('2026-07', 20);
    const before = await balances();
    const dying = createDocumentClient({ endpoint: table.endpoint, region: 'local', maxAttempts: 1 });
    const log = injectFaults(dying, {
      seed: 20_260_701,
      rate: 0.2,
      kinds: ['lost-response', 'lost-request'],
      commands: ['TransactWriteItems', 'BatchGetItem'],
    });
    const coin = seededRandom(20_260_702);
    let prizesSent = 0;
    let inFlight = 0;
    let mostInFlight = 0;
    dying.middlewareStack.add(
      (next, context) => async (args) => {
        const prize = context.commandName === 'TransactWriteItemsCommand';
        if (prize) prizesSent += 1;
        if (prizesSent > 6) {
          // Dead: half of what is under way still lands, no answer comes back.
          if (prize && coin() < 0.5) await next(args);
          throw new Error('function timed out');
        }
        inFlight += prize ? 1 : 0;
        mostInFlight = Math.max(mostInFlight, inFlight);
        try {
          // Let the other payments start before this one is sent.
          if (prize) await new Promise((later) => setTimeout(later, 5));
          return await next(args);
        } finally {
          inFlight -= prize ? 1 : 0;
        }
      },
      { step: 'initialize', name: 'dieAfterSixPrizes', priority: 'low' },
    );
    const ledger = new LedgerStore({
      client: dying,
      tableName: table.tableName,
      now: () => new Date(),
      random: seededRandom(3),
      sleep: quickSleep,
    });
    // Act
    const crashed = await runDraw(
      drawsDepsOf(runtimeOn(dying, ledger), { random: seededRandom(5), sleep: quickSleep }),
      SYSTEM_PRINCIPAL,
      '2026-07',
      { creditConcurrency: 8, prizesPerTransaction: 2 },
    ).catch((error: unknown) => error);
    const halfWay = await invoke(getDraw, {
      routeKey: 'GET /v1/draws/{month}',
      params: { month: '2026-07' },
      caller: callers.volunteer('vol-01'),
    });
    const partly = await prizeMovements('2026-07');
    const resumed = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-07');
    const again = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-07');
    // Assess: payments really ran side by side, the run died with some but not all paid
    expect(mostInFlight).toBeGreaterThan(1);
    expect(log.injected['lost-response'] + log.injected['lost-request']).toBeGreaterThan(0);
    expect(crashed).toBeInstanceOf(Error);
    expect(halfWay.body.status).toBe('drawing');
    expect(partly.size).toBeGreaterThan(0);
    expect(partly.size).toBeLessThan(20);
    expect(resumed.status).toBe('drawn');
    expect(resumed.winners).toEqual(halfWay.body.winners);
    expect(resumed.entrantsHash).toBe(halfWay.body.entrantsHash);
    expect(again).toEqual(resumed);
    await expectCreditedOnce(
      '2026-07',
      resumed.winners.map((winner) => winner.volunteerId),
      before,
    );
    dying.destroy();
  });

  it('keeps one entrant list when runs race over a late approval: the pages of the list that lost are removed', async () => {
    // Prepare: run A collects its list, then waits at its fixing write while a late approval lands
    // and run B collects (with it), fixes and credits; then A goes on
    await commit('2026-06', 5);
    const late = 'vol-late';
    await runtime.ledger.openAccount(late);
    const lateDay = {
      ...keys.dailyHours(late, '2026-06-30'),
      ...keys.dailyHoursByMonth('2026-06', monthShard(late), late, '2026-06-30'),
      entity: ENTITY.dailyHours,
      volunteerId: late,
      date: '2026-06-30',
      month: '2026-06',
      quarters: 8,
    };
    const slow = createDocumentClient({ endpoint: table.endpoint, region: 'local' });
    let reached: () => void = () => undefined;
    const atGate = new Promise<void>((done) => {
      reached = done;
    });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((done) => {
      release = done;
    });
    let held = false;
    slow.middlewareStack.add(
      (next, context) => async (args) => {
        if (!held && String(context.commandName).startsWith('UpdateItem')) {
          held = true;
          reached();
          await gate;
        }
        return next(args);
      },
      { step: 'initialize', name: 'holdFirstUpdate', priority: 'high' },
    );
    // Act
    const runA = runDraw(drawsDeps(runtimeOn(slow)), SYSTEM_PRINCIPAL, '2026-06');
    await atGate;
    await table.client.send(new PutCommand({ TableName: table.tableName, Item: lateDay }));
    const second = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-06');
    release();
    const first = await runA;
    const pages = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.drawPartition('2026-06'), ':prefix': 'ENTRANTS#' },
        ConsistentRead: true,
      }),
    );
    // Assess
    expect(second.entrants?.some((entrant) => entrant.volunteerId === late)).toBe(true);
    expect(first).toEqual(second);
    expect(new Set((pages.Items ?? []).map((page) => page.entrantsHash))).toEqual(
      new Set([second.entrantsHash]),
    );
    slow.destroy();
  });
});
