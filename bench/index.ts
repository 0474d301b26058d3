/**
 * `npm run bench [-- --json] [-- --runs N]`: how fast, how costly and how it grows, each figure a
 * ratio against a baseline measured in the same run on the same DynamoDB Local. Medians of runs.
 */
import { parseArgs } from 'node:util';
import { measureBundles } from './cold-start';
import { median, round, startStack } from './harness';
import { balanceWorkload, earnWorkload, type Measured } from './workloads';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    skip: { type: 'string', multiple: true, default: [] },
  },
  strict: true,
});
const runs = Math.max(1, Math.min(10, Number(values.runs)));
const skip = new Set(values.skip);

interface Summary {
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  baselineOpsPerSec: number;
  baselineP99Ms: number;
  ratio: number;
  p99Ratio: number;
  callsPerOp: number;
  writeUnitsPerOp: number;
  readUnitsPerOp: number;
  itemsPerOp: number;
  runs: number;
}

function summarize(measured: Measured[]): Summary {
  const pick = (select: (entry: Measured) => number) => median(measured.map(select));
  const opsPerSec = pick((entry) => entry.ours.opsPerSec);
  const baselineOpsPerSec = pick((entry) => entry.baseline.opsPerSec);
  const p99Ms = pick((entry) => entry.ours.p99Ms);
  const baselineP99Ms = pick((entry) => entry.baseline.p99Ms);
  return {
    opsPerSec: round(opsPerSec),
    p50Ms: round(pick((entry) => entry.ours.p50Ms)),
    p99Ms: round(p99Ms),
    baselineOpsPerSec: round(baselineOpsPerSec),
    baselineP99Ms: round(baselineP99Ms),
    ratio: round(opsPerSec / baselineOpsPerSec, 2),
    p99Ratio: round(p99Ms / baselineP99Ms, 2),
    callsPerOp: round(
      pick((entry) => entry.callsPerOp),
      2,
    ),
    writeUnitsPerOp: pick((entry) => entry.writeUnitsPerOp),
    readUnitsPerOp: pick((entry) => entry.readUnitsPerOp),
    itemsPerOp: pick((entry) => entry.itemsPerOp),
    runs: measured.length,
  };
}

const result: Record<string, unknown> = {};
const stack = await startStack();
try {
  if (!skip.has('balance')) {
    const measured: Measured[] = [];
    for (let run = 0; run < runs; run += 1) measured.push(await balanceWorkload(stack, 2000));
    result.balance = summarize(measured);
  }
  if (!skip.has('earn')) {
    const measured: Measured[] = [];
    for (let run = 0; run < runs; run += 1) measured.push(await earnWorkload(stack, run));
    result.earn = summarize(measured);
  }
} finally {
  await stack.stop();
}
if (!skip.has('bundles')) result.bundles = await measureBundles();

if (values.json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  for (const [name, figures] of Object.entries(result)) {
    console.log(`\n${name}`);
    console.table(figures);
  }
}
