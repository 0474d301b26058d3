/**
 * The web pages as deployed: a production build of web/ by scripts/build-web.ts, made when the CDK
 * app is synthesized, so a clean clone synthesizes (and its infra tests run) without a separate
 * `npm run build:web`, and a deployment never ships whatever happens to be in web/dist (a stale
 * build, or one from a different branch).
 *
 * Builds are kept under node_modules/.cache/aixin-points-web/<hash of the inputs>: the pages'
 * sources, the static files, the build script and package-lock.json (the bundled libraries and
 * esbuild). An unchanged tree reuses its build; a change builds once more (about a second, offline:
 * esbuild is a local binary). Several processes synthesizing at once (the infra test files run in
 * parallel) build it once: one holds a lock while the others wait for the finished directory.
 *
 * Run as a script (`node --import tsx infra/web-site.ts <dir>`) it builds into <dir>; the CDK app
 * runs it that way because construct code is synchronous and the build is not.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const THIS_FILE = fileURLToPath(import.meta.url);
const REPO_ROOT = resolve(dirname(THIS_FILE), '..');

/** What the built pages depend on, relative to the repository root. */
export const SITE_INPUTS = ['web/src', 'web/public', 'scripts/build-web.ts', 'package-lock.json'] as const;

export const SITE_CACHE = join(REPO_ROOT, 'node_modules', '.cache', 'aixin-points-web');

/** A build that takes longer than this has hung; a lock older than this is abandoned. */
const BUILD_TIMEOUT_MS = 120_000;
const HASH = /^[0-9a-f]{20}$/;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** A hash of every input file's path and bytes. */
export function siteInputsHash(root: string = REPO_ROOT): string {
  const hash = createHash('sha256');
  for (const input of SITE_INPUTS) {
    for (const file of filesUnder(join(root, input))) {
      hash.update(relative(root, file).split('\\').join('/'));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex').slice(0, 20);
}

const sleep = (milliseconds: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
};

const isBuilt = (directory: string): boolean => existsSync(join(directory, 'index.html'));

function buildInto(directory: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', THIS_FILE, directory], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: BUILD_TIMEOUT_MS,
  });
  if (result.status !== 0) {
    const reason = result.error?.message ?? `${result.stderr}${result.stdout}`.trim();
    throw new Error(`Building the web pages for deployment failed: ${reason}`);
  }
}

/** Removes the builds of earlier inputs (not locks or other processes' work in progress). */
function removeOtherBuilds(keep: string): void {
  for (const name of readdirSync(SITE_CACHE)) {
    if (HASH.test(name) && name !== keep) rmSync(join(SITE_CACHE, name), { recursive: true, force: true });
  }
}

/**
 * The directory holding the built pages for the current sources, building them first when needed.
 * Synchronous, for construct code.
 */
export function builtSite(): string {
  const hash = siteInputsHash();
  const target = join(SITE_CACHE, hash);
  if (isBuilt(target)) return target;
  mkdirSync(SITE_CACHE, { recursive: true });
  const lock = join(SITE_CACHE, `${hash}.lock`);
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    // Someone else is building the same inputs: wait for their result, or take over an abandoned lock.
    if (isBuilt(target)) return target;
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > BUILD_TIMEOUT_MS || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
    else sleep(200);
  }
  try {
    if (isBuilt(target)) return target;
    const work = join(SITE_CACHE, `${hash}.tmp-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    buildInto(work);
    rmSync(target, { recursive: true, force: true });
    renameSync(work, target);
    removeOtherBuilds(hash);
    return target;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === THIS_FILE) {
  const outDir = process.argv[2];
  if (outDir === undefined) {
    console.error('usage: node --import tsx infra/web-site.ts <output directory>');
    process.exit(2);
  }
  const { buildWeb } = await import('../scripts/build-web');
  await buildWeb({ outDir: resolve(outDir) });
}
