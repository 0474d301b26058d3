import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { CARD_PIN_ATTEMPTS_MAX } from '../../platform/limits';
import type { CardPin, CardStore, WrongPinTarget } from '../port';
import type { CardRecord } from '../rules/card';
import { type TableAccess, withRetries } from './reads';

const ACTIVE: CardRecord['status'] = 'active';
const REPLACED: CardRecord['status'] = 'replaced';

/**
 * Printed volunteer cards in DynamoDB: the card (keys.card, by its number), the volunteer's holding
 * (keys.volunteerCard) and, for numbers that are no card, a guard item counting wrong PINs. The
 * conditions are the rules of rules/card.ts: `canTryPin`, `belowLock`, `canResetPin`,
 * `canIssueCard`.
 */
export class DynamoCardStore implements CardStore {
  constructor(private readonly table: TableAccess) {}

  async get(cardNumber: string): Promise<CardRecord | undefined> {
    const found = await withRetries(() =>
      this.table.client.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.card(cardNumber), ConsistentRead: true }),
      ),
    );
    return found.Item as CardRecord | undefined;
  }

  async heldBy(volunteerId: string): Promise<string | undefined> {
    const holding = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.volunteerCard(volunteerId),
          ConsistentRead: true,
        }),
      ),
    );
    return holding?.Item?.cardNumber as string | undefined;
  }

  async acceptPin(cardNumber: string, pinHashRead: string, at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.card(cardNumber),
          // canTryPin: the card whose PIN was checked, active, not locked.
          ConditionExpression:
            'pinHash = :hash AND #status = :active AND (attribute_not_exists(failedAttempts) OR failedAttempts < :max)',
          UpdateExpression: 'SET failedAttempts = :zero, lastUsedAt = :at',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':hash': pinHashRead,
            ':active': ACTIVE,
            ':max': CARD_PIN_ATTEMPTS_MAX,
            ':zero': 0,
            ':at': at,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async countWrongPin(
    target: WrongPinTarget,
    at: string,
  ): Promise<{ counted: boolean; failedAttempts: number | undefined }> {
    const onCard = 'card' in target;
    // canTryPin on a card; belowLock on a guard.
    const pinned = onCard ? 'pinHash = :hash AND #status = :active AND ' : '';
    try {
      const counted = await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: onCard ? keys.card(target.card) : keys.cardGuard(target.guard),
          UpdateExpression: `ADD failedAttempts :one SET lastFailedAt = :at${onCard ? '' : ', entity = :entity'}`,
          ConditionExpression: `${pinned}(attribute_not_exists(failedAttempts) OR failedAttempts < :max)`,
          ...(onCard ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':one': 1,
            ':max': CARD_PIN_ATTEMPTS_MAX,
            ':at': at,
            ...(onCard ? { ':hash': target.pinHash, ':active': ACTIVE } : { ':entity': ENTITY.cardGuard }),
          },
          ReturnValues: 'UPDATED_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      const after = counted.Attributes?.failedAttempts;
      return { counted: true, failedAttempts: after === undefined ? undefined : Number(after) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const now = error.Item === undefined ? undefined : (unmarshall(error.Item) as Partial<CardRecord>);
      return { counted: false, failedAttempts: now?.failedAttempts };
    }
  }

  async resetPin(
    cardNumber: string,
    volunteerId: string,
    pin: CardPin,
    by: string,
    at: string,
  ): Promise<boolean> {
    try {
      await withRetries(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.card(cardNumber),
            UpdateExpression:
              'SET pinHash = :hash, pinSalt = :salt, pinScheme = :scheme, failedAttempts = :zero, pinSetAt = :at, pinSetBy = :by',
            // canResetPin: the volunteer's own active card.
            ConditionExpression: 'volunteerId = :volunteerId AND #status = :active',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: {
              ':hash': pin.pinHash,
              ':salt': pin.pinSalt,
              ':scheme': pin.pinScheme,
              ':zero': 0,
              ':at': at,
              ':by': by,
              ':volunteerId': volunteerId,
              ':active': ACTIVE,
            },
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async issue(
    cardNumber: string,
    volunteerId: string,
    current: string | undefined,
    pin: CardPin,
    by: string,
    at: string,
  ): Promise<'issued' | 'holding-changed' | 'retry'> {
    const { tableName } = this.table;
    // canIssueCard: a number not yet issued, and the holding as read.
    const items: TransactItem[] = [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.card(cardNumber),
            entity: ENTITY.card,
            cardNumber,
            volunteerId,
            status: ACTIVE,
            ...pin,
            failedAttempts: 0,
            issuedAt: at,
            issuedBy: by,
            pinSetAt: at,
            pinSetBy: by,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: {
            ...keys.volunteerCard(volunteerId),
            entity: ENTITY.cardRef,
            volunteerId,
            cardNumber,
            issuedAt: at,
          },
          ...(current === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : { ConditionExpression: 'cardNumber = :old', ExpressionAttributeValues: { ':old': current } }),
        },
      },
      ...(current === undefined
        ? []
        : [
            {
              Update: {
                TableName: tableName,
                Key: keys.card(current),
                UpdateExpression: 'SET #status = :replaced, replacedAt = :at, replacedBy = :by',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':replaced': REPLACED, ':at': at, ':by': by },
              },
            },
          ]),
    ];
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return 'issued';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [, holdingReason] = reasonsOf(error);
      if (conditionFailed(holdingReason)) return 'holding-changed';
      // A number that exists already (rare) or a conflict: draw another number.
      return 'retry';
    }
  }
}
