import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, verifyPublishedDraw } from '../../scripts/draw-verify';
import {
  canonicalEntrants,
  commitmentOf,
  DRAW_ALGORITHM,
  drawWinners,
  type Entrant,
  entrantPages,
  entrantsHash,
  parseEntrantPage,
} from '../../shared/draws/rules/draw';

const SEED = '5e'.repeat(32);

function publishedDraw(count = 40, winnerCount = 5) {
  const entrants = canonicalEntrants(
    Array.from({ length: count }, (_, index) => ({ volunteerId: `vol-${index}`, tickets: 1 + (index % 9) })),
  );
  return {
    month: '2026-09',
    status: 'drawn',
    seed: SEED,
    commitment: commitmentOf(SEED),
    algorithm: DRAW_ALGORITHM,
    entrantsHash: entrantsHash(entrants),
    entrantCount: entrants.length,
    entrantsInline: true,
    entrants,
    winners: drawWinners(SEED, entrants, winnerCount).winners,
    winnerCount,
    prizePoints: 100,
  };
}

/** A sink for main()'s output. */
function sink() {
  const chunks: string[] = [];
  return { write: (chunk: string) => chunks.push(chunk) > 0, text: () => chunks.join('') };
}

describe('verifyPublishedDraw', () => {
  it('accepts an honest draw', () => {
    // Act
    const outcome = verifyPublishedDraw(publishedDraw());
    // Assess
    expect(outcome.code).toBe(0);
    if (outcome.code !== 2) {
      expect(outcome.report.checks).toEqual({
        commitment: true,
        entrantList: true,
        entrantsHash: true,
        winners: true,
      });
    }
  });

  it('finds a seed that is not the committed one', () => {
    const draw = { ...publishedDraw(), commitment: commitmentOf('00'.repeat(32)) };
    const outcome = verifyPublishedDraw(draw);
    expect(outcome.code).toBe(1);
    if (outcome.code !== 2) expect(outcome.report.checks.commitment).toBe(false);
  });

  it('finds winners that were swapped, reordered or left out', () => {
    // Prepare
    const honest = publishedDraw();
    const [first, second, ...rest] = honest.winners;
    const loser = honest.entrants.find(
      (entrant) => !honest.winners.some((w) => w.volunteerId === entrant.volunteerId),
    );
    // Act
    const swapped = verifyPublishedDraw({ ...honest, winners: [loser, second, ...rest] });
    const reordered = verifyPublishedDraw({ ...honest, winners: [second, first, ...rest] });
    const fewer = verifyPublishedDraw({ ...honest, winners: [first, second] });
    // Assess
    expect([swapped.code, reordered.code, fewer.code]).toEqual([1, 1, 1]);
  });

  it('finds an entrant list that was changed after the hash was published', () => {
    // Prepare
    const honest = publishedDraw();
    const entrants: Entrant[] = honest.entrants.map((entrant, index) =>
      index === 3 ? { ...entrant, tickets: entrant.tickets + 1 } : entrant,
    );
    // Act
    const outcome = verifyPublishedDraw({ ...honest, entrants });
    const unsorted = verifyPublishedDraw({ ...honest, entrants: [...honest.entrants].reverse() });
    // Assess
    expect(outcome.code).toBe(1);
    if (outcome.code !== 2) expect(outcome.report.checks.entrantsHash).toBe(false);
    expect(unsorted.code).toBe(1);
  });

  it('assembles a long list from its pages, in any order of the files', () => {
    // Prepare
    const honest = publishedDraw(300, 20);
    const pages = entrantPages(honest.entrants, 500).map((lines, page) => ({
      month: honest.month,
      entrantsHash: honest.entrantsHash,
      page,
      pageCount: 0,
      entrantCount: honest.entrantCount,
      entrants: parseEntrantPage(lines),
    }));
    const { entrants: _omitted, ...withoutEntrants } = { ...honest, entrantsInline: false };
    // Act
    const outcome = verifyPublishedDraw(withoutEntrants, [...pages].reverse());
    const missing = verifyPublishedDraw(withoutEntrants, pages.slice(1));
    const none = verifyPublishedDraw(withoutEntrants);
    // Assess
    expect(pages.length).toBeGreaterThan(3);
    expect(outcome.code).toBe(0);
    expect(missing.code).toBe(2);
    expect(none.code).toBe(2);
  });

  it('calls a draw that has not run, or is not a draw, bad input', () => {
    expect(
      verifyPublishedDraw({ month: '2026-09', status: 'committed', commitment: commitmentOf(SEED) }).code,
    ).toBe(2);
    expect(verifyPublishedDraw({ hello: 'world' }).code).toBe(2);
    expect(verifyPublishedDraw({ ...publishedDraw(), algorithm: 'coin-toss/v1' }).code).toBe(2);
    expect(verifyPublishedDraw(null).code).toBe(2);
  });
});

describe('npm run draw:verify', () => {
  const directory = mkdtempSync(join(tmpdir(), 'draw-verify-'));
  const file = (name: string, content: string) => {
    const path = join(directory, name);
    writeFileSync(path, content);
    return path;
  };

  it('exits 0 on a match, 1 on a mismatch and 2 on bad input', () => {
    // Prepare
    const honest = publishedDraw();
    const good = file('good.json', JSON.stringify(honest));
    const bad = file('bad.json', JSON.stringify({ ...honest, winners: [...honest.winners].reverse() }));
    const garbage = file('garbage.json', '{ not json');
    const [out, err] = [sink(), sink()];
    // Act
    const codes = [
      main([good], out, err),
      main([bad], out, err),
      main([garbage], out, err),
      main([join(directory, 'absent.json')], out, err),
      main([], out, err),
    ];
    // Assess
    expect(codes).toEqual([0, 1, 2, 2, 2]);
    expect(out.text()).toContain('The winners match.');
    expect(out.text()).toContain('The draw does NOT check out.');
  });

  it('prints the report as JSON with --json', () => {
    // Prepare
    const good = file('good-json.json', JSON.stringify(publishedDraw()));
    const [out, err] = [sink(), sink()];
    // Act
    const code = main([good, '--json'], out, err);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(out.text())).toMatchObject({
      ok: true,
      month: '2026-09',
      entrants: 40,
      winnerCount: 5,
    });
  });
});
