/**
 * `npm run bench [-- --json] [-- --runs N] [-- --skip balance|redeem|earn|orders|rally|bundles|draw]`: how fast, how
 * costly and how it grows, each figure a ratio against a baseline measured in the same run on the
 * same DynamoDB Local. Throughput and latency figures are medians over the runs; see bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DYNAMODB_ON_DEMAND as PRICE } from '../scripts/cost/prices';
import { measureBundles } from './cold-start';
import { type DrawMeasured, drawWorkload, prepareDraw } from './draw-e2e';
import { startGenerator, startStack } from './harness';
import { recordMeasuredUnits } from './measured-units';
import { acceptWorkload, orderCostSamples, prepareOrders, queueWorkload } from './orders';
import { prepareRally, RALLY_VOLUNTEERS, type RallyMeasured, rallyWorkload } from './rally';
import { median, round } from './stats';
import { costPerMillion } from './units';
import {
  balanceWorkload,
  type CostPerOp,
  costSamples,
  earnWorkload,
  type Measured,
  prepare,
  redeemWorkload,
  SKUS,
} from './workloads';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    skip: { type: 'string', multiple: true, default: [] },
    'draw-entrants': { type: 'string', default: '100000' },
  },
  strict: true,
});
const runs = Math.max(1, Math.min(10, Number(values.runs) || 3));
const skip = new Set(values.skip);
const startedMs = performance.now();
const progress = (line: string) => {
  if (!values.json) process.stderr.write(`${((performance.now() - startedMs) / 1000).toFixed(0)}s ${line}\n`);
};

/** Operations per run (bounded: every run ends in well under a minute). */
const BALANCE_OPS = 2000;
const REDEEM_OPS = 1000;
const REDEEM5_OPS = 600;

function summarize(measured: Measured[]) {
  const pick = (select: (entry: Measured) => number) => median(measured.map(select));
  const first = measured[0];
  return {
    opsPerSec: round(pick((entry) => entry.ours.opsPerSec)),
    p50Ms: round(pick((entry) => entry.ours.p50Ms)),
    p99Ms: round(pick((entry) => entry.ours.p99Ms)),
    baselineOpsPerSec: round(pick((entry) => entry.baseline.opsPerSec)),
    baselineP50Ms: round(pick((entry) => entry.baseline.p50Ms)),
    baselineP99Ms: round(pick((entry) => entry.baseline.p99Ms)),
    /** The median of each run's ours ÷ baseline. */
    ratio: round(
      pick((entry) => entry.ours.opsPerSec / entry.baseline.opsPerSec),
      2,
    ),
    p99Ratio: round(
      pick((entry) => entry.ours.p99Ms / entry.baseline.p99Ms),
      2,
    ),
    callsPerOp: round(
      pick((entry) => entry.callsPerOp),
      2,
    ),
    readCallsPerOp: round(
      pick((entry) => entry.readCallsPerOp),
      2,
    ),
    writeCallsPerOp: round(
      pick((entry) => entry.writeCallsPerOp),
      2,
    ),
    calls: first?.calls ?? {},
    itemsPerOp: round(
      pick((entry) => entry.itemsPerOp),
      2,
    ),
    itemBytes: first?.itemBytes ?? [],
    writeUnitsPerOp: round(
      pick((entry) => entry.writeUnitsPerOp),
      2,
    ),
    tableWriteUnitsPerOp: round(
      pick((entry) => entry.tableWriteUnitsPerOp),
      2,
    ),
    indexWriteUnitsPerOp: round(
      pick((entry) => entry.indexWriteUnitsPerOp),
      2,
    ),
    readUnitsPerOp: round(
      pick((entry) => entry.readUnitsPerOp),
      2,
    ),
    failures: measured.reduce((sum, entry) => sum + entry.ours.failures, 0),
    baselineFailures: measured.reduce((sum, entry) => sum + entry.baseline.failures, 0),
    failureSamples: [...measured.flatMap((entry) => entry.ours.failureSamples)].slice(0, 3),
    baselineFailureSamples: [...measured.flatMap((entry) => entry.baseline.failureSamples)].slice(0, 3),
    runs: measured.length,
    perRun: measured.map((entry) => ({
      opsPerSec: round(entry.ours.opsPerSec),
      baselineOpsPerSec: round(entry.baseline.opsPerSec),
      p99Ms: round(entry.ours.p99Ms),
      baselineP99Ms: round(entry.baseline.p99Ms),
    })),
  };
}

const withCost = (summary: ReturnType<typeof summarize>) => ({
  ...summary,
  costPerMillionUsd: round(
    costPerMillion(
      { writeUnits: summary.writeUnitsPerOp, readUnits: summary.readUnitsPerOp },
      { writePerMillion: PRICE.writePerMillion, readPerMillion: PRICE.readPerMillion },
    ),
    2,
  ),
});

/**
 * The busiest single partition of each workload at the throughput just measured, in units per
 * second, against DynamoDB's per-partition limits (1,000 write units, 3,000 read units a second).
 */
function hotSpots(figures: Record<string, unknown>) {
  const perSecond = (name: string) => (figures[name] as { opsPerSec?: number } | undefined)?.opsPerSec ?? 0;
  const shards = 16;
  const costs = figures.costs as
    | { coordinatorBalance?: { readUnitsPerOp: number }; coordinatorBalanceCold?: { readUnitsPerOp: number } }
    | undefined;
  return {
    limits: { writeUnitsPerSecond: 1000, readUnitsPerSecond: 3000 },
    redeem: {
      'STORE#{s} (all stock items of the store; 2 WCU per line)': round(perSecond('redeem') * 2, 1),
      'STORE#{s} at 5 lines': round(perSecond('redeem5') * 5 * 2, 1),
      [`one SKU item (of ${SKUS}, taken in turn)`]: round(((perSecond('redeem') * 1) / SKUS) * 2, 2),
      'gsi1 STOREDAY#{s}#{date} (1 WCU per redemption)': round(perSecond('redeem'), 1),
      'gsi2 MOVMONTH#{month}#{shard} (16 shards)': round(perSecond('redeem') / shards, 1),
    },
    earn: {
      'gsi2 MOVMONTH#{month}#{shard} (16 shards)': round(perSecond('earn') / shards, 1),
      'gsi1 HOURS#{month}#{shard} (16 shards)': round(perSecond('earn') / shards, 1),
      'VOL#{v} (one entry per volunteer)': 'one transaction per volunteer per approval',
    },
    balance: {
      'VOL#{v}/ACCOUNT (1 RCU per read)': round(perSecond('balance') / 200, 1),
      "ORGS/ORG#{o} (a coordinator's walk up to their organisation, remembered 60 s per process)":
        costs?.coordinatorBalance === undefined || costs.coordinatorBalanceCold === undefined
          ? undefined
          : {
              coldReadUnitsPerRequest: round(costs.coordinatorBalanceCold.readUnitsPerOp - 1, 1),
              warmReadUnitsPerRequest: round(costs.coordinatorBalance.readUnitsPerOp - 1, 1),
            },
    },
  };
}

const result: Record<string, unknown> = {};
/** The draw at county scale in one process (bench/draw-scale.ts), in a child of its own. */
function drawScale() {
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', new URL('./draw-scale.ts', import.meta.url).pathname],
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 300_000 },
  );
  if (child.status !== 0) throw new Error(`draw-scale failed: ${child.stderr}`);
  const scale = JSON.parse(child.stdout) as {
    entrants: number;
    winners: number;
    phases: { name: string; ms: number; peakHeapUsedMb: number; peakRssMb: number }[];
    aroundTheAlgorithm: { buildListMs: number; canonicalSortMs: number; pagesAndHashMs: number };
    processPeakRssMb: number;
  };
  const [stream, inMemory] = scale.phases;
  return {
    entrants: scale.entrants,
    winners: scale.winners,
    /** The run's in-process work on a list in memory: canonical order, pages and hash, the draw. */
    ms: Math.round(
      (inMemory?.ms ?? 0) +
        scale.aroundTheAlgorithm.canonicalSortMs +
        scale.aroundTheAlgorithm.pagesAndHashMs,
    ),
    /** The process's peak resident memory (kernel maxRSS), the list of a million in memory included. */
    peakMb: scale.processPeakRssMb,
    drawMs: inMemory?.ms,
    canonicalSortMs: scale.aroundTheAlgorithm.canonicalSortMs,
    pagesAndHashMs: scale.aroundTheAlgorithm.pagesAndHashMs,
    streamingDrawMs: stream?.ms,
    streamingPeakRssMb: stream?.peakRssMb,
  };
}

const summarizeDraw = (measured: DrawMeasured[]) => ({
  entrants: measured[0]?.entrants ?? 0,
  ms: round(median(measured.map((entry) => entry.ms)), 0),
  baselineMs: round(median(measured.map((entry) => entry.baselineMs)), 0),
  ratio: round(median(measured.map((entry) => entry.ms / entry.baselineMs)), 2),
  calls: measured[0]?.calls ?? {},
  phases: {
    queryMs: median(measured.map((entry) => entry.phases.queryMs)),
    listAndDrawMs: median(measured.map((entry) => entry.phases.listAndDrawMs)),
    pagesMs: median(measured.map((entry) => entry.phases.pagesMs)),
    creditsMs: median(measured.map((entry) => entry.phases.creditsMs)),
  },
  runs: measured.length,
  perRun: measured.map((entry) => ({ ms: round(entry.ms, 0), baselineMs: round(entry.baselineMs, 0) })),
});

/**
 * The town rally's door: what every run's sign-ins wrote (each run's verdict has already passed:
 * one write call per sign-in, each to an item of its own), and the activity's partition at the
 * measured rate (every attendee's item lies in it; DynamoDB allows 1,000 write units a second).
 */
const summarizeDoor = (measured: RallyMeasured[], opsPerSec: number, tableWriteUnitsPerOp: number) => ({
  signIns: RALLY_VOLUNTEERS,
  writeCallsPerSignIn: Math.max(...measured.map((entry) => entry.door.writeCallsPerSignIn)),
  itemsWritten: Math.min(...measured.map((entry) => entry.door.itemsWritten)),
  itemsWrittenMoreThanOnce: Math.max(...measured.map((entry) => entry.door.itemsWrittenMoreThanOnce)),
  strayWrites: Math.max(...measured.map((entry) => entry.door.strayWrites)),
  signedInAfter: Math.min(...measured.map((entry) => entry.door.signedInAfter)),
  itemBytes: median(measured.map((entry) => entry.door.itemBytes)),
  'ACTIVITY#{a} partition, write units per second': round(opsPerSec * tableWriteUnitsPerOp, 1),
  /** The activity's reads per sign-in: the door remembers a running activity for a few seconds. */
  readsPerSignIn: round(Math.max(...measured.map((entry) => entry.door.readsPerSignIn)), 3),
});

const api = ['balance', 'redeem', 'earn', 'orders', 'rally', 'draw'].filter((name) => !skip.has(name));
if (api.length > 0) {
  const stack = await startStack();
  const generator = startGenerator();
  try {
    progress('seeding');
    const fixture = await prepare(stack, runs);
    const orders = skip.has('orders') ? undefined : await prepareOrders(stack, runs);
    const rally = skip.has('rally') ? undefined : await prepareRally(stack, generator, runs);
    const measured: Record<string, Measured[]> = {
      balance: [],
      redeem: [],
      redeem5: [],
      earn: [],
      orderAccept: [],
      orderQueue: [],
      rally: [],
    };
    const each = async (name: string, run: number, measure: () => Promise<Measured>) => {
      progress(`${name} ${run < 0 ? 'warm-up' : `run ${run + 1}/${runs}`}`);
      const figures = await measure();
      if (run >= 0) measured[name]?.push(figures);
    };
    // Run -1 warms up every path (JIT, connections, handler modules) and is not counted.
    for (let run = -1; run < runs; run += 1) {
      const warm = run < 0;
      if (!skip.has('balance'))
        await each('balance', run, () =>
          balanceWorkload(stack, generator, fixture, warm ? 300 : BALANCE_OPS),
        );
      if (!skip.has('redeem')) {
        await each('redeem', run, () =>
          redeemWorkload(stack, generator, fixture, `r1-${run + 1}`, warm ? 200 : REDEEM_OPS, 1),
        );
        await each('redeem5', run, () =>
          redeemWorkload(stack, generator, fixture, `r5-${run + 1}`, warm ? 100 : REDEEM5_OPS, 5),
        );
      }
      if (!skip.has('earn')) await each('earn', run, () => earnWorkload(stack, generator, fixture, run));
      if (orders !== undefined) {
        await each('orderAccept', run, () => acceptWorkload(stack, generator, orders, run));
        await each('orderQueue', run, () => queueWorkload(stack, generator, orders, warm));
      }
      if (rally !== undefined) await each('rally', run, () => rallyWorkload(stack, generator, rally, run));
    }
    for (const [name, list] of Object.entries(measured)) {
      if (list.length === 0) continue;
      result[name] =
        name.startsWith('redeem') || name.startsWith('order') || name === 'rally'
          ? withCost(summarize(list))
          : summarize(list);
    }
    if (measured.rally !== undefined && measured.rally.length > 0) {
      const row = result.rally as ReturnType<typeof summarize>;
      result.rally = {
        ...row,
        door: summarizeDoor(measured.rally as RallyMeasured[], row.opsPerSec, row.tableWriteUnitsPerOp),
      };
    }
    if (!skip.has('redeem') && !skip.has('balance')) {
      progress('cost samples: redemptions with the caps on, balance reads by role');
      const samples = await costSamples(stack, generator, fixture);
      const brief = (cost: CostPerOp) => ({
        calls: cost.calls,
        itemsPerOp: round(cost.itemsPerOp, 2),
        itemBytes: cost.itemBytes,
        writeUnitsPerOp: round(cost.writeUnitsPerOp, 2),
        readUnitsPerOp: round(cost.readUnitsPerOp, 2),
        costPerMillionUsd: round(
          costPerMillion(
            { writeUnits: cost.writeUnitsPerOp, readUnits: cost.readUnitsPerOp },
            { writePerMillion: PRICE.writePerMillion, readPerMillion: PRICE.readPerMillion },
          ),
          2,
        ),
      });
      result.costs = {
        redeemWithCaps1Line: brief(samples.redeemWithCaps.lines1),
        redeemWithCaps5Lines: brief(samples.redeemWithCaps.lines5),
        volunteerBalance: brief(samples.volunteerBalance),
        coordinatorBalance: {
          ...brief(samples.coordinatorBalance),
          orgs: samples.coordinatorBalance.orgs,
          levelsWalked: samples.coordinatorBalance.levelsWalked,
        },
        coordinatorBalanceCold: brief(samples.coordinatorBalanceCold),
      };
      result.hotSpots = hotSpots(result);
    }
    if (orders !== undefined) {
      progress('cost samples: an accept and a queue read on a 631-organisation tree');
      const samples = await orderCostSamples(stack, generator, orders);
      const brief = (cost: CostPerOp) => ({
        calls: cost.calls,
        writeUnitsPerOp: round(cost.writeUnitsPerOp, 2),
        readUnitsPerOp: round(cost.readUnitsPerOp, 2),
        costPerMillionUsd: round(
          costPerMillion(
            { writeUnits: cost.writeUnitsPerOp, readUnits: cost.readUnitsPerOp },
            { writePerMillion: PRICE.writePerMillion, readPerMillion: PRICE.readPerMillion },
          ),
          2,
        ),
      });
      result.orderCosts = { orgs: samples.orgs, accept: brief(samples.accept), queue: brief(samples.queue) };
    }
    if (!skip.has('draw')) {
      progress('draw: seeding the month index');
      const drawFixture = await prepareDraw(stack, generator, Number(values['draw-entrants']) || 100_000);
      const draws: DrawMeasured[] = [];
      for (let run = 0; run < runs; run += 1) {
        progress(`draw end to end run ${run + 1}/${runs}`);
        draws.push(await drawWorkload(stack, generator, drawFixture));
      }
      progress('draw at scale, in process');
      result.draw = { ...drawScale(), endToEnd: summarizeDraw(draws) };
    }
  } finally {
    await generator.stop();
    await stack.stop();
  }
}
if (!skip.has('bundles')) {
  progress('bundles');
  result.bundles = await measureBundles();
}
result.pricing = PRICE;
result.benchSeconds = round((performance.now() - startedMs) / 1000, 0);

// The units per operation go to bench/measured-units.json, which `npm run cost` reads.
const argv = process.argv.slice(2);
const recorded = recordMeasuredUnits(
  result,
  new Date().toISOString().slice(0, 10),
  `npm run bench${argv.length === 0 ? '' : ` -- ${argv.join(' ')}`}`,
);
progress(`${recorded} operations' units written to bench/measured-units.json`);

/** The human-readable report: one table per kind of figure (`--json` prints everything). */
function printReport(figures: Record<string, unknown>): void {
  type Row = ReturnType<typeof summarize> & { costPerMillionUsd?: number };
  const workloads = ['balance', 'redeem', 'redeem5', 'earn', 'orderAccept', 'orderQueue', 'rally'].filter(
    (name) => figures[name] !== undefined,
  );
  if (workloads.length > 0) {
    console.log(
      '\nThroughput and latency (medians; ratio = ours ÷ baseline, each run; targets ≥ 0.5 and ≤ 2)',
    );
    console.table(
      Object.fromEntries(
        workloads.map((name) => {
          const row = figures[name] as Row;
          return [
            name,
            {
              'ops/s': row.opsPerSec,
              'baseline ops/s': row.baselineOpsPerSec,
              ratio: row.ratio,
              'p99 ms': row.p99Ms,
              'baseline p99 ms': row.baselineP99Ms,
              'p99 ratio': row.p99Ratio,
              'reads+writes/op': `${row.readCallsPerOp}+${row.writeCallsPerOp}`,
              'WRU/op': row.writeUnitsPerOp,
              'RRU/op': row.readUnitsPerOp,
              '$/M ops': row.costPerMillionUsd ?? '',
            },
          ];
        }),
      ),
    );
  }
  const door = (figures.rally as { door?: Record<string, unknown> } | undefined)?.door;
  if (door !== undefined) {
    console.log(
      '\nTown rally at the door (target: exactly 1 write call per sign-in, no item written by two sign-ins)',
    );
    console.table([door]);
  }
  if (figures.costs !== undefined) {
    console.log('\nCost samples (us-east-1 on-demand prices)');
    const costs = figures.costs as Record<string, { calls: Record<string, number>; itemBytes: number[] }>;
    console.table(
      Object.fromEntries(
        Object.entries(costs).map(([name, cost]) => [
          name,
          {
            ...cost,
            calls: Object.entries(cost.calls)
              .map(([call, count]) => `${call} ${count}`)
              .join(' + '),
            itemBytes: cost.itemBytes.join(' '),
          },
        ]),
      ),
    );
  }
  if (figures.orderCosts !== undefined) {
    console.log('\n六单 on a county-sized organisation tree (calls and units per operation)');
    console.dir(figures.orderCosts, { depth: 3 });
  }
  if (figures.hotSpots !== undefined) {
    console.log('\nBusiest partitions at the measured rates (units per second)');
    console.dir(figures.hotSpots, { depth: 4 });
  }
  if (figures.draw !== undefined) {
    const { endToEnd, ...scale } = figures.draw as { endToEnd: Record<string, unknown> };
    console.log('\nDraw in process');
    console.table([scale]);
    console.log('Draw end to end (target ≤ 1.5 × the plain query)');
    console.dir({ ...endToEnd, perRun: undefined }, { depth: 3 });
  }
  const bundles = figures.bundles as { bytesRatio: number; loadRatio: number }[] | undefined;
  if (bundles !== undefined) {
    console.log('\nCold start (targets ≤ 1.3 × the bare DocumentClient bundle in bytes and in load time)');
    console.table(bundles);
    const ratios = (pick: (bundle: { bytesRatio: number; loadRatio: number }) => number) =>
      `median ${median(bundles.map(pick))}, max ${Math.max(...bundles.map(pick))}`;
    console.log(
      `bytes ratio ${ratios((bundle) => bundle.bytesRatio)}; load ratio ${ratios((bundle) => bundle.loadRatio)}`,
    );
  }
  console.log(`\n${figures.benchSeconds} s`);
}

if (values.json) console.log(JSON.stringify(result, null, 2));
else printReport(result);
