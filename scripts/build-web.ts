/**
 * `npm run build:web`: bundles the web pages (web/src) with esbuild into web/dist, copies the
 * static files (web/public) and the QR scanner's WebAssembly, and prints each page's JavaScript
 * weight gzipped: the page's entry plus every chunk it imports statically. Lazily loaded chunks
 * (the scanner polyfill) are listed apart; they are fetched only when scanning starts.
 *
 * Entries and chunks carry a content hash, so a CDN may cache them for ever; the HTML pages and
 * /config.json must be served with `no-cache`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
export const WEB_ROOT = resolve(here, '..', 'web');
export const WEB_DIST = join(WEB_ROOT, 'dist');
const ASSETS = 'assets';

/** The pages: each has web/public/<page>.html and web/src/pages/<page>.ts. */
export const PAGES = [
  'index',
  'counter',
  'volunteer',
  'passbook',
  'office',
  'request',
  'certificate',
  'verify',
  'trip',
  'donation',
  'disclosure',
] as const;
export type PageName = (typeof PAGES)[number];

/** The counter page runs on cheap phones over slow links: its own JavaScript stays under this. */
export const COUNTER_JS_BUDGET_GZIP_BYTES = 100 * 1024;
/** The mobile shop's page (the van's phone, downloaded where there is signal): the same. */
export const TRIP_JS_BUDGET_GZIP_BYTES = 100 * 1024;
/** The public notice (公示): anyone's phone, with no account, wherever the link is opened: the same. */
export const DISCLOSURE_JS_BUDGET_GZIP_BYTES = 100 * 1024;

/** Pages with a budget of their own. */
export const BUDGETS: readonly { page: PageName; gzipBytes: number }[] = [
  { page: 'counter', gzipBytes: COUNTER_JS_BUDGET_GZIP_BYTES },
  { page: 'trip', gzipBytes: TRIP_JS_BUDGET_GZIP_BYTES },
  { page: 'disclosure', gzipBytes: DISCLOSURE_JS_BUDGET_GZIP_BYTES },
];

/** The mobile shop page's service worker (web/public): the build writes its list of files into it. */
const TRIP_SERVICE_WORKER = 'trip-sw.js';

export interface PageWeight {
  page: PageName;
  /** The entry file and the chunks it imports statically, relative to the dist directory. */
  files: string[];
  bytes: number;
  gzipBytes: number;
  /** Chunks the page may load later (dynamic imports), and the scanner's .wasm where used. */
  lazy: { file: string; bytes: number; gzipBytes: number }[];
}

export interface WebBuild {
  outDir: string;
  pages: PageWeight[];
  wasm: string;
}

const gzipSize = (bytes: Buffer): number => gzipSync(bytes, { level: 9 }).length;

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name.startsWith('.')) continue;
    const source = join(from, name);
    const target = join(to, name);
    if (statSync(source).isDirectory()) copyTree(source, target);
    else copyFileSync(source, target);
  }
}

/** Every output file a JS output reaches through static imports, itself first. */
function staticClosure(metafile: Metafile, start: string): string[] {
  const seen: string[] = [];
  const stack = [start];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.includes(file)) continue;
    seen.push(file);
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) stack.push(imported.path);
    }
  }
  return seen;
}

/** Every output file reached only through dynamic imports (at any depth), not already in `files`. */
function dynamicImports(metafile: Metafile, files: readonly string[]): string[] {
  const lazy: string[] = [];
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    for (const imported of metafile.outputs[file]?.imports ?? []) {
      if (imported.kind !== 'dynamic-import' || imported.external) continue;
      for (const reached of staticClosure(metafile, imported.path)) {
        if (files.includes(reached) || lazy.includes(reached)) continue;
        lazy.push(reached);
        queue.push(reached);
      }
    }
  }
  return lazy;
}

/** Builds every page into `outDir` (default web/dist, emptied first). */
export async function buildWeb(options: { outDir?: string; minify?: boolean } = {}): Promise<WebBuild> {
  const outDir = options.outDir ?? WEB_DIST;
  const minify = options.minify ?? true;
  rmSync(outDir, { recursive: true, force: true });
  copyTree(join(WEB_ROOT, 'public'), outDir);

  // The scanner's WebAssembly is served from our own origin under a content-hashed name.
  const wasmSource = resolve(here, '..', 'node_modules', 'zxing-wasm', 'dist', 'reader', 'zxing_reader.wasm');
  const wasmBytes = readFileSync(wasmSource);
  const wasmName = `zxing_reader-${createHash('sha256').update(wasmBytes).digest('hex').slice(0, 10)}.wasm`;
  mkdirSync(join(outDir, ASSETS), { recursive: true });
  writeFileSync(join(outDir, ASSETS, wasmName), wasmBytes);
  const wasmUrl = `/${ASSETS}/${wasmName}`;

  const entryPoints: Record<string, string> = { styles: join(WEB_ROOT, 'src', 'styles.css') };
  for (const page of PAGES) entryPoints[page] = join(WEB_ROOT, 'src', 'pages', `${page}.ts`);
  const result = await build({
    entryPoints,
    outdir: join(outDir, ASSETS),
    bundle: true,
    splitting: true,
    format: 'esm',
    // Cheap Android phones run recent Chrome WebViews; old Safari on county-office iPads too.
    target: ['es2020', 'chrome80', 'safari15', 'firefox80'],
    minify,
    sourcemap: 'linked',
    metafile: true,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: '[name]-[hash]',
    legalComments: 'none',
    charset: 'utf8',
    define: { __ZXING_WASM_URL__: JSON.stringify(wasmUrl) },
    logLevel: 'warning',
  });
  const metafile = result.metafile;
  const distRelative = (file: string) => relative(outDir, resolve(file)).split('\\').join('/');
  const outputFor = (entry: string): string => {
    const found = Object.entries(metafile.outputs).find(
      ([, output]) => output.entryPoint !== undefined && resolve(output.entryPoint) === resolve(entry),
    );
    if (found === undefined) throw new Error(`No output for ${entry}`);
    return found[0];
  };
  const stylesFile = outputFor(entryPoints.styles as string);

  const weigh = (file: string) => {
    const bytes = readFileSync(resolve(file));
    return { file: distRelative(file), bytes: bytes.length, gzipBytes: gzipSize(bytes) };
  };

  const pages: PageWeight[] = [];
  for (const page of PAGES) {
    const entry = outputFor(entryPoints[page] as string);
    const files = staticClosure(metafile, entry).filter((file) => file.endsWith('.js'));
    const weights = files.map(weigh);
    const lazy = dynamicImports(metafile, files)
      .filter((file) => file.endsWith('.js'))
      .map(weigh);
    if (page === 'counter')
      lazy.push({ file: wasmUrl.slice(1), bytes: wasmBytes.length, gzipBytes: gzipSize(wasmBytes) });
    pages.push({
      page,
      files: weights.map((weight) => weight.file),
      bytes: weights.reduce((sum, weight) => sum + weight.bytes, 0),
      gzipBytes: weights.reduce((sum, weight) => sum + weight.gzipBytes, 0),
      lazy,
    });

    // The page's HTML gets its stylesheet, its chunks preloaded (one round trip, not a waterfall
    // of imports, on a slow link) and its entry script.
    const htmlPath = join(outDir, `${page}.html`);
    const html = readFileSync(htmlPath, 'utf8');
    const marker = '<!-- assets -->';
    if (!html.includes(marker)) throw new Error(`${page}.html has no ${marker} marker`);
    const tags = [
      `<link rel="stylesheet" href="/${distRelative(stylesFile)}">`,
      ...files.slice(1).map((file) => `<link rel="modulepreload" href="/${distRelative(file)}">`),
      `<script type="module" src="/${distRelative(entry)}"></script>`,
    ];
    writeFileSync(htmlPath, html.replace(marker, tags.join('\n    ')));
  }
  const trip = pages.find((weight) => weight.page === 'trip');
  if (trip !== undefined)
    writeTripServiceWorker(outDir, [
      distRelative(stylesFile),
      ...trip.files,
      ...trip.lazy.map((lazy) => lazy.file),
    ]);
  writeFileSync(join(outDir, ASSETS, 'sizes.json'), `${JSON.stringify({ pages, wasm: wasmUrl }, null, 2)}\n`);
  return { outDir, pages, wasm: wasmUrl };
}

/**
 * The trip page's service worker caches the page and `files` (relative to the dist directory) when
 * it installs, so the page opens with no signal. Its VERSION follows what it caches: a new build is
 * a new worker, which replaces the old cache.
 */
function writeTripServiceWorker(outDir: string, files: readonly string[]): void {
  const path = join(outDir, TRIP_SERVICE_WORKER);
  const source = readFileSync(path, 'utf8');
  const shellMarker = "const SHELL = ['/trip.html'];";
  const versionMarker = "const VERSION = 'dev';";
  if (!source.includes(shellMarker) || !source.includes(versionMarker)) {
    throw new Error(`${TRIP_SERVICE_WORKER} has no SHELL or VERSION line to fill in`);
  }
  const shell = ['/trip.html', '/favicon.svg', ...files.map((file) => `/${file}`)];
  const version = createHash('sha256')
    .update(JSON.stringify(shell))
    .update(readFileSync(join(outDir, 'trip.html')))
    .digest('hex')
    .slice(0, 12);
  writeFileSync(
    path,
    source
      .replace(shellMarker, `const SHELL = ${JSON.stringify(shell)};`)
      .replace(versionMarker, `const VERSION = '${version}';`),
  );
}

const kilobytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

export function describeBuild(built: WebBuild): string {
  const lines = [`web pages built into ${built.outDir}`, '', 'page        JS (gzip)   JS (raw)    files'];
  for (const page of built.pages) {
    lines.push(
      `${`${page.page}.html`.padEnd(16)}${kilobytes(page.gzipBytes).padStart(9)}${kilobytes(page.bytes).padStart(11)}    ${page.files.length}`,
    );
    for (const lazy of page.lazy) {
      lines.push(`  lazy ${basename(lazy.file).padEnd(40)}${kilobytes(lazy.gzipBytes).padStart(9)} gzip`);
    }
  }
  lines.push('');
  for (const budget of BUDGETS) {
    const weight = built.pages.find((page) => page.page === budget.page);
    if (weight === undefined) continue;
    const within = weight.gzipBytes <= budget.gzipBytes;
    lines.push(
      `${budget.page} budget: ${kilobytes(weight.gzipBytes)} of ${kilobytes(budget.gzipBytes)} gzip ${within ? 'OK' : 'OVER BUDGET'}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const built = await buildWeb();
  console.log(describeBuild(built));
  const over = BUDGETS.some((budget) => {
    const weight = built.pages.find((page) => page.page === budget.page);
    return weight !== undefined && weight.gzipBytes > budget.gzipBytes;
  });
  if (over) process.exitCode = 1;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
