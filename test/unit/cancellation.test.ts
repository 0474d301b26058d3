import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  conditionFailed,
  isContention,
  oldItemOf,
  reasonsOf,
} from '../../shared/platform/dynamo/cancellation';

const metadata = { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 };
const cancelled = (reasons: TransactionCanceledException['CancellationReasons']) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: metadata,
    CancellationReasons: reasons,
  });

describe('reading a cancelled transaction', () => {
  it('gives the reasons in item order, and the old item where a condition failed', () => {
    const error = cancelled([
      { Code: 'None' },
      { Code: 'ConditionalCheckFailed', Item: marshall({ pk: 'VOL#tan', balance: 20, sequence: 7 }) },
      { Code: 'ConditionalCheckFailed' },
    ]);
    const [fine, failed, failedWithoutItem] = reasonsOf(error);

    expect([conditionFailed(fine), conditionFailed(failed), conditionFailed(failedWithoutItem)]).toEqual([
      false,
      true,
      true,
    ]);
    expect(oldItemOf(failed)).toEqual({ pk: 'VOL#tan', balance: 20, sequence: 7 });
    expect(oldItemOf(failedWithoutItem)).toBeUndefined();
    expect(oldItemOf(fine)).toBeUndefined();
    expect(isContention(reasonsOf(error))).toBe(false);
  });

  it('tells contention (a conflict or throttling) from a decided refusal', () => {
    expect(isContention(reasonsOf(cancelled([{ Code: 'None' }, { Code: 'TransactionConflict' }])))).toBe(
      true,
    );
    expect(isContention(reasonsOf(cancelled([{ Code: 'ThrottlingError' }])))).toBe(true);
    expect(isContention(reasonsOf(cancelled(undefined)))).toBe(false);
    expect(reasonsOf(cancelled(undefined))).toEqual([]);
  });
});
