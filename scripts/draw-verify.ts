/**
 * `npm run draw:verify -- <draw.json> [entrants-page-0.json ...] [--json]`: recomputes a published
 * draw from the draw alone (seed, entrant list, algorithm), with no database and no trust in us:
 * SHA-256(seed) must equal the commitment, the entrant list must hash to `entrantsHash`, and the
 * winners recomputed with the reference HMAC (node:crypto) must equal the published ones, in order.
 * The draw file is the JSON of GET /v1/draws/{month}; a long list comes as extra files, the JSON of
 * GET /v1/draws/{month}/entrants?page=n, or already merged into the draw's `entrants` (docs/draw.md).
 * Exit codes: 0 the draw checks out, 1 it does not, 2 the input is not a usable draw.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as z from 'zod/mini';
import '../shared/platform/contract/locale';
import {
  commitmentOf,
  DRAW_ALGORITHM,
  drawWinners,
  type Entrant,
  entrantsHash,
  isCanonical,
} from '../shared/draws/rules/draw';
import { DRAW_WINNERS_MAX } from '../shared/platform/limits';

const Hex64 = z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'));
const EntrantShape = z.object({ volunteerId: z.string(), tickets: z.number() });

const PublishedDraw = z.object({
  month: z.optional(z.string()),
  status: z.optional(z.string()),
  algorithm: z.string(),
  seed: Hex64,
  commitment: Hex64,
  entrantsHash: Hex64,
  entrantCount: z.optional(z.int().check(z.minimum(0))),
  entrants: z.optional(z.array(EntrantShape)),
  winners: z.array(EntrantShape),
  winnerCount: z.optional(z.int().check(z.minimum(0), z.maximum(DRAW_WINNERS_MAX))),
});

const EntrantsPage = z.object({
  page: z.int().check(z.minimum(0)),
  entrantsHash: z.optional(Hex64),
  entrants: z.array(EntrantShape),
});

export interface VerifyReport {
  ok: boolean;
  month?: string | undefined;
  checks: { commitment: boolean; entrantList: boolean; entrantsHash: boolean; winners: boolean };
  entrants: number;
  winnerCount: number;
  expectedWinners: Entrant[];
  publishedWinners: Entrant[];
  problems: string[];
}

export type VerifyOutcome = { code: 0 | 1; report: VerifyReport } | { code: 2; error: string };

const describe = (error: z.core.$ZodError): string =>
  error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');

/** Checks a published draw (the parsed JSON of GET /v1/draws/{month}) and its extra entrant pages. */
export function verifyPublishedDraw(draw: unknown, pages: readonly unknown[] = []): VerifyOutcome {
  if (typeof draw === 'object' && draw !== null && (draw as { status?: unknown }).status === 'committed') {
    return { code: 2, error: 'The draw has not run yet: only its commitment is published' };
  }
  const parsed = PublishedDraw.safeParse(draw);
  if (!parsed.success) return { code: 2, error: `Not a published draw: ${describe(parsed.error)}` };
  const published = parsed.data;
  if (published.algorithm !== DRAW_ALGORITHM) {
    return { code: 2, error: `Unknown algorithm ${published.algorithm}; this tool checks ${DRAW_ALGORITHM}` };
  }
  let entrants: Entrant[];
  if (pages.length > 0) {
    const parsedPages = [];
    for (const [index, page] of pages.entries()) {
      const parsedPage = EntrantsPage.safeParse(page);
      if (!parsedPage.success) {
        return {
          code: 2,
          error: `Entrant page file ${index + 1} is not a page: ${describe(parsedPage.error)}`,
        };
      }
      parsedPages.push(parsedPage.data);
    }
    parsedPages.sort((left, right) => left.page - right.page);
    if (parsedPages.some((page, index) => page.page !== index)) {
      return { code: 2, error: 'Entrant pages must be 0, 1, 2, … with none missing or repeated' };
    }
    entrants = parsedPages.flatMap((page) => page.entrants);
  } else if (published.entrants !== undefined) {
    entrants = published.entrants;
  } else {
    return {
      code: 2,
      error:
        'The draw has no inline entrants: pass the pages of GET /v1/draws/{month}/entrants?page=n as extra files',
    };
  }

  const problems: string[] = [];
  const commitment = commitmentOf(published.seed) === published.commitment;
  if (!commitment) problems.push('SHA-256(seed) is not the published commitment');
  let entrantList = isCanonical(entrants);
  if (!entrantList) problems.push('The entrant list is not canonical (ids sorted, each once, tickets ≥ 1)');
  if (published.entrantCount !== undefined && published.entrantCount !== entrants.length) {
    entrantList = false;
    problems.push(`The draw names ${published.entrantCount} entrants, the list holds ${entrants.length}`);
  }
  const hashMatches = entrantsHash(entrants) === published.entrantsHash;
  if (!hashMatches) problems.push('The entrant list does not hash to the published entrantsHash');

  const winnerCount = published.winnerCount ?? published.winners.length;
  if (published.winnerCount === undefined) {
    problems.push(`Note: no winnerCount published; checking the top ${winnerCount}`);
  }
  let expectedWinners: Entrant[] = [];
  if (entrantList) {
    expectedWinners = drawWinners(published.seed, entrants, winnerCount).winners;
  }
  const publishedWinners = published.winners.map(({ volunteerId, tickets }) => ({ volunteerId, tickets }));
  const winners =
    entrantList &&
    expectedWinners.length === publishedWinners.length &&
    expectedWinners.every(
      (winner, index) =>
        winner.volunteerId === publishedWinners[index]?.volunteerId &&
        winner.tickets === publishedWinners[index]?.tickets,
    );
  if (entrantList && !winners) problems.push('The recomputed winners differ from the published winners');
  const ok = commitment && entrantList && hashMatches && winners;
  return {
    code: ok ? 0 : 1,
    report: {
      ok,
      month: published.month,
      checks: { commitment, entrantList, entrantsHash: hashMatches, winners },
      entrants: entrants.length,
      winnerCount,
      expectedWinners,
      publishedWinners,
      problems,
    },
  };
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

const mark = (passed: boolean): string => (passed ? 'ok  ' : 'FAIL');

/** Where the command writes: stdout and stderr, or a test's sink. */
export interface Output {
  write(text: string): unknown;
}

/** The command: returns the exit code. */
export function main(
  argv: readonly string[],
  out: Output = process.stdout,
  err: Output = process.stderr,
): number {
  let files: string[];
  let json: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    files = positionals;
    json = values.json === true;
  } catch (error) {
    err.write(`draw:verify: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (files.length === 0) {
    err.write('usage: npm run draw:verify -- <draw.json> [entrants-page.json ...] [--json]\n');
    return 2;
  }
  let outcome: VerifyOutcome;
  try {
    const [drawFile, ...pageFiles] = files;
    outcome = verifyPublishedDraw(readJson(String(drawFile)), pageFiles.map(readJson));
  } catch (error) {
    err.write(
      `draw:verify: cannot read the input: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 2;
  }
  if (outcome.code === 2) {
    err.write(`draw:verify: ${outcome.error}\n`);
    return 2;
  }
  const { report } = outcome;
  if (json) {
    out.write(`${JSON.stringify(report, null, 2)}\n`);
    return outcome.code;
  }
  out.write(
    `draw ${report.month ?? '(month not given)'}: ${report.entrants} entrants, ${report.winnerCount} to win\n`,
  );
  out.write(`${mark(report.checks.commitment)} commitment = SHA-256(seed)\n`);
  out.write(`${mark(report.checks.entrantList)} entrant list canonical\n`);
  out.write(`${mark(report.checks.entrantsHash)} entrantsHash\n`);
  out.write(`${mark(report.checks.winners)} winners recomputed\n`);
  for (const problem of report.problems) out.write(`  - ${problem}\n`);
  out.write(
    report.ok ? '中签结果一致 The winners match.\n' : '中签结果不一致 The draw does NOT check out.\n',
  );
  return outcome.code;
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) process.exitCode = main(process.argv.slice(2));
