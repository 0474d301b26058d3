import { chinaDate, chinaDayEnd } from '../../platform/china-time';
import type { AuditProblem } from './audit';
import { type Direction, type MovementKind, signedAmount } from './ledger';

/**
 * The stream projection's pure arithmetic: which daily totals one movement adds to, and by how
 * much. The projector writes these additions; the audit recomputes the same totals from the
 * movements and compares. Days are China days of the movement's server time.
 */
export const SYSTEM_TOTAL_FIELDS = [
  'movements',
  'pointsEarned',
  'pointsAdjusted',
  'prizePoints',
  'pointsRedeemed',
  'pointsVoided',
  'redemptions',
  'voids',
] as const;
export type SystemTotalField = (typeof SYSTEM_TOTAL_FIELDS)[number];

export const STORE_TOTAL_FIELDS = ['pointsRedeemed', 'pointsVoided', 'redemptions', 'voids'] as const;
export type StoreTotalField = (typeof STORE_TOTAL_FIELDS)[number];

/**
 * The county's totals of one China day. Points are as the volunteer sees them: earned, adjusted
 * and prize points are signed (a reversal or a debit adjustment counts negative); redeemed and
 * voided points are the gross amounts, so a day's net spending is `pointsRedeemed - pointsVoided`.
 */
export type SystemDayTotals = Record<SystemTotalField, number>;
/** One store's redemptions and voids of one China day (gross points and counts). */
export type StoreDayTotals = Record<StoreTotalField, number>;

/** The facts of a movement the projection reads; a subset of the movement item. */
export interface ProjectedMovement {
  id: string;
  kind: MovementKind;
  direction: Direction;
  amount: number;
  counterAccount: string;
  at: string;
  details?: { storeId?: string | undefined; hours?: number | undefined } | undefined;
}

export interface MovementProjection {
  date: string;
  system: Partial<SystemDayTotals>;
  /** Present for redemptions and voids at a known store. */
  store?: { storeId: string; totals: Partial<StoreDayTotals> };
}

/** A movement's projection marker: the note, written with its totals, that it has been added. */
export interface ProjectionMarkerFacts {
  movementId: string;
}

/**
 * A movement is added to its day's totals once: only while no marker says it has been. Delivery
 * is at least once, so this is the rule the projector's marker condition enforces
 * (shared/ledger/store/projection-store.ts; test/integration/projection-rules.test.ts ties them).
 */
export const canProject = (
  movement: Pick<ProjectedMovement, 'id'>,
  markers: readonly ProjectionMarkerFacts[],
): boolean => !markers.some((marker) => marker.movementId === movement.id);

const STORE_ACCOUNT_PREFIX = 'store:';

/** The store a redemption or void happened at: its details, else its counter account. */
export function storeOfMovement(
  movement: Pick<ProjectedMovement, 'counterAccount' | 'details'>,
): string | undefined {
  const fromDetails = movement.details?.storeId;
  if (fromDetails !== undefined && fromDetails !== '') return fromDetails;
  return movement.counterAccount.startsWith(STORE_ACCOUNT_PREFIX)
    ? movement.counterAccount.slice(STORE_ACCOUNT_PREFIX.length)
    : undefined;
}

/** The additions one movement makes to its day's totals; fields it does not touch are absent. */
export function projectMovement(movement: ProjectedMovement): MovementProjection {
  const signed = signedAmount(movement.direction, movement.amount);
  const date = chinaDate(movement.at);
  switch (movement.kind) {
    case 'earn':
      return { date, system: { movements: 1, pointsEarned: signed } };
    case 'adjust':
      return { date, system: { movements: 1, pointsAdjusted: signed } };
    case 'prize':
      return { date, system: { movements: 1, prizePoints: signed } };
    case 'hold':
    case 'release':
      // A mobile shop trip's reservation and its return: no points earned or spent.
      return { date, system: { movements: 1 } };
    case 'redeem':
    case 'void': {
      // A redemption debits the volunteer and a void credits it back: both count as positive here.
      const store: Partial<StoreDayTotals> =
        movement.kind === 'redeem'
          ? { pointsRedeemed: -signed, redemptions: 1 }
          : { pointsVoided: signed, voids: 1 };
      const storeId = storeOfMovement(movement);
      return {
        date,
        system: { movements: 1, ...store },
        ...(storeId === undefined ? {} : { store: { storeId, totals: store } }),
      };
    }
  }
}

export const zeroSystemTotals = (): SystemDayTotals => ({
  movements: 0,
  pointsEarned: 0,
  pointsAdjusted: 0,
  prizePoints: 0,
  pointsRedeemed: 0,
  pointsVoided: 0,
  redemptions: 0,
  voids: 0,
});

export const zeroStoreTotals = (): StoreDayTotals => ({
  pointsRedeemed: 0,
  pointsVoided: 0,
  redemptions: 0,
  voids: 0,
});

function addInto<Field extends string>(
  target: Record<Field, number>,
  addition: Partial<Record<Field, number>>,
) {
  for (const [field, value] of Object.entries(addition) as [Field, number | undefined][]) {
    if (value !== undefined) target[field] += value;
  }
}

/** Totals recomputed from movements: by day for the county, by store and day for the stores. */
export class ProjectionTally {
  readonly system = new Map<string, SystemDayTotals>();
  /** Keyed `<storeId>|<date>`. */
  readonly stores = new Map<string, { storeId: string; date: string; totals: StoreDayTotals }>();

  add(movement: ProjectedMovement): void {
    const projection = projectMovement(movement);
    const day = this.system.get(projection.date) ?? zeroSystemTotals();
    addInto(day, projection.system);
    this.system.set(projection.date, day);
    if (projection.store !== undefined) {
      const key = `${projection.store.storeId}|${projection.date}`;
      const entry = this.stores.get(key) ?? {
        storeId: projection.store.storeId,
        date: projection.date,
        totals: zeroStoreTotals(),
      };
      addInto(entry.totals, projection.store.totals);
      this.stores.set(key, entry);
    }
  }
}

/** A day's totals are checked once every movement of it is at least this old. */
export const PROJECTION_SETTLED_AFTER_MS = 60 * 60 * 1000;

export interface ProjectionAuditReport {
  /**
   * `not-in-use`: the table holds no projection totals at all (local runs have no stream, so
   * nothing projects there). `checked`: every settled day after the first projected one was
   * compared.
   */
  status: 'not-in-use' | 'checked';
  /** The first China day with projected totals; it is not checked, since the projector may have started during it. */
  firstProjectedDay?: string;
  daysChecked: number;
  storeDaysChecked: number;
  problems: AuditProblem[];
}

const describeDifferences = <Field extends string>(
  fields: readonly Field[],
  projected: Record<Field, number>,
  recomputed: Record<Field, number>,
): string[] =>
  fields
    .filter((field) => projected[field] !== recomputed[field])
    .map((field) => `${field} projected ${projected[field]}, movements give ${recomputed[field]}`);

/**
 * Compares the stream's totals with totals recomputed from the movements themselves. Only settled
 * days are compared (ended at least PROJECTION_SETTLED_AFTER_MS ago), after the first projected
 * day. A day with movements and no totals, or totals and no movements, is a mismatch too.
 */
export class ProjectionAudit {
  private readonly tally = new ProjectionTally();
  private readonly systemItems = new Map<string, SystemDayTotals>();
  private readonly storeItems = new Map<string, { storeId: string; date: string; totals: StoreDayTotals }>();

  addMovement(movement: ProjectedMovement): void {
    this.tally.add(movement);
  }

  addSystemTotals(date: string, item: Record<string, unknown>): void {
    const totals = zeroSystemTotals();
    for (const field of SYSTEM_TOTAL_FIELDS) totals[field] = Number(item[field] ?? 0);
    this.systemItems.set(date, totals);
  }

  addStoreTotals(storeId: string, date: string, item: Record<string, unknown>): void {
    const totals = zeroStoreTotals();
    for (const field of STORE_TOTAL_FIELDS) totals[field] = Number(item[field] ?? 0);
    this.storeItems.set(`${storeId}|${date}`, { storeId, date, totals });
  }

  report(now: Date): ProjectionAuditReport {
    const projectedDays = [
      ...this.systemItems.keys(),
      ...[...this.storeItems.values()].map((entry) => entry.date),
    ].sort();
    const firstProjectedDay = projectedDays[0];
    if (firstProjectedDay === undefined) {
      return { status: 'not-in-use', daysChecked: 0, storeDaysChecked: 0, problems: [] };
    }
    const checked = (date: string) =>
      date > firstProjectedDay && chinaDayEnd(date).getTime() + PROJECTION_SETTLED_AFTER_MS <= now.getTime();
    const problems: AuditProblem[] = [];

    const systemDays = new Set([...this.systemItems.keys(), ...this.tally.system.keys()].filter(checked));
    for (const date of [...systemDays].sort()) {
      const differences = describeDifferences(
        SYSTEM_TOTAL_FIELDS,
        this.systemItems.get(date) ?? zeroSystemTotals(),
        this.tally.system.get(date) ?? zeroSystemTotals(),
      );
      if (differences.length > 0) {
        problems.push({
          kind: 'projection-mismatch',
          account: '*',
          detail: `${date}: ${differences.join('; ')}`,
        });
      }
    }

    const storeKeys = new Set(
      [...this.storeItems.entries(), ...this.tally.stores.entries()]
        .filter(([, entry]) => checked(entry.date))
        .map(([key]) => key),
    );
    for (const key of [...storeKeys].sort()) {
      const projected = this.storeItems.get(key);
      const recomputed = this.tally.stores.get(key);
      const entry = projected ?? recomputed;
      if (entry === undefined) continue;
      const differences = describeDifferences(
        STORE_TOTAL_FIELDS,
        projected?.totals ?? zeroStoreTotals(),
        recomputed?.totals ?? zeroStoreTotals(),
      );
      if (differences.length > 0) {
        problems.push({
          kind: 'projection-mismatch',
          account: `store:${entry.storeId}`,
          detail: `${entry.date}: ${differences.join('; ')}`,
        });
      }
    }
    return {
      status: 'checked',
      firstProjectedDay,
      daysChecked: systemDays.size,
      storeDaysChecked: storeKeys.size,
      problems,
    };
  }
}

/**
 * What a movement changes of its volunteer's approved hours, in quarter hours: an approved service
 * record's earn adds its hours, its reversal (a debit adjustment naming the same hours) takes them
 * back; every other movement changes none. The hours are the ledger's own (`details.hours`).
 */
export function hoursChange(movement: Pick<ProjectedMovement, 'kind' | 'direction' | 'details'>): number {
  const hours = movement.details?.hours;
  if (hours === undefined || !Number.isFinite(hours) || hours <= 0) return 0;
  if (movement.kind !== 'earn' && movement.kind !== 'adjust') return 0;
  const quarters = Math.round(hours * 4);
  return movement.direction === 'credit' ? quarters : -quarters;
}

/**
 * 星级 thresholds in quarter hours (一星 100 h … 五星 1500 h; shared/records/rules/star-level.ts has
 * their sources). Repeated here as quarters so the ledger's projection needs nothing outside it.
 */
export const STAR_THRESHOLD_QUARTERS = [400, 1200, 2400, 4000, 6000] as const;

export const starOfQuarters = (quarters: number): number =>
  STAR_THRESHOLD_QUARTERS.filter((threshold) => quarters >= threshold).length;

/**
 * A volunteer's lifetime approved hours move from `before` by `change` (quarters): the new total
 * (never below 0: a reversal of hours projected before this projection existed finds less), and
 * the star level before and after, so the county's count per level moves with it.
 */
export function starMove(before: number, change: number): { after: number; from: number; to: number } {
  const after = Math.max(0, before + change);
  return { after, from: starOfQuarters(before), to: starOfQuarters(after) };
}
