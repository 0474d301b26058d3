import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoAccountStore } from '../../identity/store/identity-store';
import { chinaMonth, chinaMonthStart } from '../../platform/china-time';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import type { TableRef } from '../../platform/dynamo/items';
import { ENTITY, keys, SESSION_SORT_PREFIX } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { DynamoCardStore } from '../../stores/store/card-store';
import type { ErasureStore } from '../port';
import { ERASED_NAME, type ProfileItem } from '../rules/registration';

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });
/** Months of activity rosters searched for the volunteer's name: ten years at most. */
const ROSTER_MONTHS_MAX = 120;
/** Certificates and correction requests of one volunteer read at most. */
const COPIES_MAX = 500;

/** The profile's personal fields, removed from the tombstone. */
const PERSONAL_FIELDS = [
  'externalId',
  'gender',
  'idType',
  'idNumberMasked',
  'idSealed',
  'idLookup',
  'skills',
  'serviceIntentions',
  'gsi1pk',
  'gsi1sk',
] as const;

export class DynamoErasureStore implements ErasureStore {
  constructor(private readonly table: TableRef) {}

  async eraseProfile(profile: ProfileItem, at: string, by: string): Promise<boolean> {
    const { tableName } = this.table;
    const release = (key: { pk: string; sk: string }) => ({
      Delete: {
        TableName: tableName,
        Key: key,
        // Only the guard this volunteer holds.
        ConditionExpression: 'attribute_not_exists(pk) OR volunteerId = :volunteerId',
        ExpressionAttributeValues: { ':volunteerId': profile.volunteerId },
      },
    });
    try {
      await call(() =>
        this.table.client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: tableName,
                  Key: keys.volunteerProfile(profile.volunteerId),
                  // Not erased yet: a second erasure changes nothing.
                  ConditionExpression: 'entity = :profile AND attribute_not_exists(erasedAt)',
                  // The phone is kept as an empty text, so every reader of a profile still finds one.
                  UpdateExpression: `SET #name = :erased, phone = :none, erasedAt = :at, erasedBy = :by REMOVE ${PERSONAL_FIELDS.join(', ')}`,
                  ExpressionAttributeNames: { '#name': 'name' },
                  ExpressionAttributeValues: {
                    ':profile': ENTITY.volunteerProfile,
                    ':erased': ERASED_NAME,
                    ':none': '',
                    ':at': at,
                    ':by': by,
                  },
                },
              },
              ...(profile.externalId === undefined ? [] : [release(keys.externalId(profile.externalId))]),
              ...(profile.idLookup === undefined ? [] : [release(keys.idNumber(profile.idLookup))]),
            ],
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && conditionFailed(reasonsOf(error)[0])) return false;
      throw error;
    }
  }

  async endAccess(volunteerId: string): Promise<number> {
    const { client, tableName } = this.table;
    let changed = 0;
    // Every token the volunteer holds stops at its next request (the token version moves on) …
    await call(() => new DynamoAccountStore(this.table).bumpVolunteer(volunteerId));
    // … and no device can refresh one again.
    const sessions = await call(() =>
      client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.volunteerLogin(volunteerId).pk,
            ':prefix': SESSION_SORT_PREFIX,
          },
          ProjectionExpression: 'pk, sk',
        }),
      ),
    );
    for (const session of sessions.Items ?? []) {
      await call(() =>
        client.send(new DeleteCommand({ TableName: tableName, Key: { pk: session.pk, sk: session.sk } })),
      );
      changed += 1;
    }
    // The 爱心卡 stops working at every counter.
    const cardNumber = await new DynamoCardStore(this.table).heldBy(volunteerId);
    if (cardNumber !== undefined) {
      try {
        await call(() =>
          client.send(
            new UpdateCommand({
              TableName: tableName,
              Key: keys.card(cardNumber),
              ConditionExpression: 'volunteerId = :volunteerId',
              UpdateExpression: 'SET #status = :cancelled',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':volunteerId': volunteerId, ':cancelled': 'cancelled' },
            }),
          ),
        );
        changed += 1;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    }
    return changed;
  }

  async clearCopies(volunteerId: string, since: string, at: string): Promise<Record<string, number>> {
    const cleared = { certificates: 0, corrections: 0, attendees: 0 };
    const { client, tableName } = this.table;
    const onIndex = async (indexName: string, partition: string) =>
      (
        await call(() =>
          client.send(
            new QueryCommand({
              TableName: tableName,
              IndexName: indexName,
              KeyConditionExpression: `${indexName}pk = :pk`,
              ExpressionAttributeValues: { ':pk': partition },
              ProjectionExpression: 'pk, sk, entity',
              Limit: COPIES_MAX,
            }),
          ),
        )
      ).Items ?? [];
    const rename = async (item: Record<string, unknown>, extra: string) => {
      await call(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { pk: item.pk, sk: item.sk },
            ConditionExpression: 'attribute_exists(pk)',
            UpdateExpression: `SET #name = :erased, nameErasedAt = :at${extra}`,
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: { ':erased': ERASED_NAME, ':at': at },
          }),
        ),
      );
    };
    for (const item of await onIndex('gsi2', keys.volunteerCertificatesPartition(volunteerId))) {
      if (item.entity !== ENTITY.certificate) continue;
      await rename(item, ' REMOVE idNumberMasked');
      cleared.certificates += 1;
    }
    for (const item of await onIndex('gsi2', keys.volunteerCorrectionsPartition(volunteerId))) {
      if (item.entity !== ENTITY.correction) continue;
      await rename(item, '');
      cleared.corrections += 1;
    }
    // Activity rosters keep the name of whoever signed up: every month since they registered.
    for (const month of monthsFrom(since, at)) {
      for (const item of await onIndex('gsi1', keys.attendeeListingPartition(volunteerId, month))) {
        if (item.entity !== ENTITY.attendee) continue;
        await rename(item, '');
        cleared.attendees += 1;
      }
    }
    return cleared;
  }
}

/** China months from the one of `from` to the one of `to`, at most ROSTER_MONTHS_MAX (the latest). */
function monthsFrom(from: string, to: string): string[] {
  const months: string[] = [];
  let month = chinaMonth(new Date(from));
  const last = chinaMonth(new Date(to));
  while (month <= last) {
    months.push(month);
    const next = new Date(chinaMonthStart(month).getTime() + 32 * 86_400_000);
    month = chinaMonth(next);
  }
  return months.slice(-ROSTER_MONTHS_MAX);
}
