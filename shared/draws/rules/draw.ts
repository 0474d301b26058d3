import { createHash, createHmac } from 'node:crypto';
import { DRAW_TICKETS_MAX, DRAW_WINNERS_MAX, ID_PATTERN } from '../../platform/limits';

/**
 * The monthly draw, as pure functions: the commitment to a secret seed, the canonical entrant list
 * and its hash, and Efraimidis–Spirakis weighted sampling without replacement driven by
 * HMAC-SHA256(seed, volunteerId). docs/draw.md states every step at the byte level; anyone holding
 * a published draw can recompute it (`npm run draw:verify`).
 */
export const DRAW_ALGORITHM = 'efraimidis-spirakis-hmac-sha256/v1';

export interface Entrant {
  volunteerId: string;
  /** Approved quarter-hours in the month: a positive integer. */
  tickets: number;
}

const SEED_HEX = /^[0-9a-f]{64}$/;

/** A seed is 32 bytes, written as 64 lowercase hex digits. */
export const isSeedHex = (seed: string): boolean => SEED_HEX.test(seed);

function seedBytes(seed: string): Buffer {
  if (!isSeedHex(seed)) throw new Error('A draw seed is 64 lowercase hex digits (32 bytes)');
  return Buffer.from(seed, 'hex');
}

/** The published commitment: lowercase hex of SHA-256 over the 32 seed bytes (not over the hex text). */
export function commitmentOf(seed: string): string {
  return createHash('sha256').update(seedBytes(seed)).digest('hex');
}

/** Byte order of the ids (they are ASCII, so UTF-16 code-unit order is byte order); never locale order. */
export const compareIds = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

function assertEntrant(entrant: Entrant): void {
  if (typeof entrant.volunteerId !== 'string' || !ID_PATTERN.test(entrant.volunteerId)) {
    throw new Error(`Entrant id must be 1-64 characters of A-Z a-z 0-9 _ -: ${String(entrant.volunteerId)}`);
  }
  if (!Number.isSafeInteger(entrant.tickets) || entrant.tickets < 0 || entrant.tickets > DRAW_TICKETS_MAX) {
    throw new Error(`Entrant ${entrant.volunteerId} has invalid tickets ${String(entrant.tickets)}`);
  }
}

/**
 * The canonical entrant list: entrants with at least one ticket, sorted by id in byte order, each id
 * once. Entrants with zero tickets are left out: they could never win.
 */
export function canonicalEntrants(entrants: Iterable<Entrant>): Entrant[] {
  const list: Entrant[] = [];
  for (const entrant of entrants) {
    assertEntrant(entrant);
    if (entrant.tickets > 0) list.push({ volunteerId: entrant.volunteerId, tickets: entrant.tickets });
  }
  list.sort((left, right) => compareIds(left.volunteerId, right.volunteerId));
  for (let index = 1; index < list.length; index += 1) {
    if (list[index - 1]?.volunteerId === list[index]?.volunteerId) {
      throw new Error(`Entrant ${list[index]?.volunteerId} appears twice`);
    }
  }
  return list;
}

/** Whether a list is already canonical (strictly ascending ids, positive tickets). */
export function isCanonical(entrants: readonly Entrant[]): boolean {
  for (let index = 0; index < entrants.length; index += 1) {
    const entrant = entrants[index];
    if (entrant === undefined) return false;
    try {
      assertEntrant(entrant);
    } catch {
      return false;
    }
    if (entrant.tickets < 1) return false;
    const previous = entrants[index - 1];
    if (previous !== undefined && compareIds(previous.volunteerId, entrant.volunteerId) >= 0) return false;
  }
  return true;
}

/** One line of the canonical serialisation: `volunteerId:tickets\n`, tickets in decimal. */
export const entrantLine = (entrant: Entrant): string => `${entrant.volunteerId}:${entrant.tickets}\n`;

/**
 * Splits the canonical serialisation into pages of at most `bytesMax` bytes, at line boundaries.
 * The pages, concatenated, are exactly the bytes the entrants hash is taken over.
 */
export function entrantPages(sorted: readonly Entrant[], bytesMax: number): string[] {
  const pages: string[] = [];
  let lines: string[] = [];
  let bytes = 0;
  for (const entrant of sorted) {
    const line = entrantLine(entrant);
    // ASCII only (ids are checked), so characters are bytes.
    if (bytes + line.length > bytesMax && lines.length > 0) {
      pages.push(lines.join(''));
      lines = [];
      bytes = 0;
    }
    lines.push(line);
    bytes += line.length;
  }
  if (lines.length > 0) pages.push(lines.join(''));
  return pages;
}

/** SHA-256 hex of the canonical serialisation (the concatenated pages). */
export function hashOfPages(pages: readonly string[]): string {
  const hash = createHash('sha256');
  for (const page of pages) hash.update(page, 'utf8');
  return hash.digest('hex');
}

/** SHA-256 hex of the canonical serialisation of a canonical list. */
export function entrantsHash(sorted: readonly Entrant[]): string {
  const hash = createHash('sha256');
  for (const entrant of sorted) hash.update(entrantLine(entrant), 'utf8');
  return hash.digest('hex');
}

/** Reads one stored page back into entrants; refuses anything that is not canonical lines. */
export function parseEntrantPage(text: string): Entrant[] {
  if (text === '') return [];
  if (!text.endsWith('\n')) throw new Error('An entrant page ends with a newline');
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => {
      const match = /^([A-Za-z0-9_-]{1,64}):([1-9][0-9]{0,8})$/.exec(line);
      if (match === null) throw new Error('An entrant line is `volunteerId:tickets`');
      return { volunteerId: String(match[1]), tickets: Number(match[2]) };
    });
}

// ---------------------------------------------------------------------------------------------
// The uniform number of an entrant

const TWO_POW_20 = 2 ** 20;
const TWO_POW_53 = 2 ** 53;

/** x: the first 52 bits of HMAC-SHA256(key = seed bytes, message = UTF-8 of volunteerId), big-endian. */
function bitsOf(key: Buffer, volunteerId: string): number {
  const digest = createHmac('sha256', key).update(volunteerId, 'utf8').digest();
  return digest.readUInt32BE(0) * TWO_POW_20 + (digest.readUInt32BE(4) >>> 12);
}

/** One entrant's x under a seed (entrantBits decodes the seed once for many). */
export const referenceBits = (seed: string, volunteerId: string): number =>
  bitsOf(seedBytes(seed), volunteerId);

/** u = (2x + 1) / 2^53: exactly representable, strictly between 0 and 1. */
export const uniformOf = (bits: number): number => (2 * bits + 1) / TWO_POW_53;

/** The Efraimidis–Spirakis key ln(u) / tickets; larger keys are drawn first. */
export const keyOf = (bits: number, tickets: number): number => Math.log(uniformOf(bits)) / tickets;

// ---------------------------------------------------------------------------------------------
// Ranking and the draw

/** An entrant with its 52-bit number and its key. */
export interface Ranked extends Entrant {
  bits: number;
  key: number;
}

/** Float keys further apart than this (relative) are ordered by the floats; closer ones exactly. */
const KEY_RELATIVE_MARGIN = 1e-9;

/**
 * Exact order of u_a^(1/w_a) against u_b^(1/w_b), with u = A / 2^53 and A = 2x + 1:
 * u_a^(1/w_a) > u_b^(1/w_b)  ⇔  A^w_b · 2^(53·w_a) > B^w_a · 2^(53·w_b). Returns -1, 0 or 1.
 */
export function exactOrder(bitsA: number, ticketsA: number, bitsB: number, ticketsB: number): number {
  const numeratorA = 2n * BigInt(bitsA) + 1n;
  const numeratorB = 2n * BigInt(bitsB) + 1n;
  const shift = 53n * BigInt(ticketsA - ticketsB);
  let left = numeratorA ** BigInt(ticketsB);
  let right = numeratorB ** BigInt(ticketsA);
  if (shift > 0n) left <<= shift;
  else right <<= -shift;
  return left > right ? 1 : left < right ? -1 : 0;
}

/**
 * Whether entrant a ranks above entrant b: the larger key (exactly, the larger u^(1/tickets));
 * equal values, which need equal tickets and equal 52-bit numbers, go to the smaller id.
 */
function ranksAboveRaw(
  idA: string,
  ticketsA: number,
  bitsA: number,
  keyA: number,
  idB: string,
  ticketsB: number,
  bitsB: number,
  keyB: number,
): boolean {
  if (ticketsA === ticketsB) {
    if (bitsA !== bitsB) return bitsA > bitsB;
    return compareIds(idA, idB) < 0;
  }
  const difference = keyA - keyB;
  if (Math.abs(difference) > KEY_RELATIVE_MARGIN * Math.max(Math.abs(keyA), Math.abs(keyB))) {
    return difference > 0;
  }
  const order = exactOrder(bitsA, ticketsA, bitsB, ticketsB);
  if (order !== 0) return order > 0;
  return compareIds(idA, idB) < 0;
}

export const ranksAbove = (a: Ranked, b: Ranked): boolean =>
  ranksAboveRaw(a.volunteerId, a.tickets, a.bits, a.key, b.volunteerId, b.tickets, b.bits, b.key);

/** The function giving each id its 52-bit number; tests may pass their own. */
export type BitsSource = (volunteerId: string) => number;

export interface DrawOptions {
  bits?: BitsSource;
}

export interface DrawResult {
  /** The winners in the order drawn (highest key first). */
  winners: Entrant[];
  /** Entrants with at least one ticket that took part. */
  entrants: number;
  totalTickets: number;
}

/**
 * The function giving each id its 52-bit number under a seed: referenceBits with the seed's bytes
 * decoded once. The HMAC-SHA256 is node:crypto's, the same one the offline verifier uses.
 */
export function entrantBits(seed: string): BitsSource {
  const key = seedBytes(seed);
  return (volunteerId) => bitsOf(key, volunteerId);
}

/**
 * Draws `count` distinct winners from the entrants, in one pass with a heap of at most `count`
 * entrants: O(n log count) time, O(count) memory beyond the input, which may be any iterable
 * (a stream of pages). The result does not depend on the order of the input. Ids must be unique
 * (canonicalEntrants checks it); entrants with zero tickets never win.
 */
export function drawWinners(
  seed: string,
  entrants: Iterable<Entrant>,
  count: number,
  options: DrawOptions = {},
): DrawResult {
  const selection = new WinnerSelection(seed, count, options);
  for (const entrant of entrants) selection.offer(entrant);
  return selection.result();
}

/**
 * drawWinners one entrant at a time, for callers that learn the entrants bit by bit (the run
 * ranks each volunteer as soon as the month index has given all of their days). Offering the same
 * entrants in any order gives the same result as drawWinners over them.
 */
export class WinnerSelection {
  private readonly bitsOf: (volunteerId: string) => number;
  // A min-heap by rank: the root is the lowest-ranked of the entrants kept so far.
  private readonly heap: Ranked[] = [];
  private readonly kept = new Set<string>();
  private considered = 0;
  private totalTickets = 0;

  constructor(
    seed: string,
    private readonly count: number,
    options: DrawOptions = {},
  ) {
    if (!Number.isSafeInteger(count) || count < 0 || count > DRAW_WINNERS_MAX) {
      throw new Error(`The number of winners must be 0..${DRAW_WINNERS_MAX}`);
    }
    this.bitsOf = options.bits ?? entrantBits(seed);
  }

  /** Takes part in the draw (`bits`, when given, must be the entrant's number under the seed). */
  offer(entrant: Entrant, bits?: number): void {
    assertEntrant(entrant);
    const { volunteerId, tickets } = entrant;
    if (tickets === 0) return;
    this.considered += 1;
    this.totalTickets += tickets;
    if (this.count === 0) return;
    const heap = this.heap;
    const entrantBits = bits ?? this.bitsOf(volunteerId);
    const key = keyOf(entrantBits, tickets);
    if (heap.length < this.count) {
      if (this.kept.has(volunteerId)) throw new Error(`Entrant ${volunteerId} appears twice`);
      this.kept.add(volunteerId);
      heap.push({ volunteerId, tickets, bits: entrantBits, key });
      siftUp(heap, heap.length - 1);
      return;
    }
    const root = heap[0];
    if (root === undefined) return;
    if (
      !ranksAboveRaw(
        volunteerId,
        tickets,
        entrantBits,
        key,
        root.volunteerId,
        root.tickets,
        root.bits,
        root.key,
      )
    ) {
      return;
    }
    if (this.kept.has(volunteerId)) throw new Error(`Entrant ${volunteerId} appears twice`);
    this.kept.delete(root.volunteerId);
    this.kept.add(volunteerId);
    heap[0] = { volunteerId, tickets, bits: entrantBits, key };
    siftDown(heap, 0);
  }

  result(): DrawResult {
    const ordered = [...this.heap].sort((a, b) => (ranksAbove(a, b) ? -1 : 1));
    return {
      winners: ordered.map(({ volunteerId, tickets }) => ({ volunteerId, tickets })),
      entrants: this.considered,
      totalTickets: this.totalTickets,
    };
  }
}

/** The heap's order: a sits above b in the min-heap when a ranks below b. */
const heapBefore = (a: Ranked, b: Ranked): boolean => ranksAbove(b, a);

function siftUp(heap: Ranked[], start: number): void {
  let index = start;
  while (index > 0) {
    const parent = (index - 1) >> 1;
    const node = heap[index];
    const above = heap[parent];
    if (node === undefined || above === undefined || !heapBefore(node, above)) return;
    heap[index] = above;
    heap[parent] = node;
    index = parent;
  }
}

function siftDown(heap: Ranked[], start: number): void {
  let index = start;
  for (;;) {
    const left = index * 2 + 1;
    const right = left + 1;
    let lowest = index;
    const leftNode = heap[left];
    const rightNode = heap[right];
    if (leftNode !== undefined && heapBefore(leftNode, heap[lowest] as Ranked)) lowest = left;
    if (rightNode !== undefined && heapBefore(rightNode, heap[lowest] as Ranked)) lowest = right;
    if (lowest === index) return;
    const node = heap[index] as Ranked;
    heap[index] = heap[lowest] as Ranked;
    heap[lowest] = node;
    index = lowest;
  }
}

// ---------------------------------------------------------------------------------------------
// Months

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const match = MONTH.exec(month);
  if (match === null) throw new Error(`Not a month: ${month}`);
  const year = Number(match[1]);
  const number = Number(match[2]);
  return number === 1 ? `${year - 1}-12` : `${year}-${String(number - 1).padStart(2, '0')}`;
}
