/**
 * Cold start: each function's minified bundle (built as the CDK app builds it) and the time a fresh
 * Node process takes to load it, against the baseline bundle of a bare DynamoDB DocumentClient.
 *
 *   node --import tsx bench/cold-start.ts [--json]
 *   node --import tsx bench/cold-start.ts --explain functions/ledger/get-balance.ts   (bytes by package)
 *   node --import tsx bench/cold-start.ts --only GetScorecards,ExportScorecards      (some bundles only)
 *
 * Load time is `await import(bundle)` in a fresh process with a Lambda-like environment (so
 * Powertools initialises as it does in AWS: metrics are on). Each function
 * is measured in turns with the baseline (baseline, function, baseline, function, …) and the
 * medians are compared, so a busy machine slows both alike.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { LOCAL_NODE_TARGET, lambdaEsbuildOptions } from '../infra/bundling';
import { JOB_DEFINITIONS } from '../shared/jobs';
import { ROUTE_DEFINITIONS } from '../shared/routes';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '..');
const LOAD_RUNS = 9;
const BUILDS_AT_ONCE = 4;

export interface BundleFigure {
  name: string;
  bytes: number;
  baselineBytes: number;
  loadMs: number;
  baselineLoadMs: number;
  bytesRatio: number;
  loadRatio: number;
}

/**
 * The bundle as infra/constructs/api-function.ts has esbuild build it (with this machine's Node as the target, to load here),
 * with its module aliases; the baseline is built without them, as anyone would bundle a bare client.
 */
async function bundle(
  entry: string,
  outfile: string,
  withAliases = true,
): Promise<{ bytes: number; metafile: Metafile }> {
  const result = await build({
    ...lambdaEsbuildOptions(ROOT, { aliases: withAliases, target: LOCAL_NODE_TARGET }),
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  return { bytes: statSync(outfile).size, metafile: result.metafile };
}

/** What a deployed function's process has in its environment at init (see api-function.ts). */
const LAMBDA_ENV = {
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
  AWS_LAMBDA_FUNCTION_NAME: 'aixin-bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_REGION: 'cn-northwest-1',
  STAGE: 'prod',
  TABLE_NAME: 'aixin-points-prod',
  LOG_LEVEL: 'INFO',
  POWERTOOLS_LOG_LEVEL: 'INFO',
  POWERTOOLS_SERVICE_NAME: 'aixin-points',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** Module-load time of the bundle in one fresh process. */
function loadOnce(file: string): number {
  const script = `const t=performance.now();await import(${JSON.stringify(`file://${file}`)});process.stdout.write(String(performance.now()-t));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    timeout: 30_000,
  });
  if (result.status !== 0) throw new Error(`loading ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

/** Medians of the function's and the baseline's load times, measured in turns. */
function loadPair(file: string, baselineFile: string): { loadMs: number; baselineLoadMs: number } {
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < LOAD_RUNS; run += 1) {
    baseline.push(loadOnce(baselineFile));
    ours.push(loadOnce(file));
  }
  return { loadMs: median(ours), baselineLoadMs: median(baseline) };
}

/** Every route's and job's bundle, or only those named in `only` (route or job ids). */
export async function measureBundles(only?: readonly string[]): Promise<BundleFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'aixin-bundles-'));
  try {
    const baselineFile = join(dir, 'baseline.bundle.mjs');
    const { bytes: baselineBytes } = await bundle(
      join(ROOT, 'bench/baseline-handler.ts'),
      baselineFile,
      false,
    );
    const entries = [
      ...ROUTE_DEFINITIONS.map((route) => ({ name: route.id, entry: route.entry })),
      ...JOB_DEFINITIONS.map((job) => ({ name: job.id, entry: job.entry })),
    ].filter(({ name }) => only === undefined || only.includes(name));
    const sizes = new Map<string, number>();
    for (let start = 0; start < entries.length; start += BUILDS_AT_ONCE) {
      await Promise.all(
        entries.slice(start, start + BUILDS_AT_ONCE).map(async ({ name, entry }) => {
          sizes.set(name, (await bundle(join(ROOT, entry), join(dir, `${name}.mjs`))).bytes);
        }),
      );
    }
    return entries.map(({ name }) => {
      const bytes = sizes.get(name) ?? 0;
      const { loadMs, baselineLoadMs } = loadPair(join(dir, `${name}.mjs`), baselineFile);
      return {
        name,
        bytes,
        baselineBytes,
        loadMs: Number(loadMs.toFixed(1)),
        baselineLoadMs: Number(baselineLoadMs.toFixed(1)),
        bytesRatio: Number((bytes / baselineBytes).toFixed(2)),
        loadRatio: Number((loadMs / baselineLoadMs).toFixed(2)),
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Bytes of one function's bundle by package (or repository folder), largest first. */
export async function explainBundle(entry: string): Promise<{ total: number; parts: [string, number][] }> {
  const dir = mkdtempSync(join(tmpdir(), 'aixin-explain-'));
  try {
    const { bytes, metafile } = await bundle(resolve(ROOT, entry), join(dir, 'explained.mjs'));
    const parts = new Map<string, number>();
    for (const output of Object.values(metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
        const owner =
          /node_modules\/((@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/').slice(0, 2).join('/');
        parts.set(owner, (parts.get(owner) ?? 0) + bytesInOutput);
      }
    }
    return { total: bytes, parts: [...parts.entries()].sort((a, b) => b[1] - a[1]) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const explain = process.argv.indexOf('--explain');
  if (explain !== -1) {
    const { total, parts } = await explainBundle(
      process.argv[explain + 1] ?? 'functions/ledger/get-balance.ts',
    );
    console.log(`${total} bytes`);
    for (const [owner, bytes] of parts.slice(0, 30)) console.log(String(bytes).padStart(9), owner);
  } else {
    const only = process.argv.indexOf('--only');
    const figures = await measureBundles(only === -1 ? undefined : process.argv[only + 1]?.split(','));
    if (process.argv.includes('--json')) console.log(JSON.stringify(figures, null, 2));
    else console.table(figures);
  }
}
