/**
 * bench/measured-units.json: the DynamoDB request units per operation the bench measured, with the
 * day and the command of each measurement. `npm run bench` rewrites the operations it measured and
 * keeps the others as they were; `npm run cost` reads the file and names the dates.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const MEASURED_UNITS_PATH = fileURLToPath(new URL('./measured-units.json', import.meta.url));

export interface MeasuredFigure {
  what: string;
  writeUnits: number;
  readUnits: number;
  /** The bench run's day (UTC), YYYY-MM-DD. */
  measuredOn: string;
  /** The command that measured it. */
  command: string;
  /** Where in `npm run bench -- --json` the figure is. */
  from: string;
}

export interface MeasuredUnitsFile {
  about: string;
  operations: Record<string, MeasuredFigure>;
}

const ABOUT =
  'DynamoDB request units per operation, computed by bench/units.ts from the items each operation wrote and read ' +
  '(npm run bench, bench/README.md). Written by the bench; read by npm run cost (scripts/cost).';

interface UnitsRow {
  writeUnitsPerOp?: number;
  readUnitsPerOp?: number;
}

/** Where each operation's figure is in the bench's result, and what it is. */
const SOURCES: readonly { id: string; from: string[]; what: string }[] = [
  {
    id: 'redeem1Line',
    from: ['costs', 'redeemWithCaps1Line'],
    what: 'a one-line redemption, misuse caps on (as deployed)',
  },
  {
    id: 'redeem5Lines',
    from: ['costs', 'redeemWithCaps5Lines'],
    what: 'a five-line redemption, misuse caps on (as deployed)',
  },
  {
    id: 'earnEntry',
    from: ['earn'],
    what: "one entry of an approved 500-entry service record, the record's own updates included",
  },
  { id: 'volunteerBalance', from: ['costs', 'volunteerBalance'], what: "a volunteer's balance read" },
  {
    id: 'coordinatorBalanceWarm',
    from: ['costs', 'coordinatorBalance'],
    what: "a coordinator's read of a volunteer's balance, organisation parents remembered",
  },
  {
    id: 'coordinatorBalanceCold',
    from: ['costs', 'coordinatorBalanceCold'],
    what: "a coordinator's read of a volunteer's balance on a cold instance (the walk up the tree)",
  },
  { id: 'doorSignIn', from: ['rally'], what: "a volunteer's sign-in at an activity's door" },
  { id: 'orderAccept', from: ['orderCosts', 'accept'], what: 'a 六单 order step (a team accepts)' },
  { id: 'orderQueue', from: ['orderCosts', 'queue'], what: "a team's open-order queue, 50 orders" },
];

function at(result: Record<string, unknown>, path: readonly string[]): UnitsRow | undefined {
  let node: unknown = result;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? (node as UnitsRow) : undefined;
}

/** The operations a bench result measured, each stamped with the day and the command. */
export function measuredIn(
  result: Record<string, unknown>,
  measuredOn: string,
  command: string,
): Record<string, MeasuredFigure> {
  const found: Record<string, MeasuredFigure> = {};
  for (const source of SOURCES) {
    const row = at(result, source.from);
    if (typeof row?.writeUnitsPerOp !== 'number' || typeof row.readUnitsPerOp !== 'number') continue;
    found[source.id] = {
      what: source.what,
      writeUnits: row.writeUnitsPerOp,
      readUnits: row.readUnitsPerOp,
      measuredOn,
      command,
      from: source.from.join('.'),
    };
  }
  return found;
}

/** The file with this run's operations replacing the same ones of earlier runs. */
export function mergeMeasured(
  previous: MeasuredUnitsFile | undefined,
  fresh: Record<string, MeasuredFigure>,
): MeasuredUnitsFile {
  const operations = { ...(previous?.operations ?? {}), ...fresh };
  const ordered = Object.fromEntries(
    SOURCES.map((source) => source.id)
      .filter((id) => operations[id] !== undefined)
      .map((id) => [id, operations[id]] as const),
  ) as Record<string, MeasuredFigure>;
  return { about: ABOUT, operations: ordered };
}

export function readMeasuredUnits(path = MEASURED_UNITS_PATH): MeasuredUnitsFile | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as MeasuredUnitsFile;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Writes the operations a bench run measured into the file; returns how many. */
export function recordMeasuredUnits(
  result: Record<string, unknown>,
  measuredOn: string,
  command: string,
  path = MEASURED_UNITS_PATH,
): number {
  const fresh = measuredIn(result, measuredOn, command);
  if (Object.keys(fresh).length === 0) return 0;
  writeFileSync(path, `${JSON.stringify(mergeMeasured(readMeasuredUnits(path), fresh), null, 2)}\n`);
  return Object.keys(fresh).length;
}
