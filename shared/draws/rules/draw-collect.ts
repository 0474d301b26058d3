import {
  canonicalEntrants,
  compareIds,
  type DrawResult,
  drawWinners,
  type Entrant,
  WinnerSelection,
} from './draw';

export interface CollectorSettings {
  /** How many shards the month index has; `add` names one of 0..shards-1. */
  shards: number;
  /** Totals below this many quarter-hours do not enter (minHours × 4). */
  minQuarters: number;
  /** The draw, made while collecting. */
  draw: { seed: string; winnerCount: number };
}

export interface Collected {
  /** The canonical entrant list (canonicalEntrants of every volunteer's total). */
  entrants: Entrant[];
  /** drawWinners over that list. */
  result: DrawResult;
}

interface ShardRun {
  /** The volunteer whose days are being added up, and their quarters so far. */
  volunteerId: string | undefined;
  quarters: number;
  /** The totals closed so far, in the order the shard listed them. */
  closed: Entrant[];
}

/**
 * The month's entrants, collected as the month index hands out its days. Each shard lists its
 * items by `volunteerId#date` (`#` sorts below every id character), so one volunteer's days come
 * one after another and their total is final as soon as the shard moves on to the next volunteer.
 * That total enters the draw right then (WinnerSelection), while other pages are still on their
 * way; when the last page is in, what remains is to merge the shards' already sorted lists.
 *
 * The result never depends on that order being kept: should a shard list a volunteer after one
 * that sorts above them, or two shards list the same volunteer, `finish` adds up every piece by id
 * and draws from the whole list, exactly as if nothing had been done early.
 */
export class EntrantCollector {
  private readonly runs: ShardRun[];
  private readonly selection: WinnerSelection;
  /** Whether every shard has listed its volunteers in strictly ascending order so far. */
  private ordered = true;

  constructor(private readonly settings: CollectorSettings) {
    this.runs = Array.from({ length: settings.shards }, () => ({
      volunteerId: undefined,
      quarters: 0,
      closed: [],
    }));
    this.selection = new WinnerSelection(settings.draw.seed, settings.draw.winnerCount);
  }

  /** One day's quarter-hours (positive) of a volunteer, in the order shard `shard` lists them. */
  add(shard: number, volunteerId: string, quarters: number): void {
    const run = this.runs[shard];
    if (run === undefined) throw new Error(`No shard ${shard}`);
    if (run.volunteerId === volunteerId) {
      run.quarters += quarters;
      return;
    }
    if (run.volunteerId !== undefined) {
      if (compareIds(run.volunteerId, volunteerId) > 0) this.ordered = false;
      this.close(run);
    }
    run.volunteerId = volunteerId;
    run.quarters = quarters;
  }

  /** Whether every shard has listed its volunteers in order so far (the early draw stands). */
  get listedInOrder(): boolean {
    return this.ordered;
  }

  /** The entrant list and the draw, once every shard has given all of its pages. */
  finish(): Collected {
    for (const run of this.runs) {
      if (run.volunteerId !== undefined) this.close(run);
      run.volunteerId = undefined;
    }
    if (this.ordered) {
      // Each shard's list is sorted already: merge them. Every total takes part in the check that
      // no volunteer came from two shards, also those too small to enter.
      const totals = mergeSorted(this.runs.map((run) => run.closed));
      if (totals !== undefined) {
        const entrants = totals.filter((entrant) => this.enters(entrant));
        return { entrants, result: this.selection.result() };
      }
    }
    return this.fromPieces();
  }

  private enters(entrant: Entrant): boolean {
    return entrant.tickets > 0 && entrant.tickets >= this.settings.minQuarters;
  }

  private close(run: ShardRun): void {
    const entrant = { volunteerId: run.volunteerId ?? '', tickets: run.quarters };
    run.closed.push(entrant);
    if (!this.ordered || !this.enters(entrant)) return;
    try {
      this.selection.offer(entrant);
    } catch {
      // The same volunteer twice (from two shards), or a total the draw refuses: the whole list
      // decides below, and refuses it there if it is invalid.
      this.ordered = false;
    }
  }

  /** Every piece added up by id, then the canonical list and the draw over it, from scratch. */
  private fromPieces(): Collected {
    const totals = new Map<string, number>();
    for (const run of this.runs) {
      for (const piece of run.closed) {
        totals.set(piece.volunteerId, (totals.get(piece.volunteerId) ?? 0) + piece.tickets);
      }
    }
    const eligible: Entrant[] = [];
    for (const [volunteerId, tickets] of totals) {
      if (this.enters({ volunteerId, tickets })) eligible.push({ volunteerId, tickets });
    }
    const entrants = canonicalEntrants(eligible);
    const { seed, winnerCount } = this.settings.draw;
    return { entrants, result: drawWinners(seed, entrants, winnerCount) };
  }
}

/**
 * Merges lists each strictly ascending by id into one, pairwise; undefined when an id is in two of
 * them. (Ids are ASCII, so `<` on them is byte order, as compareIds.)
 */
export function mergeSorted(lists: readonly Entrant[][]): Entrant[] | undefined {
  let level: Entrant[][] = [...lists];
  if (level.length === 0) return [];
  while (level.length > 1) {
    const next: Entrant[][] = [];
    for (let index = 0; index < level.length; index += 2) {
      const left = level[index] ?? [];
      const right = level[index + 1];
      if (right === undefined) {
        next.push(left);
        continue;
      }
      const merged = mergeTwo(left, right);
      if (merged === undefined) return undefined;
      next.push(merged);
    }
    level = next;
  }
  return level[0];
}

function mergeTwo(left: readonly Entrant[], right: readonly Entrant[]): Entrant[] | undefined {
  const merged: Entrant[] = [];
  let at = 0;
  let other = 0;
  while (at < left.length && other < right.length) {
    const a = left[at] as Entrant;
    const b = right[other] as Entrant;
    if (a.volunteerId < b.volunteerId) {
      merged.push(a);
      at += 1;
    } else if (b.volunteerId < a.volunteerId) {
      merged.push(b);
      other += 1;
    } else {
      return undefined;
    }
  }
  for (; at < left.length; at += 1) merged.push(left[at] as Entrant);
  for (; other < right.length; other += 1) merged.push(right[other] as Entrant);
  return merged;
}
