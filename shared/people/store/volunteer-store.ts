import { createHash, randomBytes } from 'node:crypto';
import {
  type CancellationReason,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { BATCH_GET_KEYS_MAX, batchGetItems } from '../../platform/dynamo/batch-get';
import { conditionFailed, isContention, oldItemOf, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import type { IndexName } from '../../platform/dynamo/table-definition';
import { AppError } from '../../platform/errors';
import type { DetailsChange, DetailsWrite, Pace, RegistrationAttempt, VolunteerStore } from '../port';
import type { ProfileItem, RegistrationCollision } from '../rules/registration';
import { filterableExactly, matches, type VolunteerSearch } from '../rules/volunteer-search';

export interface VolunteerStoreTable {
  client: DynamoDBDocumentClient;
  tableName: string;
  now: () => Date;
}

const INDEX_BY_ORG: IndexName = 'gsi1';
/** Cancellation codes of a race (a failed condition, a conflict, throttling); any other is not retried. */
const EXPECTED_CANCELLATIONS = new Set([
  'None',
  'ConditionalCheckFailed',
  'TransactionConflict',
  'ThrottlingError',
]);
/** Rounds of making or reading the salt: a concurrent first registration loses once, then reads. */
const SALT_ATTEMPTS_MAX = 5;
/** Random bytes of a new table's salt: 256 bits, as the HMAC's block of key material. */
const SALT_BYTES = 32;
/** Requests per batch read, asking again for the keys DynamoDB handed back unprocessed. */
const BATCH_GET_ROUNDS_MAX = 5;
/** DynamoDB's longest ClientRequestToken. */
const REQUEST_TOKEN_LENGTH_MAX = 36;

const PROFILE_FIELDS = [
  'volunteerId',
  'name',
  'phone',
  'orgId',
  'externalId',
  'createdAt',
  'createdBy',
  'registrationId',
  'gender',
  'idType',
  'idNumberMasked',
  'idSealed',
  'idLookup',
  'skills',
  'serviceIntentions',
  'erasedAt',
] as const satisfies readonly (keyof ProfileItem)[];

/** The profile of a stored item: without its keys and index attributes. */
function profileOf(item: Record<string, unknown>): ProfileItem {
  const profile: Record<string, unknown> = {};
  for (const field of PROFILE_FIELDS) if (item[field] !== undefined) profile[field] = item[field];
  return profile as unknown as ProfileItem;
}

/** One salt per table for the life of the process; a failed read is not kept. */
const salts = new Map<string, Promise<string>>();

/**
 * DynamoDB's idempotency token for one attempt: the same registrations give the same token, so a
 * resend of an attempt that committed is a no-op; fewer (after some were settled) give another.
 */
const tokenFor = (registrations: readonly ProfileItem[]): string =>
  createHash('sha256')
    .update(registrations.map((registration) => registration.registrationId).join(','))
    .digest('base64url')
    .slice(0, REQUEST_TOKEN_LENGTH_MAX);

/** What each item of one registration is, in the order they are sent. */
type RegistrationItemKind = 'profile' | 'externalId' | 'idNumber';

const absent = {
  ConditionExpression: 'attribute_not_exists(pk)',
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
} as const;

/** The uniqueness item of an ID number: its lookup hash names the volunteer holding it. */
const idNumberGuard = (tableName: string, lookup: string, volunteerId: string, at: string): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...keys.idNumber(lookup), entity: ENTITY.uniqueKey, volunteerId, createdAt: at },
    ...absent,
  },
});

/**
 * The items of one registration: the profile (with its organisation index keys), with an
 * externalId its uniqueness item, and with an ID number its guard, each only if absent
 * (`mayRegister`, `mayClaimExternalId`, `mayClaimIdNumber`). The same person twice collides on
 * the profile, whose id is derived from name and phone, or on the ID number's guard. The points
 * account is opened by the first movement (LedgerStore.postMovement); until then the profile
 * answers for it at balance 0.
 */
function registrationItems(
  tableName: string,
  profile: ProfileItem,
): { items: TransactItem[]; kinds: RegistrationItemKind[] } {
  const kinds: RegistrationItemKind[] = ['profile'];
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.volunteerProfile(profile.volunteerId),
          ...keys.volunteerByOrg(profile.orgId, profile.volunteerId),
          entity: ENTITY.volunteerProfile,
          ...profile,
        },
        ...absent,
      },
    },
  ];
  if (profile.externalId !== undefined) {
    items.push({
      Put: {
        TableName: tableName,
        Item: {
          ...keys.externalId(profile.externalId),
          entity: ENTITY.uniqueKey,
          volunteerId: profile.volunteerId,
          createdAt: profile.createdAt,
        },
        ...absent,
      },
    });
    kinds.push('externalId');
  }
  if (profile.idLookup !== undefined) {
    items.push(idNumberGuard(tableName, profile.idLookup, profile.volunteerId, profile.createdAt));
    kinds.push('idNumber');
  }
  return { items, kinds };
}

/**
 * What stood in one registration's way, from its items' reasons (profile, externalId, ID number)
 * with their old values; undefined when none of its own conditions failed or a race got in the way.
 */
function collisionOf(
  reasons: readonly CancellationReason[],
  kinds: readonly RegistrationItemKind[],
): RegistrationCollision | undefined {
  if (!reasons.some(conditionFailed) || isContention(reasons)) return undefined;
  const reasonOf = (kind: RegistrationItemKind) => {
    const index = kinds.indexOf(kind);
    return index < 0 ? undefined : reasons[index];
  };
  const stored = oldItemOf(reasonOf('profile'));
  const idHolder = oldItemOf<{ volunteerId?: unknown }>(reasonOf('idNumber'))?.volunteerId;
  return {
    ...(stored === undefined ? {} : { profile: profileOf(stored) }),
    externalIdHeld: oldItemOf(reasonOf('externalId')) !== undefined,
    ...(typeof idHolder === 'string' ? { idNumberHolder: idHolder } : {}),
  };
}

/** The attribute names a change of details may touch, as expression names (`#gender`, …). */
const DETAIL_NAMES = {
  gender: '#gender',
  idType: '#idType',
  idNumberMasked: '#idNumberMasked',
  idSealed: '#idSealed',
  idLookup: '#idLookup',
  skills: '#skills',
  serviceIntentions: '#serviceIntentions',
} as const satisfies Record<string, string>;

/**
 * The items of one change of details: the profile's update (only while it exists and its ID number
 * is the one read), and when the number changes, the new guard (`mayClaimIdNumber`) and the old
 * one's release (`mayReleaseIdNumber`: only by the volunteer holding it).
 */
function detailsItems(tableName: string, change: DetailsChange): { items: TransactItem[]; claimAt?: number } {
  const names: Record<string, string> = { '#idLookup': 'idLookup' };
  const values: Record<string, unknown> = { ':updatedAt': change.updatedAt, ':updatedBy': change.updatedBy };
  const sets = ['updatedAt = :updatedAt', 'updatedBy = :updatedBy'];
  for (const [field, value] of Object.entries(change.set)) {
    const name = DETAIL_NAMES[field as keyof typeof DETAIL_NAMES];
    names[name] = field;
    values[`:${field}`] = value;
    sets.push(`${name} = :${field}`);
  }
  const removes = change.remove.map((field) => {
    const name = DETAIL_NAMES[field];
    names[name] = field;
    return name;
  });
  const still =
    change.readLookup === undefined
      ? 'attribute_not_exists(#idLookup)'
      : (() => {
          values[':readLookup'] = change.readLookup;
          return '#idLookup = :readLookup';
        })();
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: keys.volunteerProfile(change.volunteerId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length === 0 ? '' : ` REMOVE ${removes.join(', ')}`}`,
        ConditionExpression: `attribute_exists(pk) AND ${still}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    },
  ];
  let claimAt: number | undefined;
  if (change.claimLookup !== undefined) {
    claimAt = items.length;
    items.push(idNumberGuard(tableName, change.claimLookup, change.volunteerId, change.updatedAt));
  }
  if (change.releaseLookup !== undefined) {
    items.push({
      Delete: {
        TableName: tableName,
        Key: keys.idNumber(change.releaseLookup),
        ConditionExpression: 'volunteerId = :me',
        ExpressionAttributeValues: { ':me': change.volunteerId },
      },
    });
  }
  return { items, ...(claimAt === undefined ? {} : { claimAt }) };
}

/**
 * Volunteers in DynamoDB: a profile item per volunteer at the id derived from name and phone
 * (keys.volunteerProfile, indexed by organisation), a uniqueness item per externalId
 * (keys.externalId), and the table's id salt (keys.volunteerIdSalt). A registration's conditions
 * are the rules of rules/registration.ts.
 */
export class DynamoVolunteerStore implements VolunteerStore {
  constructor(private readonly table: VolunteerStoreTable) {}

  private async loadOrCreateSalt(proposed?: string): Promise<string> {
    const { client, tableName } = this.table;
    const key = keys.volunteerIdSalt();
    for (let attempt = 0; attempt < SALT_ATTEMPTS_MAX; attempt += 1) {
      try {
        const found = await client.send(
          new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
        );
        if (typeof found.Item?.salt === 'string') return found.Item.salt;
        // The first registration of a table makes the salt (mayMakeIdSalt); a concurrent first one
        // loses the race and reads the winner's on the next round.
        const salt = proposed ?? randomBytes(SALT_BYTES).toString('base64url');
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...key, entity: ENTITY.setting, salt, createdAt: this.table.now().toISOString() },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
        return salt;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || isRetryable(error)) continue;
        throw error;
      }
    }
    throw new AppError('UNAVAILABLE', 'Busy; try again');
  }

  idSalt(): Promise<string> {
    const { tableName } = this.table;
    let salt = salts.get(tableName);
    if (salt === undefined) {
      salt = this.loadOrCreateSalt();
      salts.set(tableName, salt);
      salt.catch(() => salts.delete(tableName));
    }
    return salt;
  }

  async initIdSalt(proposed: string): Promise<string> {
    const effective = await this.loadOrCreateSalt(proposed);
    salts.set(this.table.tableName, Promise.resolve(effective));
    return effective;
  }

  async profile(volunteerId: string): Promise<ProfileItem | undefined> {
    const result = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.volunteerProfile(volunteerId),
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : profileOf(result.Item);
  }

  async profiles(volunteerIds: readonly string[], pace: Pace = {}): Promise<Map<string, ProfileItem>> {
    const random = pace.random ?? Math.random;
    const sleep = pace.sleep ?? defaultSleep;
    let round = 0;
    const { items } = await batchGetItems(
      this.table.client,
      this.table.tableName,
      [...new Set(volunteerIds)]
        .slice(0, BATCH_GET_KEYS_MAX)
        .map((volunteerId) => keys.volunteerProfile(volunteerId)),
      {
        consistent: true,
        roundsMax: BATCH_GET_ROUNDS_MAX,
        // A failed read is not retried (a missing profile only means "try the write"); a round that
        // asks again for unprocessed keys waits first.
        retry: async (call) => {
          if (round > 0) await sleep(backoffMs(round, random));
          round += 1;
          return call();
        },
      },
    );
    const found = new Map<string, ProfileItem>();
    for (const item of items) {
      const profile = profileOf(item);
      found.set(profile.volunteerId, profile);
    }
    return found;
  }

  async register(registrations: readonly ProfileItem[]): Promise<RegistrationAttempt> {
    const perRegistration = registrations.map((profile) => registrationItems(this.table.tableName, profile));
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: perRegistration.flatMap((registration) => registration.items),
          ClientRequestToken: tokenFor(registrations),
        }),
      );
      return { kind: 'written' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        if (!isRetryable(error)) throw error;
        return { kind: 'unsettled' };
      }
      const reasons = reasonsOf(error);
      // Anything but a failed condition, a conflict or throttling is not a race: it is not retried.
      if (reasons.some((reason) => !EXPECTED_CANCELLATIONS.has(reason.Code ?? 'None'))) throw error;
      let offset = 0;
      const collisions = perRegistration.map(({ items, kinds }) => {
        const own = reasons.slice(offset, offset + items.length);
        offset += items.length;
        return collisionOf(own, kinds);
      });
      return { kind: 'refused', collisions };
    }
  }

  async updateDetails(change: DetailsChange): Promise<DetailsWrite> {
    const { items, claimAt } = detailsItems(this.table.tableName, change);
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return { kind: 'written' };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        if (!isRetryable(error)) throw error;
        return { kind: 'stale' };
      }
      const reasons = reasonsOf(error);
      if (reasons.some((reason) => !EXPECTED_CANCELLATIONS.has(reason.Code ?? 'None'))) throw error;
      const [profileReason] = reasons;
      if (conditionFailed(profileReason))
        return oldItemOf(profileReason) === undefined ? { kind: 'missing' } : { kind: 'stale' };
      const holder =
        claimAt === undefined
          ? undefined
          : oldItemOf<{ volunteerId?: unknown }>(reasons[claimAt])?.volunteerId;
      if (typeof holder === 'string' && holder !== change.volunteerId)
        return { kind: 'idNumberTaken', existingId: holder };
      return { kind: 'stale' };
    }
  }

  async pageByOrg(
    orgId: string,
    after: string | undefined,
    limit: number,
  ): Promise<{ profiles: ProfileItem[]; more: boolean }> {
    const result = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        IndexName: INDEX_BY_ORG,
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.volunteerByOrgPartition(orgId) },
        Limit: limit,
        ...(after === undefined
          ? {}
          : {
              ExclusiveStartKey: { ...keys.volunteerProfile(after), ...keys.volunteerByOrg(orgId, after) },
            }),
      }),
    );
    return {
      profiles: (result.Items ?? []).map(profileOf),
      more: result.LastEvaluatedKey !== undefined,
    };
  }

  /**
   * A search reads the organisation's own index partition (the one `pageByOrg` pages through),
   * which every profile has had since its registration: no extra item or attribute is written, so
   * registrations and imports stay as they are and profiles written before the search are found.
   * The filter (the same test as `matches`) only keeps unmatched profiles off the wire: DynamoDB
   * counts what it reads, matched or not, so the caller bounds the pages.
   */
  async findInOrg(
    orgId: string,
    search: VolunteerSearch,
    limits: { want: number; pagesMax: number },
  ): Promise<{ profiles: ProfileItem[]; pagesRead: number; complete: boolean }> {
    const filter = !filterableExactly(search)
      ? {}
      : search.kind === 'phone'
        ? {
            FilterExpression: 'contains(phone, :text)',
            ExpressionAttributeValues: { ':text': search.digits },
          }
        : {
            FilterExpression: 'contains(#name, :text)',
            ExpressionAttributeNames: { '#name': 'name' },
            ExpressionAttributeValues: { ':text': search.text },
          };
    const found: ProfileItem[] = [];
    let startKey: Record<string, unknown> | undefined;
    let pagesRead = 0;
    do {
      const result = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: INDEX_BY_ORG,
          KeyConditionExpression: 'gsi1pk = :pk',
          ...filter,
          ExpressionAttributeValues: {
            ':pk': keys.volunteerByOrgPartition(orgId),
            ...filter.ExpressionAttributeValues,
          },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      pagesRead += 1;
      for (const item of result.Items ?? []) {
        const profile = profileOf(item);
        if (matches(profile, search)) found.push(profile);
      }
      startKey = result.LastEvaluatedKey;
    } while (startKey !== undefined && pagesRead < limits.pagesMax && found.length < limits.want);
    return { profiles: found, pagesRead, complete: startKey === undefined };
  }
}
