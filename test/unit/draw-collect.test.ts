import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalEntrants, compareIds, drawWinners, type Entrant } from '../../shared/draws/rules/draw';
import { EntrantCollector } from '../../shared/draws/rules/draw-collect';

const SEED = '5e'.repeat(32);
const SHARDS = 4;

interface Day {
  volunteerId: string;
  date: string;
  quarters: number;
}

/** What the run did before collecting early: every day added up by id, then the whole list drawn. */
function reference(days: readonly Day[], minQuarters: number, winners: number) {
  const totals = new Map<string, number>();
  for (const day of days) totals.set(day.volunteerId, (totals.get(day.volunteerId) ?? 0) + day.quarters);
  const eligible: Entrant[] = [];
  for (const [volunteerId, tickets] of totals) {
    if (tickets > 0 && tickets >= minQuarters) eligible.push({ volunteerId, tickets });
  }
  const entrants = canonicalEntrants(eligible);
  return { entrants, result: drawWinners(SEED, entrants, winners) };
}

const shardOf = (volunteerId: string): number =>
  [...volunteerId].reduce((sum, character) => sum + character.charCodeAt(0), 0) % SHARDS;

/** The month index's order within a shard: by `volunteerId#date`, in byte order. */
const indexOrder = (left: Day, right: Day): number =>
  compareIds(`${left.volunteerId}#${left.date}`, `${right.volunteerId}#${right.date}`);

/** Feeds the shards' days interleaved as parallel pages would arrive: `pick` chooses the next shard. */
function collect(
  shards: readonly Day[][],
  picks: readonly number[],
  minQuarters: number,
  winners: number,
): { collector: EntrantCollector; collected: ReturnType<EntrantCollector['finish']> } {
  const collector = new EntrantCollector({
    shards: SHARDS,
    minQuarters,
    draw: { seed: SEED, winnerCount: winners },
  });
  const next = shards.map(() => 0);
  let pick = 0;
  for (;;) {
    const open = shards
      .map((_, shard) => shard)
      .filter((shard) => (next[shard] ?? 0) < (shards[shard]?.length ?? 0));
    if (open.length === 0) break;
    const shard = open[(picks[pick % Math.max(1, picks.length)] ?? 0) % open.length] ?? 0;
    pick += 1;
    const day = shards[shard]?.[next[shard] ?? 0] as Day;
    next[shard] = (next[shard] ?? 0) + 1;
    if (day.quarters > 0) collector.add(shard, day.volunteerId, day.quarters);
  }
  return { collector, collected: collector.finish() };
}

const dayArbitrary = fc.record({
  volunteerId: fc.constantFrom('a', 'a-1', 'a1', 'B', 'b', 'b_2', 'Zed', 'z', '0', '9x', 'ab', 'a-'),
  date: fc.integer({ min: 1, max: 28 }).map((day) => `2026-05-${String(day).padStart(2, '0')}`),
  quarters: fc.integer({ min: 0, max: 40 }),
});

/** Unique (volunteer, date) days, as the table holds them. */
const daysArbitrary = fc.uniqueArray(dayArbitrary, {
  selector: (day) => `${day.volunteerId}#${day.date}`,
  maxLength: 60,
});

describe('collecting the entrants while the month index is read', () => {
  it('gives the same list and winners as adding everything up first, drawing as the shards go', () => {
    fc.assert(
      fc.property(
        daysArbitrary,
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 6 }),
        (days, picks, minQuarters, winners) => {
          // Prepare: each volunteer in one shard, each shard in index order
          const shards = Array.from({ length: SHARDS }, (_, shard) =>
            days.filter((day) => shardOf(day.volunteerId) === shard).sort(indexOrder),
          );
          // Act
          const { collector, collected } = collect(shards, picks, minQuarters, winners);
          // Assess
          expect(collector.listedInOrder).toBe(true);
          expect(collected).toEqual(reference(days, minQuarters, winners));
        },
      ),
      { seed: 20_260_501, numRuns: 300 },
    );
  });

  it('still gives the same result when a shard lists days out of order or two shards list one volunteer', () => {
    fc.assert(
      fc.property(
        daysArbitrary,
        fc.array(fc.nat({ max: SHARDS - 1 }), { minLength: 60, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 6 }),
        (days, placement, picks, minQuarters, winners) => {
          // Prepare: days placed in shards at random, in the order generated
          const shards: Day[][] = Array.from({ length: SHARDS }, () => []);
          for (const [index, day] of days.entries()) shards[placement[index] ?? 0]?.push(day);
          // Act
          const { collected } = collect(shards, picks, minQuarters, winners);
          // Assess
          expect(collected).toEqual(reference(days, minQuarters, winners));
        },
      ),
      { seed: 20_260_502, numRuns: 300 },
    );
  });

  it('notices a volunteer listed again after others and falls back to the whole list', () => {
    // Prepare: shard 0 lists b between two pieces of a; a's pieces are 3 + 3 quarters
    const shards: Day[][] = [
      [
        { volunteerId: 'a', date: '2026-05-01', quarters: 3 },
        { volunteerId: 'b', date: '2026-05-01', quarters: 8 },
        { volunteerId: 'a', date: '2026-05-02', quarters: 3 },
      ],
      [],
      [],
      [],
    ];
    // Act: with 5 quarters to enter, only a's total (6) lets a in
    const { collector, collected } = collect(shards, [0], 5, 2);
    // Assess
    expect(collector.listedInOrder).toBe(false);
    expect(collected.entrants).toEqual([
      { volunteerId: 'a', tickets: 6 },
      { volunteerId: 'b', tickets: 8 },
    ]);
    expect(collected).toEqual(reference(shards.flat(), 5, 2));
  });

  it('adds up a volunteer that two shards list, each shard in order', () => {
    // Prepare: a in shards 0 and 1 with 2 quarters each; 3 quarters to enter
    const shards: Day[][] = [
      [
        { volunteerId: 'a', date: '2026-05-01', quarters: 2 },
        { volunteerId: 'c', date: '2026-05-01', quarters: 9 },
      ],
      [
        { volunteerId: 'a', date: '2026-05-02', quarters: 2 },
        { volunteerId: 'b', date: '2026-05-01', quarters: 1 },
      ],
      [],
      [],
    ];
    // Act
    const { collected } = collect(shards, [0, 1], 3, 3);
    // Assess
    expect(collected.entrants).toEqual([
      { volunteerId: 'a', tickets: 4 },
      { volunteerId: 'c', tickets: 9 },
    ]);
    expect(collected).toEqual(reference(shards.flat(), 3, 3));
  });

  it('refuses a total the draw cannot take, as the whole-list draw does', () => {
    // Prepare: 100,001 tickets is more than a month can hold
    const collector = new EntrantCollector({
      shards: 1,
      minQuarters: 0,
      draw: { seed: SEED, winnerCount: 1 },
    });
    collector.add(0, 'a', 60_000);
    collector.add(0, 'a', 40_001);
    // Act
    const finishing = () => collector.finish();
    // Assess
    expect(finishing).toThrow(/invalid tickets/);
  });
});
