import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { conditionFailed, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys, SESSION_SORT_PREFIX } from '../../platform/dynamo/keys';
import { TABLE_TTL_ATTRIBUTE } from '../../platform/dynamo/table-definition';
import type { AccountStore, Activation, ActivationStore, Session, SessionStore, StaffAccount } from '../port';
import type { LockState, StaffRole } from '../rules/accounts';
import { ACTIVATION_CODE_DIGITS, graceStart } from '../rules/devices';

/**
 * The identity area's items: staff accounts (with their usernames), volunteers' sign-in state,
 * sessions and devices, activations. Each conditional write here enforces one rule of
 * rules/accounts.ts or rules/devices.ts; the rule's name is beside it.
 */
interface Table {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/** Staff of one county: one page of the staff index holds them all; bounded anyway. */
const STAFF_PAGES_MAX = 10;
/** A volunteer's sessions: a handful of phones, plus expired ones until TTL takes them. */
const SESSION_PAGES_MAX = 5;
/** Expired sessions and activations stay a week for the record, then DynamoDB's TTL removes them. */
const EXPIRED_KEEP_SECONDS = 7 * 24 * 60 * 60;

const epochSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

function toLock(guard: Record<string, unknown> | undefined): LockState {
  return { failedSignIns: Number(guard?.failedSignIns ?? 0), lockedUntil: text(guard?.lockedUntil) };
}

function toStaff(item: Record<string, unknown>, guard: Record<string, unknown> | undefined): StaffAccount {
  return {
    userId: String(item.userId),
    username: String(item.username),
    name: String(item.name),
    roles: (Array.isArray(item.roles) ? item.roles : []) as StaffRole[],
    storeId: text(item.storeId),
    orgId: text(item.orgId),
    disabled: item.disabled === true,
    tokenVersion: Number(item.tokenVersion ?? 1),
    passwordHash: String(item.passwordHash),
    mustChangePassword: item.mustChangePassword === true,
    totpSecret: text(item.totpSecret),
    lock: toLock(guard),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt),
  };
}

function staffItem(account: StaffAccount): Record<string, unknown> {
  const { storeId, orgId, totpSecret, lock: _lock, ...rest } = account;
  return {
    ...keys.staffAccount(account.userId),
    ...keys.staffListing(account.userId),
    entity: ENTITY.staffAccount,
    ...rest,
    ...(storeId === undefined ? {} : { storeId }),
    ...(orgId === undefined ? {} : { orgId }),
    ...(totpSecret === undefined ? {} : { totpSecret }),
  };
}

export class DynamoAccountStore implements AccountStore {
  constructor(private readonly table: Table) {}

  async staffByUsername(username: string): Promise<StaffAccount | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({ TableName: this.table.tableName, Key: keys.username(username), ConsistentRead: true }),
    );
    return Item === undefined ? undefined : this.staff(String(Item.userId));
  }

  async staff(userId: string): Promise<StaffAccount | undefined> {
    // The account and its sign-in guard share a partition: one query reads both.
    const { Items } = await this.table.client.send(
      new QueryCommand({
        TableName: this.table.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.staffAccount(userId).pk },
        ConsistentRead: true,
      }),
    );
    const account = Items?.find((item) => item.entity === ENTITY.staffAccount);
    const guard = Items?.find((item) => item.entity === ENTITY.signInGuard);
    return account === undefined ? undefined : toStaff(account, guard);
  }

  async listStaff(): Promise<StaffAccount[]> {
    const accounts = new Map<string, Record<string, unknown>>();
    const guards = new Map<string, Record<string, unknown>>();
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < STAFF_PAGES_MAX; page += 1) {
      const answer = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :staff',
          ExpressionAttributeValues: { ':staff': keys.staffListingPartition },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? []) {
        if (item.entity === ENTITY.staffAccount) accounts.set(String(item.userId), item);
        if (item.entity === ENTITY.signInGuard) guards.set(String(item.userId), item);
      }
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return [...accounts].map(([userId, item]) => toStaff(item, guards.get(userId)));
  }

  /** Condition checks that the store and organisation an account names exist. */
  private scopeChecks(account: StaffAccount) {
    return [
      ...(account.storeId === undefined
        ? []
        : [{ key: keys.store(account.storeId), outcome: 'unknown-store' as const }]),
      ...(account.orgId === undefined
        ? []
        : [{ key: keys.org(account.orgId), outcome: 'unknown-org' as const }]),
    ];
  }

  /** One transaction: the account's write, its other items, then the scope checks; the outcome of a refusal. */
  private async writeAccount<T extends string>(
    account: StaffAccount,
    first: Record<string, unknown>[],
    refusedFirst: T[],
  ): Promise<T | 'unknown-store' | 'unknown-org' | 'done'> {
    const checks = this.scopeChecks(account);
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            ...first,
            ...checks.map((check) => ({
              ConditionCheck: {
                TableName: this.table.tableName,
                Key: check.key,
                ConditionExpression: 'attribute_exists(pk)',
              },
            })),
          ] as never,
        }),
      );
      return 'done';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = reasonsOf(error);
      for (const [index, outcome] of refusedFirst.entries())
        if (conditionFailed(reasons[index])) return outcome;
      for (const [index, check] of checks.entries())
        if (conditionFailed(reasons[first.length + index])) return check.outcome;
      throw error;
    }
  }

  async createStaff(account: StaffAccount) {
    const outcome = await this.writeAccount(
      account,
      [
        {
          Put: {
            TableName: this.table.tableName,
            Item: staffItem(account),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        {
          // A username names one account: its pointer is claimed in the same transaction.
          Put: {
            TableName: this.table.tableName,
            Item: { ...keys.username(account.username), entity: ENTITY.username, userId: account.userId },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      ],
      ['username-taken', 'username-taken'],
    );
    return outcome === 'done' ? ('created' as const) : outcome;
  }

  async replaceStaff(account: StaffAccount, expectedUpdatedAt: string) {
    const outcome = await this.writeAccount(
      account,
      [
        {
          Put: {
            TableName: this.table.tableName,
            Item: staffItem(account),
            // No lost update: the account is still as it was read.
            ConditionExpression: 'updatedAt = :expected',
            ExpressionAttributeValues: { ':expected': expectedUpdatedAt },
          },
        },
      ],
      ['changed-meanwhile'],
    );
    return outcome === 'done' ? ('replaced' as const) : outcome;
  }

  async recordFailure(userId: string, lock: LockState): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.signInGuard(userId),
          ...keys.signInGuardListing(userId),
          entity: ENTITY.signInGuard,
          userId,
          failedSignIns: lock.failedSignIns,
          ...(lock.lockedUntil === undefined ? {} : { lockedUntil: lock.lockedUntil }),
        },
      }),
    );
  }

  async clearFailures(userId: string): Promise<void> {
    await this.table.client.send(
      new DeleteCommand({ TableName: this.table.tableName, Key: keys.signInGuard(userId) }),
    );
  }

  async volunteerLogin(volunteerId: string): Promise<{ tokenVersion: number }> {
    // Opened at version 1 by the first activation; later ones leave the version as it is.
    const { Attributes } = await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.volunteerLogin(volunteerId),
        UpdateExpression: 'SET entity = :entity, tokenVersion = if_not_exists(tokenVersion, :one)',
        ExpressionAttributeValues: { ':entity': ENTITY.volunteerLogin, ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return { tokenVersion: Number(Attributes?.tokenVersion ?? 1) };
  }

  async bumpVolunteer(volunteerId: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.volunteerLogin(volunteerId),
        UpdateExpression: 'SET entity = :entity ADD tokenVersion :one',
        ExpressionAttributeValues: { ':entity': ENTITY.volunteerLogin, ':one': 1 },
      }),
    );
  }

  async accessOf(subject: string): Promise<{ tokenVersion: number; disabled: boolean } | undefined> {
    const key = subject.startsWith('st_')
      ? keys.staffAccount(subject)
      : subject.startsWith('vo_')
        ? keys.volunteerLogin(subject.slice(3))
        : undefined;
    if (key === undefined) return undefined;
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: key,
        ProjectionExpression: 'tokenVersion, disabled',
      }),
    );
    return Item === undefined
      ? undefined
      : { tokenVersion: Number(Item.tokenVersion ?? 1), disabled: Item.disabled === true };
  }
}

function toSession(item: Record<string, unknown>): Session {
  return {
    owner: String(item.pk),
    sessionId: String(item.sessionId),
    kind: item.kind === 'device' ? 'device' : 'staff',
    name: text(item.name),
    pinHash: text(item.pinHash),
    pinFailures: Number(item.pinFailures ?? 0),
    secretHash: String(item.secretHash),
    previousSecretHash: text(item.previousSecretHash),
    rotatedAt: text(item.rotatedAt),
    createdAt: String(item.createdAt),
    lastUsedAt: String(item.lastUsedAt),
    expiresAt: String(item.validUntil),
    revokedAt: text(item.revokedAt),
  };
}

export class DynamoSessionStore implements SessionStore {
  constructor(private readonly table: Table) {}

  async create(session: Session): Promise<void> {
    const { owner, name, pinHash, revokedAt: _revoked, expiresAt, ...rest } = session;
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.tableName,
        Item: {
          ...keys.session(owner, session.sessionId),
          entity: ENTITY.session,
          ...rest,
          validUntil: expiresAt,
          pinFailures: 0,
          ...(name === undefined ? {} : { name }),
          ...(pinHash === undefined ? {} : { pinHash }),
          [TABLE_TTL_ATTRIBUTE]: epochSeconds(expiresAt) + EXPIRED_KEEP_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(owner: string, sessionId: string): Promise<Session | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.session(owner, sessionId),
        ConsistentRead: true,
      }),
    );
    return Item?.entity === ENTITY.session ? toSession(Item) : undefined;
  }

  async rotate(
    session: Session,
    presented: { hash: string; which: 'current' | 'previous' },
    next: { secretHash: string; expiresAt: string; at: string },
  ) {
    const fromCurrent = presented.which === 'current';
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.session(session.owner, session.sessionId),
          UpdateExpression: `SET secretHash = :next, validUntil = :expires, lastUsedAt = :at, pinFailures = :zero, #ttl = :ttl${
            fromCurrent ? ', previousSecretHash = :presented, rotatedAt = :at' : ''
          }`,
          // canRefresh: not revoked, not expired, and the secret presented is the current one, or
          // the one just replaced within the grace.
          ConditionExpression: `attribute_not_exists(revokedAt) AND validUntil > :at AND ${
            fromCurrent
              ? 'secretHash = :presented'
              : '(previousSecretHash = :presented AND rotatedAt > :grace)'
          }`,
          ExpressionAttributeNames: { '#ttl': TABLE_TTL_ATTRIBUTE },
          ExpressionAttributeValues: {
            ':next': next.secretHash,
            ':presented': presented.hash,
            ':expires': next.expiresAt,
            ':at': next.at,
            ':zero': 0,
            ':ttl': epochSeconds(next.expiresAt) + EXPIRED_KEEP_SECONDS,
            ...(fromCurrent ? {} : { ':grace': graceStart(next.at) }),
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async recordPinFailure(session: Session, revoke: boolean, at: string): Promise<void> {
    await this.table.client.send(
      new UpdateCommand({
        TableName: this.table.tableName,
        Key: keys.session(session.owner, session.sessionId),
        UpdateExpression: revoke ? 'ADD pinFailures :one SET revokedAt = :at' : 'ADD pinFailures :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':one': 1, ...(revoke ? { ':at': at } : {}) },
      }),
    );
  }

  async revoke(owner: string, sessionId: string, at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.session(owner, sessionId),
          UpdateExpression: 'SET revokedAt = :at',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(revokedAt)',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async list(owner: string): Promise<Session[]> {
    const sessions: Session[] = [];
    let startKey: Record<string, unknown> | undefined;
    for (let page = 0; page < SESSION_PAGES_MAX; page += 1) {
      const answer = await this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          KeyConditionExpression: 'pk = :owner AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':owner': owner, ':prefix': SESSION_SORT_PREFIX },
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of answer.Items ?? [])
        if (item.entity === ENTITY.session) sessions.push(toSession(item));
      startKey = answer.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return sessions;
  }
}

function toActivation(item: Record<string, unknown>): Activation {
  return {
    tokenHash: String(item.tokenHash),
    code: String(item.code),
    volunteerId: String(item.volunteerId),
    createdBy: String(item.createdBy),
    createdAt: String(item.createdAt),
    expiresAt: String(item.validUntil),
    usedAt: text(item.usedAt),
  };
}

export class DynamoActivationStore implements ActivationStore {
  constructor(private readonly table: Table) {}

  async create(activation: Activation): Promise<boolean> {
    const ttl = epochSeconds(activation.expiresAt) + EXPIRED_KEEP_SECONDS;
    const { expiresAt: _expires, ...withoutExpiry } = activation;
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.tableName,
                Item: {
                  ...keys.activation(activation.tokenHash),
                  entity: ENTITY.activation,
                  ...withoutExpiry,
                  validUntil: activation.expiresAt,
                  [TABLE_TTL_ATTRIBUTE]: ttl,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              // canClaimCode: no live activation holds this code.
              Put: {
                TableName: this.table.tableName,
                Item: {
                  ...keys.activationCode(activation.code),
                  entity: ENTITY.activationCode,
                  tokenHash: activation.tokenHash,
                  validUntil: activation.expiresAt,
                  [TABLE_TTL_ATTRIBUTE]: ttl,
                },
                ConditionExpression: 'attribute_not_exists(pk) OR validUntil <= :now',
                ExpressionAttributeValues: { ':now': activation.createdAt },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException && conditionFailed(reasonsOf(error)[1])) return false;
      throw error;
    }
  }

  async byToken(tokenHash: string): Promise<Activation | undefined> {
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.activation(tokenHash),
        ConsistentRead: true,
      }),
    );
    return Item?.entity === ENTITY.activation ? toActivation(Item) : undefined;
  }

  async byCode(code: string): Promise<Activation | undefined> {
    if (code.length !== ACTIVATION_CODE_DIGITS) return undefined;
    const { Item } = await this.table.client.send(
      new GetCommand({
        TableName: this.table.tableName,
        Key: keys.activationCode(code),
        ConsistentRead: true,
      }),
    );
    if (Item?.entity !== ENTITY.activationCode) return undefined;
    const activation = await this.byToken(String(Item.tokenHash));
    // A code re-used by a newer activation points at the newer one only.
    return activation?.code === code ? activation : undefined;
  }

  async use(tokenHash: string, at: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new UpdateCommand({
          TableName: this.table.tableName,
          Key: keys.activation(tokenHash),
          UpdateExpression: 'SET usedAt = :at',
          // canUseActivation: once, before it expires.
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(usedAt) AND validUntil > :at',
          ExpressionAttributeValues: { ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
