/**
 * The monthly draw end to end on DynamoDB Local: 100,000 entrants' approved hours in the month
 * index, and the draw run as the monthly job runs it (functions/draws/run-monthly-draw.ts, in this
 * process, against the API's counted client): collect the entrants from the 16 index shards,
 * freeze the hashed entrant list in pages, draw, credit every winner once through the ledger,
 * mark the draw drawn. The baseline is the one thing the draw cannot skip: a plain paginated query
 * of the same index items (16 shards in parallel, the same projection), sent from the generator.
 */
import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalEntrants, commitmentOf, drawWinners, type Entrant } from '../shared/draws/rules/draw';
import { ENTITY, keys, MONTH_SHARDS, monthShard } from '../shared/platform/dynamo/keys';
import type { DynamoOp } from './generator';
import type { Generator, Stack } from './harness';

/** A month long over, so the draw may run. */
export const DRAW_MONTH = '2026-01';
const DRAW_DATE = '2026-01-17';
const WINNERS = 100;
const PRIZE_POINTS = 50;
/** A fixed seed: the bench knows the winners in advance and opens only their accounts. */
const SEED = 'a1'.repeat(32);

export interface DrawFixture {
  entrants: number;
  winners: string[];
  seedSeconds: number;
}

/** Volunteer ids of 20 characters, like the product's generated ones. */
const entrantId = (index: number): string => `dv${index.toString(36).padStart(6, '0')}${'k'.repeat(12)}`;

/**
 * Seeds `count` entrants' hours (one day each, 1 to 24 quarter-hours) into the month index, then
 * runs the draw and its baseline once, uncounted, to warm both up.
 */
export async function prepareDraw(stack: Stack, generator: Generator, count: number): Promise<DrawFixture> {
  const started = performance.now();
  const list: Entrant[] = [];
  const ops: DynamoOp[] = [];
  let batch: unknown[] = [];
  const at = '2026-01-17T10:00:00.000Z';
  for (let index = 0; index < count; index += 1) {
    const volunteerId = entrantId(index);
    const quarters = 1 + ((index * 7919) % 24);
    list.push({ volunteerId, tickets: quarters });
    batch.push({
      PutRequest: {
        Item: {
          ...keys.dailyHours(volunteerId, DRAW_DATE),
          entity: ENTITY.dailyHours,
          volunteerId,
          date: DRAW_DATE,
          month: DRAW_MONTH,
          ...keys.dailyHoursByMonth(DRAW_MONTH, monthShard(volunteerId), volunteerId, DRAW_DATE),
          updatedAt: at,
          quarters,
        },
      },
    });
    if (batch.length === 25 || index === count - 1) {
      ops.push({ command: 'BatchWrite', input: { RequestItems: { [stack.tableName]: batch } } });
      batch = [];
    }
  }
  const seeded = await generator.run({ kind: 'dynamo', endpoint: stack.endpoint, concurrency: 8, ops });
  if (seeded.failures > 0) throw new Error(`seeding the draw: ${seeded.failureSamples.join('; ')}`);
  const winners = drawWinners(SEED, canonicalEntrants(list), WINNERS).winners.map(
    (winner) => winner.volunteerId,
  );
  for (const volunteerId of winners)
    await stack.runtime.ledger.openAccount(volunteerId, { orgId: 'bench-county' });
  const fixture = { entrants: count, winners, seedSeconds: (performance.now() - started) / 1000 };
  // One run of each side that is not counted, as every other workload has (JIT, connections).
  await drawWorkload(stack, generator, fixture);
  return fixture;
}

/** Puts the month's draw back to `committed` and forgets its prizes, so it can run again. */
async function resetDraw(stack: Stack, fixture: DrawFixture): Promise<void> {
  const at = new Date().toISOString();
  await stack.directClient.send(
    new PutCommand({
      TableName: stack.tableName,
      Item: {
        ...keys.draw(DRAW_MONTH),
        entity: ENTITY.draw,
        month: DRAW_MONTH,
        status: 'committed',
        seed: SEED,
        commitment: commitmentOf(SEED),
        winnerCount: WINNERS,
        prizePoints: PRIZE_POINTS,
        minHours: 0,
        revision: 1,
        committedAt: at,
        committedBy: 'bench-admin',
        updatedAt: at,
        updatedBy: 'bench-admin',
      },
    }),
  );
  for (let start = 0; start < fixture.winners.length; start += 25) {
    await stack.directClient.send(
      new BatchWriteCommand({
        RequestItems: {
          [stack.tableName]: fixture.winners.slice(start, start + 25).map((volunteerId) => ({
            DeleteRequest: { Key: keys.idempotencyMarker(`draw:${DRAW_MONTH}`, volunteerId) },
          })),
        },
      }),
    );
  }
}

export interface DrawMeasured {
  ms: number;
  baselineMs: number;
  entrants: number;
  baselineItems: number;
  calls: Record<string, number>;
  /** Our run's phases: the index query, the list and the draw in memory, the pages, the prizes. */
  phases: { queryMs: number; listAndDrawMs: number; pagesMs: number; creditsMs: number };
}

export async function drawWorkload(
  stack: Stack,
  generator: Generator,
  fixture: DrawFixture,
): Promise<DrawMeasured> {
  await resetDraw(stack, fixture);
  const { handler } = await import('../functions/draws/run-monthly-draw');
  stack.apiCalls.reset();
  stack.apiCalls.durations.length = 0;
  const started = performance.now();
  const summary = await handler({ month: DRAW_MONTH });
  const ms = performance.now() - started;
  if (summary.status !== 'drawn' || summary.entrants !== fixture.entrants)
    throw new Error(`the draw answered ${JSON.stringify(summary)}`);
  const calls = Object.fromEntries(stack.apiCalls.calls);
  // Where the time went, from the calls' own start and end times.
  const span = (names: string[]) => {
    const mine = stack.apiCalls.durations.filter((entry) => names.includes(entry.name));
    const first = Math.min(...mine.map((entry) => entry.startMs));
    const last = Math.max(...mine.map((entry) => entry.startMs + entry.ms));
    return { first: first - started, last: last - started };
  };
  const query = span(['Query']);
  const pages = span(['PutItem']);
  const credits = span(['BatchGetItem', 'TransactWriteItems']);
  const phases = {
    queryMs: Math.round(query.last - query.first),
    listAndDrawMs: Math.round(pages.first - query.last),
    pagesMs: Math.round(pages.last - pages.first),
    creditsMs: Math.round(credits.last - credits.first),
  };
  const baseline = await generator.run({
    kind: 'dynamo',
    endpoint: stack.endpoint,
    concurrency: MONTH_SHARDS,
    ops: Array.from({ length: MONTH_SHARDS }, (_, shard) => ({
      command: 'Query',
      pagesMax: 100_000,
      input: {
        TableName: stack.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.dailyHoursByMonthPartition(DRAW_MONTH, shard) },
        ProjectionExpression: 'entity, volunteerId, quarters',
      },
    })),
  });
  if (baseline.failures > 0)
    throw new Error(`the baseline query failed: ${baseline.failureSamples.join('; ')}`);
  return {
    ms,
    baselineMs: baseline.seconds * 1000,
    entrants: fixture.entrants,
    baselineItems: baseline.items,
    calls,
    phases,
  };
}

/**
 * Alone: `node --import tsx bench/draw-e2e.ts [--runs 3] [--entrants 100000] [--json]` seeds the
 * month index once, then runs ours and the baseline `runs` times and prints the medians.
 */
async function main(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { startGenerator, startStack } = await import('./harness');
  const { median, round } = await import('./stats');
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      entrants: { type: 'string', default: '100000' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const runs = Math.max(1, Math.min(10, Number(values.runs) || 3));
  const stack = await startStack();
  const generator = startGenerator();
  try {
    const fixture = await prepareDraw(stack, generator, Number(values.entrants) || 100_000);
    const measured: DrawMeasured[] = [];
    for (let run = 0; run < runs; run += 1) {
      const figures = await drawWorkload(stack, generator, fixture);
      measured.push(figures);
      if (!values.json)
        process.stderr.write(
          `run ${run + 1}/${runs}: ours ${round(figures.ms, 0)} ms, baseline ${round(figures.baselineMs, 0)} ms, ${round(figures.ms / figures.baselineMs, 2)}× ${JSON.stringify(figures.phases)}\n`,
        );
    }
    const pick = (select: (entry: DrawMeasured) => number) => median(measured.map(select));
    const summary = {
      entrants: fixture.entrants,
      runs,
      ms: round(
        pick((entry) => entry.ms),
        0,
      ),
      baselineMs: round(
        pick((entry) => entry.baselineMs),
        0,
      ),
      ratio: round(
        pick((entry) => entry.ms / entry.baselineMs),
        2,
      ),
      phases: {
        queryMs: pick((entry) => entry.phases.queryMs),
        listAndDrawMs: pick((entry) => entry.phases.listAndDrawMs),
        pagesMs: pick((entry) => entry.phases.pagesMs),
        creditsMs: pick((entry) => entry.phases.creditsMs),
      },
      calls: measured[0]?.calls ?? {},
      perRun: measured.map((entry) => ({ ms: round(entry.ms, 0), baselineMs: round(entry.baselineMs, 0) })),
    };
    console.log(JSON.stringify(summary, null, values.json ? undefined : 2));
  } finally {
    await generator.stop();
    await stack.stop();
  }
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href
)
  await main();
