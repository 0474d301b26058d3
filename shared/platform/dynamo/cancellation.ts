import type { CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * The one reading of a cancelled transaction. DynamoDB gives one CancellationReason per item, in
 * the order the items were sent (`None` for items that were fine); with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` a failed condition carries the item as it was,
 * still in DynamoDB's attribute-value form.
 */
export const reasonsOf = (error: TransactionCanceledException): CancellationReason[] =>
  error.CancellationReasons ?? [];

/** The item's condition did not hold. */
export const conditionFailed = (reason: CancellationReason | undefined): boolean =>
  reason?.Code === 'ConditionalCheckFailed';

/** Another transaction or throttling got in the way: nothing was decided, so try again. */
export const isContention = (reasons: readonly CancellationReason[]): boolean =>
  reasons.some((reason) => reason.Code === 'TransactionConflict' || reason.Code === 'ThrottlingError');

/** The item as it was when its condition failed, or undefined (no such item, or no failure). */
export function oldItemOf<T = Record<string, unknown>>(
  reason: CancellationReason | undefined,
): T | undefined {
  if (!conditionFailed(reason) || reason?.Item === undefined) return undefined;
  return unmarshall(reason.Item) as T;
}
