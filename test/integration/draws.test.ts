import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as getDraw } from '../../functions/draws/get-draw';
import { handler as getDrawEntrants } from '../../functions/draws/get-draw-entrants';
import { handler as putDraw } from '../../functions/draws/put-draw';
import { handler as runDrawHandler } from '../../functions/draws/run-draw';
import { handler as monthlyDrawJob } from '../../functions/draws/run-monthly-draw';
import { verifyPublishedDraw } from '../../scripts/draw-verify';
import { commitmentOf, drawWinners, entrantsHash } from '../../shared/draws/rules/draw';
import { drawsDeps } from '../../shared/draws/store/draws-deps';
import { commitDraw } from '../../shared/draws/use-cases/draws';
import { runDraw } from '../../shared/draws/use-cases/draws-run';
import { parseConfig } from '../../shared/platform/config';
import { ENTITY, keys, monthShard } from '../../shared/platform/dynamo/keys';
import { SYSTEM_PRINCIPAL } from '../../shared/platform/principal';
import { buildRuntime, installRuntime, type Runtime } from '../../shared/platform/runtime';
import { type Caller, callers, invoke } from '../support/http';
import { addProfile } from '../support/volunteers';
import { freshTable, type TestTable } from './support';

const PUT = 'PUT /v1/draws/{month}';
const RUN = 'POST /v1/draws/{month}/run';
const GET = 'GET /v1/draws/{month}';
const ENTRANTS = 'GET /v1/draws/{month}/entrants';

let table: TestTable;
let runtime: Runtime;
/** The runtime's clock; each test sets the instant it acts at. */
let clock = new Date('2026-09-15T04:00:00Z');
/** An instant in China time, written as local wall-clock time. */
const china = (local: string) => new Date(`${local}+08:00`);

/** `null` sends no token at all. */
const put = (month: string, body: unknown, caller: Caller | null = callers.admin) =>
  invoke(putDraw, { routeKey: PUT, params: { month }, body, ...(caller === null ? {} : { caller }) });
const run = (month: string, caller: Caller = callers.admin) =>
  invoke(runDrawHandler, { routeKey: RUN, params: { month }, caller });
const get = (month: string, caller: Caller | null = callers.volunteer('v-an')) =>
  invoke(getDraw, { routeKey: GET, params: { month }, ...(caller === null ? {} : { caller }) });
const entrantsPage = (month: string, page: number) =>
  invoke(getDrawEntrants, {
    routeKey: ENTRANTS,
    params: { month },
    query: { page: String(page) },
    caller: callers.counter('S1'),
  });

/** A day's approved hours as the service-record approval writes them, with the month index keys. */
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
        updatedAt: '2026-09-30T00:00:00.000Z',
      },
    }),
  );
}

async function balance(volunteerId: string): Promise<number> {
  return Number((await runtime.ledger.getAccount(volunteerId))?.balance);
}

async function storedSeed(month: string): Promise<string> {
  const item = await table.client.send(
    new GetCommand({ TableName: table.tableName, Key: keys.draw(month), ConsistentRead: true }),
  );
  return String(item.Item?.seed);
}

const VOLUNTEERS = ['v-an', 'v-bo', 'v-chen', 'v-du', 'v-er', 'v-fang', 'v-gu'];

beforeAll(async () => {
  table = await freshTable('draws');
  const built = buildRuntime(
    parseConfig({ STAGE: 'local', TABLE_NAME: table.tableName, DYNAMODB_ENDPOINT: table.endpoint }),
    { client: table.client },
  );
  runtime = { ...built, now: () => clock };
  installRuntime(runtime);
  for (const volunteerId of VOLUNTEERS) await runtime.ledger.openAccount(volunteerId);
  // September 2026: an 6 h over three days, bo 0.5 h, chen 10 h, fang 4 h, gu 1 h;
  // du served only in October, er's only day was taken back to zero.
  await putHours('v-an', '2026-09-01', 8);
  await putHours('v-an', '2026-09-14', 12);
  await putHours('v-an', '2026-09-30', 4);
  await putHours('v-bo', '2026-09-03', 2);
  await putHours('v-chen', '2026-09-20', 40);
  await putHours('v-du', '2026-10-01', 16);
  await putHours('v-er', '2026-09-09', 0);
  await putHours('v-fang', '2026-09-10', 16);
  await putHours('v-gu', '2026-09-11', 4);
});

afterAll(() => installRuntime(undefined));

describe('PUT /v1/draws/{month}', () => {
  it('commits the draw and publishes only the commitment to the seed', async () => {
    // Prepare
    clock = china('2026-09-15T12:00:00');
    // Act
    const committed = await put('2026-09', { winners: 3, prizePoints: 500, minHours: 0.5 });
    const seen = await get('2026-09');
    // Assess
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({
      month: '2026-09',
      status: 'committed',
      winners: 3,
      prizePoints: 500,
      minHours: 0.5,
      revision: 1,
      drawableFrom: '2026-09-30T16:00:00.000Z',
    });
    const seed = await storedSeed('2026-09');
    expect(committed.body.commitment).toBe(commitmentOf(seed));
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual(committed.body);
    expect(seen.body).not.toHaveProperty('seed');
    expect(JSON.stringify([committed.body, seen.body])).not.toContain(seed);
  });

  it('changes the parameters while the month lasts and keeps the seed; the same PUT again changes nothing', async () => {
    // Prepare
    clock = china('2026-09-30T23:59:00');
    const before = await get('2026-09');
    // Act
    const changed = await put('2026-09', { winners: 2, prizePoints: 500, minHours: 1 });
    const again = await put('2026-09', { winners: 2, prizePoints: 500, minHours: 1 });
    // Assess
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ winners: 2, minHours: 1, revision: 2 });
    expect(changed.body.commitment).toBe(before.body.commitment);
    expect(again.body).toEqual(changed.body);
  });

  it('refuses bad parameters and callers other than the admin', async () => {
    // Prepare
    clock = china('2026-09-20T12:00:00');
    const good = { winners: 1, prizePoints: 10 };
    // Act
    const answers = await Promise.all([
      put('2026-09', { ...good, winners: 0 }),
      put('2026-09', { ...good, winners: 1001 }),
      put('2026-09', { ...good, prizePoints: 100_001 }),
      put('2026-09', { ...good, minHours: 0.3 }),
      put('2026-09', { ...good, minHours: -1 }),
      put('2026-09', { ...good, extra: true }),
      put('2026-13', good),
    ]);
    const coordinator = await put('2026-09', good, callers.coordinator('gaolan'));
    const stranger = await put('2026-09', good, null);
    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('VALIDATION_FAILED');
    }
    expect(coordinator.status).toBe(403);
    expect(stranger.status).toBe(401);
  });

  it('refuses a change once the month has ended: the draw is fixed', async () => {
    // Prepare
    clock = china('2026-10-01T00:00:00');
    // Act
    const late = await put('2026-09', { winners: 5, prizePoints: 500 });
    const neverCommitted = await put('2026-08', { winners: 5, prizePoints: 500 });
    // Assess
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'CONFLICT', detail: 'The month has ended; the draw is fixed' });
    expect(neverCommitted.status).toBe(409);
    expect((await get('2026-09')).body).toMatchObject({ winners: 2, revision: 2 });
  });
});

describe('POST /v1/draws/{month}/run', () => {
  it('is not ready before the month has ended, nor without a commitment', async () => {
    // Prepare
    clock = china('2026-09-30T23:59:59');
    // Act
    const early = await run('2026-09');
    clock = china('2026-10-02T09:00:00');
    const uncommitted = await run('2026-08');
    const asVolunteer = await run('2026-09', callers.volunteer('v-an'));
    // Assess
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'DRAW_NOT_READY', reason: 'month-not-ended' });
    expect(uncommitted.status).toBe(409);
    expect(uncommitted.body).toMatchObject({ code: 'DRAW_NOT_READY', reason: 'not-committed' });
    expect(asVolunteer.status).toBe(403);
    expect((await get('2026-09')).body.status).toBe('committed');
  });

  it('draws from the month index, reveals the seed and credits each winner once', async () => {
    // Prepare
    clock = china('2026-10-01T01:00:00');
    const commitment = (await get('2026-09')).body.commitment;
    // Act
    const drawn = await run('2026-09');
    // Assess: entrants are the September volunteers with at least 1 hour, tickets in quarter-hours
    expect(drawn.status).toBe(200);
    const entrants = [
      { volunteerId: 'v-an', tickets: 24 },
      { volunteerId: 'v-chen', tickets: 40 },
      { volunteerId: 'v-fang', tickets: 16 },
      { volunteerId: 'v-gu', tickets: 4 },
    ];
    const seed = await storedSeed('2026-09');
    const winners = drawWinners(seed, entrants, 2).winners;
    expect(drawn.body).toMatchObject({
      month: '2026-09',
      status: 'drawn',
      seed,
      commitment,
      algorithm: 'efraimidis-spirakis-hmac-sha256/v1',
      entrantsHash: entrantsHash(entrants),
      entrantCount: 4,
      totalTickets: 84,
      entrantsInline: true,
      entrants,
      entrantPageCount: 1,
      entrantsPath: '/v1/draws/2026-09/entrants',
      winners,
      winnerCount: 2,
      prizePoints: 500,
      minHours: 1,
      drawnAt: clock.toISOString(),
    });
    expect(commitmentOf(seed)).toBe(commitment);
    for (const volunteerId of VOLUNTEERS) {
      const won = winners.some((winner) => winner.volunteerId === volunteerId);
      expect(await balance(volunteerId), volunteerId).toBe(won ? 500 : 0);
    }
    expect(verifyPublishedDraw(drawn.body).code).toBe(0);
  });

  it('answers the same result when run again and credits nothing more', async () => {
    // Prepare
    clock = china('2026-10-03T10:00:00');
    const first = await get('2026-09');
    const balances = await Promise.all(VOLUNTEERS.map(balance));
    // Act
    const again = await run('2026-09');
    const thrice = await run('2026-09');
    // Assess
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(thrice.body).toEqual(first.body);
    expect(await Promise.all(VOLUNTEERS.map(balance))).toEqual(balances);
  });
});

describe('GET /v1/draws/{month}', () => {
  it("publishes each winner's name masked beside the id, when the volunteer has a profile", async () => {
    const drawn = (await get('2026-09')).body as { winners: { volunteerId: string }[] };
    const named = drawn.winners[0]?.volunteerId ?? '';
    await addProfile(runtime, { id: named, orgId: 'gaolan', name: '谭成华' });
    const after = (await get('2026-09')).body as { winners: { volunteerId: string; displayName?: string }[] };
    expect(after.winners.map((winner) => winner.displayName)).toEqual(
      after.winners.map((winner) => (winner.volunteerId === named ? '谭*华' : undefined)),
    );
  });

  it('shows the whole result to any signed-in user once drawn, and 404 for a month without a draw', async () => {
    // Act
    const asCounter = await get('2026-09', callers.counter('S1'));
    const asCoordinator = await get('2026-09', callers.coordinator('gaolan'));
    const anonymous = await get('2026-09', null);
    const none = await get('2025-01');
    // Assess
    expect(asCounter.status).toBe(200);
    expect(asCounter.body).toMatchObject({ status: 'drawn', entrantCount: 4 });
    expect(asCounter.body.seed).toMatch(/^[0-9a-f]{64}$/);
    expect(asCoordinator.body).toEqual(asCounter.body);
    expect(anonymous.status).toBe(401);
    expect(none.status).toBe(404);
  });

  it('hands a long entrant list out in pages that verify against the published hash', async () => {
    // Prepare: 30 entrants in July, stored in pages of at most 64 bytes
    clock = china('2026-07-10T10:00:00');
    for (let index = 0; index < 30; index += 1) {
      await runtime.ledger.openAccount(`p-${String(index).padStart(2, '0')}`);
      await putHours(
        `p-${String(index).padStart(2, '0')}`,
        `2026-07-${String(1 + (index % 28)).padStart(2, '0')}`,
        1 + index,
      );
    }
    await commitDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-07', {
      winners: 3,
      prizePoints: 1,
      minHours: 0,
    });
    const notYet = await entrantsPage('2026-07', 0);
    clock = china('2026-08-01T01:00:00');
    // Act
    const result = await runDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-07', {
      inlineEntrantsMax: 10,
      pageBytesMax: 64,
    });
    const published = await get('2026-07');
    const pages = [];
    for (let page = 0; page < result.entrantPageCount; page += 1)
      pages.push(await entrantsPage('2026-07', page));
    const beyond = await entrantsPage('2026-07', result.entrantPageCount);
    // Assess
    expect(notYet.status).toBe(409);
    expect(result.entrantsInline).toBe(false);
    expect(result).not.toHaveProperty('entrants');
    expect(result.entrantCount).toBe(30);
    expect(result.entrantPageCount).toBeGreaterThan(3);
    expect(pages.every((page) => page.status === 200)).toBe(true);
    const assembled = pages.flatMap((page) => page.body.entrants as unknown[]);
    expect(assembled).toEqual(published.body.entrants);
    expect(
      verifyPublishedDraw(
        result,
        pages.map((page) => page.body),
      ).code,
    ).toBe(0);
    expect(beyond.status).toBe(404);
  });
});

describe('the monthly schedule', () => {
  it('runs the month before, by China time, when the event names no month', async () => {
    // Prepare: October's draw, committed in October; the job fires at 01:00 on 1 November (China)
    clock = china('2026-10-20T09:00:00');
    await commitDraw(drawsDeps(runtime), SYSTEM_PRINCIPAL, '2026-10', {
      winners: 1,
      prizePoints: 80,
      minHours: 0,
    });
    clock = china('2026-11-01T01:00:00');
    // Act
    const summary = await monthlyDrawJob({});
    const repeated = await monthlyDrawJob({ 'detail-type': 'Scheduled Event' });
    // Assess
    expect(summary).toMatchObject({ month: '2026-10', status: 'drawn', entrants: 1, winners: 1 });
    expect(repeated).toEqual(summary);
    expect(await balance('v-du')).toBe(80);
    expect((await get('2026-10')).body).toMatchObject({
      status: 'drawn',
      winners: [{ volunteerId: 'v-du', tickets: 16 }],
    });
  });

  it('skips a month without a commitment, runs a month named in the event, and refuses a bad event', async () => {
    // Prepare
    clock = china('2026-12-01T01:00:00');
    // Act
    const skipped = await monthlyDrawJob(undefined);
    const named = await monthlyDrawJob({ month: '2026-09' });
    // Assess
    expect(skipped).toEqual({ month: '2026-11', status: 'skipped', reason: 'not-committed' });
    expect(named).toMatchObject({ month: '2026-09', status: 'drawn', entrants: 4, winners: 2 });
    await expect(monthlyDrawJob({ month: 'November' })).rejects.toThrow(/YYYY-MM/);
  });
});
