/**
 * The draw at county scale: the pure algorithm over 1,000,000 entrants and 100 winners.
 *
 *   node --import tsx bench/draw-scale.ts [--entrants 1000000] [--winners 100]
 *   node --expose-gc --import tsx bench/draw-scale.ts      (cleaner memory baselines)
 *
 * Prints one JSON object: for each phase its time and memory. Memory is sampled from inside the
 * input stream every SAMPLE_EVERY entrants (the algorithm is synchronous, so a timer would never
 * fire), and the process's peak RSS comes from the kernel (resourceUsage().maxRSS).
 */
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import {
  canonicalEntrants,
  drawWinners,
  type Entrant,
  entrantPages,
  hashOfPages,
} from '../shared/draws/rules/draw';
import { DRAW_ENTRANT_PAGE_BYTES_MAX } from '../shared/platform/limits';

const { values } = parseArgs({
  options: {
    entrants: { type: 'string', default: '1000000' },
    winners: { type: 'string', default: '100' },
  },
});
const ENTRANTS = Number(values.entrants);
const WINNERS = Number(values.winners);
const SEED = createHash('sha256').update('aixin-points draw benchmark').digest('hex');
const SAMPLE_EVERY = 50_000;
const MB = 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;

/** mulberry32: the same entrants on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ids of 20 characters (like the product's generated ids); tickets 1..2976, most of them small. */
function entrantAt(index: number, random: () => number): Entrant {
  return {
    volunteerId: `v${index.toString(36).padStart(7, '0')}${Math.floor(random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0')}-a${index % 10}xyz`.slice(0, 20),
    tickets: 1 + Math.floor(random() ** 3 * 2976),
  };
}

function* generated(count: number): Generator<Entrant> {
  const random = seededRandom(42);
  for (let index = 0; index < count; index += 1) yield entrantAt(index, random);
}

interface Peak {
  rssMb: number;
  heapUsedMb: number;
}

/** Wraps a stream of entrants so memory is sampled while the algorithm consumes it. */
function sampled(source: Iterable<Entrant>, peak: Peak): Iterable<Entrant> {
  return {
    *[Symbol.iterator]() {
      let seen = 0;
      for (const entrant of source) {
        seen += 1;
        if (seen % SAMPLE_EVERY === 0) sample(peak);
        yield entrant;
      }
      sample(peak);
    },
  };
}

function sample(peak: Peak): void {
  const usage = process.memoryUsage();
  peak.rssMb = Math.max(peak.rssMb, usage.rss / MB);
  peak.heapUsedMb = Math.max(peak.heapUsedMb, usage.heapUsed / MB);
}

const round = (value: number) => Math.round(value * 10) / 10;

function phase(name: string, input: () => Iterable<Entrant>) {
  gc?.();
  const before = process.memoryUsage();
  const peak: Peak = { rssMb: before.rss / MB, heapUsedMb: before.heapUsed / MB };
  const started = performance.now();
  const result = drawWinners(SEED, sampled(input(), peak), WINNERS);
  const ms = performance.now() - started;
  return {
    name,
    ms: Math.round(ms),
    perEntrantUs: round((ms * 1000) / ENTRANTS),
    heapUsedBeforeMb: round(before.heapUsed / MB),
    peakHeapUsedMb: round(peak.heapUsedMb),
    peakHeapGrowthMb: round(peak.heapUsedMb - before.heapUsed / MB),
    rssBeforeMb: round(before.rss / MB),
    peakRssMb: round(peak.rssMb),
    winners: result.winners.length,
    firstWinner: result.winners[0]?.volunteerId,
    entrants: result.entrants,
    totalTickets: result.totalTickets,
  };
}

// 1. Streaming: entrants generated on the fly, never held in memory (how pages could be fed in).
const streaming = phase('stream', () => generated(ENTRANTS));

// 2. The use case's shape: the whole list in memory, as collected from the month index.
gc?.();
const listBuildStarted = performance.now();
const list = [...generated(ENTRANTS)];
const listBuildMs = performance.now() - listBuildStarted;
const inMemory = phase('in-memory list', () => list);

// 3. The rest of a run around the algorithm: canonical order, pages and the entrants hash.
gc?.();
const canonicalStarted = performance.now();
const canonical = canonicalEntrants(list);
const canonicalMs = performance.now() - canonicalStarted;
const pagesStarted = performance.now();
const pages = entrantPages(canonical, DRAW_ENTRANT_PAGE_BYTES_MAX);
const hash = hashOfPages(pages);
const pagesMs = performance.now() - pagesStarted;

const sameWinners = streaming.firstWinner === inMemory.firstWinner;

console.log(
  JSON.stringify(
    {
      entrants: ENTRANTS,
      winners: WINNERS,
      node: process.version,
      gcExposed: gc !== undefined,
      phases: [streaming, inMemory],
      sameWinnersInEveryPhase: sameWinners,
      aroundTheAlgorithm: {
        buildListMs: Math.round(listBuildMs),
        canonicalSortMs: Math.round(canonicalMs),
        pagesAndHashMs: Math.round(pagesMs),
        pages: pages.length,
        listBytes: pages.reduce((sum, page) => sum + page.length, 0),
        entrantsHash: hash,
      },
      processPeakRssMb: round((process.resourceUsage().maxRSS * 1024) / MB),
    },
    null,
    2,
  ),
);
