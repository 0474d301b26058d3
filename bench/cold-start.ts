/**
 * Cold start: each function's minified bundle (built as the CDK app builds it) and the time a fresh
 * Node process takes to load it, against the baseline bundle of a bare DynamoDB DocumentClient.
 * Run: node --import tsx bench/cold-start.ts [--json]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { JOB_DEFINITIONS } from '../shared/jobs';
import { ROUTE_DEFINITIONS } from '../shared/routes';

const ROOT = resolve(import.meta.dirname, '..');
const LOAD_RUNS = 7;

export interface BundleFigure {
  name: string;
  bytes: number;
  baselineBytes: number;
  loadMs: number;
  baselineLoadMs: number;
  bytesRatio: number;
  loadRatio: number;
}

async function bundle(entry: string, outfile: string): Promise<number> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire as aixinCreateRequire } from 'node:module'; const require = aixinCreateRequire(import.meta.url);",
    },
    logLevel: 'silent',
    absWorkingDir: ROOT,
  });
  return statSync(outfile).size;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Module-load time of the bundle in a fresh process, the median of several processes. */
function loadMs(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const times: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run += 1) {
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: {
        ...process.env,
        TABLE_NAME: 'bench',
        AWS_REGION: 'cn-northwest-1',
        STAGE: 'local',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    if (result.status !== 0) throw new Error(`loading ${file} failed: ${result.stderr}`);
    times.push(Number(result.stdout));
  }
  return median(times);
}

export async function measureBundles(): Promise<BundleFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aixin-bundles-'));
  try {
    const baselineEntry = join(ROOT, 'bench/baseline-handler.ts');
    const baselineFile = join(dir, 'baseline.bundle.mjs');
    const baselineBytes = await bundle(baselineEntry, baselineFile);
    const baselineLoadMs = loadMs(baselineFile);
    const entries = [
      ...ROUTE_DEFINITIONS.map((route) => ({ name: route.id, entry: route.entry })),
      ...JOB_DEFINITIONS.map((job) => ({ name: job.id, entry: job.entry })),
    ];
    const figures: BundleFigure[] = [];
    for (const { name, entry } of entries) {
      const file = join(dir, `${name}.mjs`);
      const bytes = await bundle(join(ROOT, entry), file);
      const measured = loadMs(file);
      figures.push({
        name,
        bytes,
        baselineBytes,
        loadMs: Number(measured.toFixed(1)),
        baselineLoadMs: Number(baselineLoadMs.toFixed(1)),
        bytesRatio: Number((bytes / baselineBytes).toFixed(2)),
        loadRatio: Number((measured / baselineLoadMs).toFixed(2)),
      });
    }
    return figures;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureBundles();
  if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
  else console.table(figures);
}
