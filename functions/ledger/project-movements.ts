import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { projectionDeps } from '../../shared/ledger/store/projection-store';
import { projectStreamRecords } from '../../shared/ledger/use-cases/project-movements';
import { logger } from '../../shared/platform/observability';
import { getRuntime } from '../../shared/platform/runtime';

/**
 * The stream projector (DynamoDB Streams → Lambda, ReportBatchItemFailures). The event source
 * mapping lets only movement INSERTs through; whatever else arrives is ignored. It answers with
 * the sequence numbers of the records that failed, so Lambda delivers again from the earliest of
 * them instead of the whole batch. Logs carry counts and movement ids, never people.
 */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const summary = await projectStreamRecords(projectionDeps(getRuntime()), event.Records);
  const counts = {
    records: event.Records.length,
    projected: summary.projected,
    alreadyProjected: summary.alreadyProjected,
    ignored: summary.ignored,
    failed: summary.failed.length,
  };
  if (summary.failed.length > 0) {
    logger.error('movements not projected; they will be delivered again', {
      ...counts,
      failures: summary.failures.slice(0, 20),
    });
  } else {
    logger.info('movements projected', counts);
  }
  return { batchItemFailures: summary.failed.map((sequenceNumber) => ({ itemIdentifier: sequenceNumber })) };
};
