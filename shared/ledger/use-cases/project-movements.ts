import { forEachBounded } from '../../platform/bounded';
import type { ProjectionDeps } from '../port';
import { type ProjectedMovement, projectMovement } from '../rules/projection';

/**
 * The stream projector: each ledger movement that DynamoDB Streams delivers is added once to the
 * daily totals of the county and of its store (the projection store's one transaction per
 * movement, guarded by its marker: `canProject`).
 */

/** China days of one batch projected at the same time (records of one day go in stream order). */
export const PROJECTION_DAYS_CONCURRENCY = 4;

export type RecordOutcome = 'projected' | 'already-projected' | 'ignored' | 'failed';

export interface ProjectionSummary {
  projected: number;
  alreadyProjected: number;
  ignored: number;
  /** Sequence numbers of the records to deliver again (ReportBatchItemFailures). */
  failed: string[];
  /** Why each failed record failed, by movement id or sequence number; no personal data. */
  failures: { sequenceNumber: string; movementId?: string; reason: string }[];
}

/** The longest failure reason kept in the summary (and so in the logs). */
const REASON_LENGTH_MAX = 300;

const reasonOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}`.slice(0, REASON_LENGTH_MAX) : 'unknown error';

/**
 * Projects a batch of stream records. Records of one China day share that day's totals items, so
 * they go one after another in stream order; different days run side by side, a few at a time.
 * Each record stands alone: one that fails is reported (its sequence number) and the others still
 * count. Lambda then delivers again from the earliest failed record; those after it that did
 * count find their markers and add nothing.
 */
export async function projectStreamRecords(
  deps: ProjectionDeps,
  records: readonly unknown[],
): Promise<ProjectionSummary> {
  const summary: ProjectionSummary = {
    projected: 0,
    alreadyProjected: 0,
    ignored: 0,
    failed: [],
    failures: [],
  };
  const days = new Map<string, { sequenceNumber: string; movement: ProjectedMovement }[]>();
  for (const record of records) {
    const parsed = deps.stream.read(record);
    if (parsed.status === 'ignored') {
      summary.ignored += 1;
    } else if (parsed.status === 'invalid') {
      summary.failed.push(parsed.sequenceNumber);
      summary.failures.push({ sequenceNumber: parsed.sequenceNumber, reason: parsed.reason });
    } else {
      const day = projectMovement(parsed.movement).date;
      const list = days.get(day) ?? [];
      list.push({ sequenceNumber: parsed.sequenceNumber, movement: parsed.movement });
      days.set(day, list);
    }
  }
  // Each record's failure is caught and reported below, so no day's work ever throws.
  await forEachBounded([...days.values()], PROJECTION_DAYS_CONCURRENCY, async (list) => {
    for (const { sequenceNumber, movement } of list) {
      try {
        const outcome = await deps.projection.project(movement);
        if (outcome === 'projected') summary.projected += 1;
        else summary.alreadyProjected += 1;
      } catch (error) {
        summary.failed.push(sequenceNumber);
        summary.failures.push({ sequenceNumber, movementId: movement.id, reason: reasonOf(error) });
      }
    }
  });
  return summary;
}
