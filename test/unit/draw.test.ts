import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalEntrants,
  commitmentOf,
  DRAW_ALGORITHM,
  drawWinners,
  type Entrant,
  entrantBits,
  entrantPages,
  entrantsHash,
  exactOrder,
  hashOfPages,
  isCanonical,
  keyOf,
  parseEntrantPage,
  previousMonth,
  type Ranked,
  ranksAbove,
  referenceBits,
  uniformOf,
} from '../../shared/draws/rules/draw';

const SEED = 'a3'.repeat(32);
const seedFor = (counter: number): string => createHash('sha256').update(String(counter)).digest('hex');

/** A seeded shuffle (mulberry32), so the "any order" cases are the same on every run. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}

const entrantsOf = (count: number): Entrant[] =>
  Array.from({ length: count }, (_, index) => ({
    volunteerId: `v${String(index).padStart(4, '0')}`,
    tickets: 1 + ((index * 37) % 120),
  }));

const ids = (entrants: readonly Entrant[]) => entrants.map((entrant) => entrant.volunteerId);

describe('commitment', () => {
  it('is SHA-256 of the 32 seed bytes, in lowercase hex', () => {
    // Prepare
    const zeros = '00'.repeat(32);
    // Act
    const commitment = commitmentOf(zeros);
    // Assess
    expect(commitment).toBe('66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925');
    expect(commitmentOf(SEED)).toBe(createHash('sha256').update(Buffer.from(SEED, 'hex')).digest('hex'));
  });

  it('refuses a seed that is not 64 lowercase hex digits', () => {
    expect(() => commitmentOf('A3'.repeat(32))).toThrow(/64 lowercase hex/);
    expect(() => commitmentOf('a3'.repeat(31))).toThrow(/64 lowercase hex/);
  });
});

describe('the uniform number of an entrant', () => {
  it('is the first 52 bits (13 hex digits) of HMAC-SHA256(seed bytes, id), mapped to (2x+1)/2^53', () => {
    // Prepare
    const digest = createHmac('sha256', Buffer.from(SEED, 'hex')).update('zhang-san').digest('hex');
    // Act
    const bits = referenceBits(SEED, 'zhang-san');
    // Assess
    expect(bits).toBe(Number.parseInt(digest.slice(0, 13), 16));
    expect(uniformOf(0)).toBe(2 ** -53);
    expect(uniformOf(2 ** 52 - 1)).toBe(1 - 2 ** -53);
    expect(keyOf(bits, 4)).toBe(Math.log((2 * bits + 1) / 2 ** 53) / 4);
  });

  it('is HMAC-SHA256 as RFC 2104 defines it, for ids of every length (node:crypto, key decoded once)', () => {
    // Prepare: HMAC built by hand from node:crypto's SHA-256, H((K ^ opad) || H((K ^ ipad) || m)).
    const byHand = (seed: string, volunteerId: string): number => {
      const key = Buffer.alloc(64);
      Buffer.from(seed, 'hex').copy(key);
      const pad = (byte: number) => Buffer.from(key.map((value) => value ^ byte));
      const inner = createHash('sha256').update(pad(0x36)).update(volunteerId, 'utf8').digest();
      const digest = createHash('sha256').update(pad(0x5c)).update(inner).digest();
      return Number.parseInt(digest.toString('hex').slice(0, 13), 16);
    };
    const alphabet = 'ABCXYZabcxyz0189_-';
    const volunteerIds = [
      'a',
      'x'.repeat(55),
      'y'.repeat(56),
      'z'.repeat(63),
      'w'.repeat(64),
      '张三-志愿者',
      ...Array.from({ length: 500 }, (_, index) =>
        Array.from(
          { length: 1 + (index % 64) },
          (__, at) => alphabet[(index * 7 + at * at * 13 + at) % alphabet.length],
        ).join(''),
      ),
    ];
    for (const seed of [SEED, seedFor(1), '00'.repeat(32), 'ff'.repeat(32)]) {
      const bitsOf = entrantBits(seed);
      // Act
      const mismatches = volunteerIds.filter(
        (volunteerId) =>
          bitsOf(volunteerId) !== byHand(seed, volunteerId) ||
          referenceBits(seed, volunteerId) !== byHand(seed, volunteerId),
      );
      // Assess
      expect(mismatches).toEqual([]);
    }
  });
});

describe('drawWinners', () => {
  it('is deterministic: the same seed and entrants give the same winners in any input order', () => {
    // Prepare
    const entrants = entrantsOf(300);
    // Act
    const first = drawWinners(SEED, entrants, 12);
    const others = [1, 2, 3, 4].map((seed) => drawWinners(SEED, shuffled(entrants, seed), 12));
    const reference = drawWinners(SEED, shuffled(entrants, 9), 12, {
      bits: (volunteerId) => referenceBits(SEED, volunteerId),
    });
    // Assess
    expect(first.winners).toHaveLength(12);
    for (const other of [...others, reference]) expect(other.winners).toEqual(first.winners);
    expect(first.entrants).toBe(300);
    expect(first.totalTickets).toBe(entrants.reduce((sum, entrant) => sum + entrant.tickets, 0));
  });

  it('gives another result for another seed', () => {
    const entrants = entrantsOf(300);
    expect(ids(drawWinners(seedFor(7), entrants, 12).winners)).not.toEqual(
      ids(drawWinners(seedFor(8), entrants, 12).winners),
    );
  });

  it('draws distinct winners', () => {
    // Act
    const { winners } = drawWinners(SEED, entrantsOf(200), 150);
    // Assess
    expect(winners).toHaveLength(150);
    expect(new Set(ids(winners)).size).toBe(150);
  });

  it('never draws an entrant without tickets, and the canonical list leaves them out', () => {
    // Prepare
    const entrants: Entrant[] = [
      { volunteerId: 'empty-1', tickets: 0 },
      { volunteerId: 'served', tickets: 1 },
      { volunteerId: 'empty-2', tickets: 0 },
      { volunteerId: 'served-more', tickets: 40 },
    ];
    // Act
    const result = drawWinners(SEED, entrants, 4);
    const canonical = canonicalEntrants(entrants);
    // Assess
    expect(ids(result.winners).sort()).toEqual(['served', 'served-more']);
    expect(result.entrants).toBe(2);
    expect(ids(canonical)).toEqual(['served', 'served-more']);
  });

  it('makes every entrant a winner when more winners are wanted than there are entrants', () => {
    // Prepare
    const entrants = entrantsOf(5);
    // Act
    const all = drawWinners(SEED, entrants, 1000);
    const none = drawWinners(SEED, entrants, 0);
    const empty = drawWinners(SEED, [], 3);
    // Assess
    expect(ids(all.winners).sort()).toEqual(ids(entrants));
    expect(ids(all.winners)).toEqual(ids(drawWinners(SEED, entrants, 5).winners));
    expect(none.winners).toEqual([]);
    expect(empty).toEqual({ winners: [], entrants: 0, totalTickets: 0 });
  });

  it('breaks exact ties by id, the smaller id first', () => {
    // Prepare: every entrant gets the same number, and the same tickets
    const entrants = shuffled(
      ['m', 'b', 'z', 'a', 'k'].map((volunteerId) => ({ volunteerId, tickets: 8 })),
      3,
    );
    // Act
    const { winners } = drawWinners(SEED, entrants, 3, { bits: () => 123_456_789 });
    // Assess
    expect(ids(winners)).toEqual(['a', 'b', 'k']);
  });

  it('orders keys that floats cannot tell apart exactly (u_b = u_a^2 with twice the tickets)', () => {
    // Prepare: u_a = A / 2^53 with A = 2^52 + 1; u_b is the 53-bit number nearest to u_a^2
    const bitsA = 2 ** 51;
    const A = 2n * BigInt(bitsA) + 1n;
    const Bfloor = (A * A) >> 53n; // floor(A^2 / 2^53); B must be odd, so take the odd neighbours
    const lower = Bfloor % 2n === 1n ? Bfloor : Bfloor - 1n;
    const upper = lower + 2n;
    // 'z' sorts after both others: an id tie-break would answer the other way round
    const a: Ranked = { volunteerId: 'z', tickets: 1, bits: bitsA, key: keyOf(bitsA, 1) };
    const make = (B: bigint, volunteerId: string): Ranked => {
      const bits = Number((B - 1n) / 2n);
      return { volunteerId, tickets: 2, bits, key: keyOf(bits, 2) };
    };
    const below = make(lower, 'below');
    const above = make(upper, 'above');
    // Act & Assess: the exact answers, from A^2 against B · 2^53
    expect(exactOrder(bitsA, 1, below.bits, 2)).toBe(A * A > lower << 53n ? 1 : -1);
    expect(exactOrder(bitsA, 1, above.bits, 2)).toBe(A * A > upper << 53n ? 1 : -1);
    expect(ranksAbove(a, below)).toBe(A * A > lower << 53n);
    expect(ranksAbove(a, above)).toBe(A * A > upper << 53n);
    expect(ranksAbove(below, a)).toBe(!ranksAbove(a, below));
  });

  it('takes the same winners as sorting every key (the heap is only a shortcut)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/), { maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 60, maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        fc.integer({ min: 0, max: 1000 }),
        (volunteerIds, tickets, count, seedCounter) => {
          const seed = seedFor(seedCounter);
          const entrants = volunteerIds.map((volunteerId, index) => ({
            volunteerId,
            tickets: tickets[index] ?? 1,
          }));
          const ranked = entrants
            .map((entrant) => {
              const bits = referenceBits(seed, entrant.volunteerId);
              return { ...entrant, bits, key: keyOf(bits, entrant.tickets) };
            })
            .sort((left, right) => (ranksAbove(left, right) ? -1 : 1));
          const expected = ranked
            .slice(0, count)
            .map(({ volunteerId, tickets: t }) => ({ volunteerId, tickets: t }));
          expect(drawWinners(seed, entrants, count).winners).toEqual(expected);
        },
      ),
      { seed: 20_261_101, numRuns: 200 },
    );
  });

  it('refuses an entrant twice when it would win twice, and a bad winner count', () => {
    const twice = [
      { volunteerId: 'same', tickets: 5 },
      { volunteerId: 'same', tickets: 9 },
    ];
    expect(() => drawWinners(SEED, twice, 2)).toThrow(/twice/);
    expect(() => canonicalEntrants(twice)).toThrow(/twice/);
    expect(() => drawWinners(SEED, entrantsOf(3), 1001)).toThrow(/winners/);
    expect(() => drawWinners(SEED, [{ volunteerId: 'bad id', tickets: 1 }], 1)).toThrow(/id/);
    expect(() => drawWinners(SEED, [{ volunteerId: 'neg', tickets: -1 }], 1)).toThrow(/tickets/);
  });
});

describe('weights', () => {
  const WEIGHTS = [
    { volunteerId: 'A', tickets: 1 },
    { volunteerId: 'B', tickets: 2 },
    { volunteerId: 'C', tickets: 7 },
  ];
  const DRAWS = 100_000;

  /** Pearson's statistic of observed counts against expected probabilities. */
  const chiSquare = (observed: number[], probabilities: number[]): number =>
    observed.reduce((sum, count, index) => {
      const expected = DRAWS * (probabilities[index] ?? 0);
      return sum + (count - expected) ** 2 / expected;
    }, 0);

  it('draws one winner with probability proportional to tickets (chi-square, 2 df, p > 0.001)', () => {
    // Prepare
    const counts = new Map<string, number>();
    // Act
    for (let counter = 0; counter < DRAWS; counter += 1) {
      const [winner] = drawWinners(seedFor(counter), WEIGHTS, 1).winners;
      counts.set(String(winner?.volunteerId), (counts.get(String(winner?.volunteerId)) ?? 0) + 1);
    }
    const statistic = chiSquare(
      ['A', 'B', 'C'].map((id) => counts.get(id) ?? 0),
      [0.1, 0.2, 0.7],
    );
    // Assess: 13.816 is the 0.999 quantile of chi-square with 2 degrees of freedom
    expect(statistic).toBeLessThan(13.816);
  }, 60_000);

  it('draws two winners one after the other, each among those left (the worked example of docs/draw.md)', () => {
    // Prepare: P(first, then second) = w1/10 · w2/(10 - w1)
    const orders = ['AB', 'AC', 'BA', 'BC', 'CA', 'CB'];
    const probabilities = [8, 28, 9, 63, 84, 168].map((share) => share / 360);
    const counts = new Map<string, number>();
    // Act
    for (let counter = 0; counter < DRAWS; counter += 1) {
      const order = ids(drawWinners(seedFor(counter), WEIGHTS, 2).winners).join('');
      counts.set(order, (counts.get(order) ?? 0) + 1);
    }
    const observed = orders.map((order) => counts.get(order) ?? 0);
    const atLeastOnce = (id: string) =>
      orders.reduce((sum, order, index) => sum + (order.includes(id) ? (observed[index] ?? 0) : 0), 0) /
      DRAWS;
    // Assess: 20.515 is the 0.999 quantile of chi-square with 5 degrees of freedom
    expect(chiSquare(observed, probabilities)).toBeLessThan(20.515);
    expect(atLeastOnce('A')).toBeCloseTo(129 / 360, 2);
    expect(atLeastOnce('B')).toBeCloseTo(248 / 360, 2);
    expect(atLeastOnce('C')).toBeCloseTo(343 / 360, 2);
  }, 60_000);
});

describe('the canonical entrant list', () => {
  it('sorts by id in byte order and hashes the lines `volunteerId:tickets\\n`', () => {
    // Prepare
    const entrants = [
      { volunteerId: 'b', tickets: 2 },
      { volunteerId: 'B', tickets: 10 },
      { volunteerId: 'a-1', tickets: 1 },
      { volunteerId: 'a', tickets: 3 },
    ];
    // Act
    const canonical = canonicalEntrants(entrants);
    // Assess: uppercase before lowercase, '-' before letters, a prefix before its extensions
    expect(ids(canonical)).toEqual(['B', 'a', 'a-1', 'b']);
    expect(entrantsHash(canonical)).toBe(
      createHash('sha256').update('B:10\na:3\na-1:1\nb:2\n').digest('hex'),
    );
    expect(entrantsHash([])).toBe(createHash('sha256').update('').digest('hex'));
    expect(isCanonical(canonical)).toBe(true);
    expect(isCanonical(entrants)).toBe(false);
  });

  it('splits into pages at line boundaries that concatenate to the hashed bytes', () => {
    // Prepare
    const canonical = canonicalEntrants(entrantsOf(500));
    // Act
    const pages = entrantPages(canonical, 200);
    // Assess
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(200);
      expect(page.endsWith('\n')).toBe(true);
    }
    expect(hashOfPages(pages)).toBe(entrantsHash(canonical));
    expect(pages.flatMap(parseEntrantPage)).toEqual(canonical);
    expect(entrantPages([], 200)).toEqual([]);
    expect(() => parseEntrantPage('a:1\nb:x\n')).toThrow();
  });
});

describe('months', () => {
  it('knows the month before', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
    expect(DRAW_ALGORITHM).toBe('efraimidis-spirakis-hmac-sha256/v1');
  });
});
