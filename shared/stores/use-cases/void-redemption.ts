import type { CancellationReason } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { SYSTEM_ACCOUNT } from '../../ledger/rules/ledger';
import type { LedgerResult, TransactItem } from '../../ledger/store/ledger-store';
import { chinaDate } from '../../platform/china-time';
import { oldItemOf } from '../../platform/dynamo/cancellation';
import { keys } from '../../platform/dynamo/keys';
import { AppError } from '../../platform/errors';
import { type IdempotencyScope, userScope } from '../../platform/idempotency';
import { hasRole, type Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import type { VoidRequest } from '../contract/redemptions';
import type { RedemptionRecord } from './redeem';
import { assertStoreAccess, withRetries } from './stores';

/**
 * Voids a redemption: the goods came back, or it was a mistake. One ledger movement credits the
 * points back (and names the redeem movement it corrects); the same transaction marks the record
 * voided (only if it is still completed), puts each line's units back in stock and, on the same
 * China day, gives the points back to the volunteer's daily spending cap. The counter-minute cap
 * is not given back: it limits actions, and the redemption happened.
 *
 * Counter staff may void only on the day of the redemption (their till is reconciled daily);
 * admins any time.
 */
export async function voidRedemption(
  runtime: Runtime,
  principal: Principal,
  storeId: string,
  redemptionId: string,
  request: VoidRequest,
  idempotency: Omit<IdempotencyScope, 'scope'>,
): Promise<LedgerResult> {
  assertStoreAccess(principal, storeId);
  const scope: IdempotencyScope = { scope: userScope(principal.userId), ...idempotency };
  const found = await withRetries(() =>
    runtime.client.send(
      new GetCommand({
        TableName: runtime.tableName,
        Key: keys.redemption(redemptionId),
        ConsistentRead: true,
      }),
    ),
  );
  const record = found.Item as RedemptionRecord | undefined;
  if (record === undefined || record.storeId !== storeId) {
    throw new AppError('NOT_FOUND', 'No such redemption at this store');
  }
  if (record.status === 'voided') {
    // The same request again (its answer was lost) replays; any other void is too late.
    const replay = await runtime.ledger.findReplay(scope);
    if (replay !== undefined) return replay;
    throw new AppError('ALREADY_VOIDED', `This redemption was voided at ${record.voidedAt}`, {
      extra: { voidedAt: record.voidedAt },
    });
  }
  if (!hasRole(principal, 'admin') && chinaDate(runtime.now()) !== record.date) {
    throw new AppError(
      'FORBIDDEN',
      `Counter staff may void only on the day of the redemption (${record.date}); ask an admin`,
    );
  }

  return runtime.ledger.postMovement({
    draft: {
      kind: 'void',
      volunteerId: record.volunteerId,
      direction: 'credit',
      amount: record.pointsSpent,
      counterAccount: SYSTEM_ACCOUNT.store(storeId),
      ref: `redemption:${redemptionId}`,
      corrects: record.movementId,
      actor: principal.userId,
      memo: request.reason,
      details: { storeId, redemptionId },
    },
    idempotency: scope,
    respond: (movement) => ({
      status: 200,
      body: {
        id: redemptionId,
        status: 'voided',
        balanceAfter: movement.balanceAfter,
        pointsReturned: record.pointsSpent,
        voidedAt: movement.at,
      },
    }),
    extraItems: (movement) => {
      const items: TransactItem[] = [
        {
          Update: {
            TableName: runtime.tableName,
            Key: keys.redemption(redemptionId),
            UpdateExpression:
              'SET #status = :voided, voidedAt = :at, voidedBy = :by, voidReason = :reason, voidMovementId = :movement',
            ConditionExpression: '#status = :completed',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':voided': 'voided',
              ':completed': 'completed',
              ':at': movement.at,
              ':by': principal.userId,
              ':reason': request.reason,
              ':movement': movement.id,
            },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        ...record.lines.map(
          (line): TransactItem => ({
            Update: {
              TableName: runtime.tableName,
              Key: keys.storeItem(storeId, line.sku),
              UpdateExpression: 'ADD stock :qty',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':qty': line.qty },
            },
          }),
        ),
      ];
      if (record.spendDate !== undefined && record.spendDate === chinaDate(movement.at)) {
        items.push({
          Update: {
            TableName: runtime.tableName,
            Key: keys.dailySpend(record.volunteerId, record.spendDate),
            UpdateExpression: 'ADD points :minus',
            ConditionExpression: 'attribute_exists(points)',
            ExpressionAttributeValues: { ':minus': -record.pointsSpent },
          },
        });
      }
      return items;
    },
    explainExtra: (index, reason: CancellationReason) => {
      if (index !== 0) return undefined;
      const now = oldItemOf<RedemptionRecord>(reason);
      if (now?.status === 'voided') {
        return new AppError('ALREADY_VOIDED', `This redemption was voided at ${now.voidedAt}`, {
          extra: { voidedAt: now.voidedAt },
        });
      }
      return undefined;
    },
  });
}
