import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  type CancellationReason,
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../../ledger/store/ledger-store';
import { isContention, oldItemOf, reasonsOf } from '../../platform/dynamo/cancellation';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { backoffMs, defaultSleep, isRetryable } from '../../platform/dynamo/retry';
import type { IndexName } from '../../platform/dynamo/table-definition';
import { AppError, assert } from '../../platform/errors';
import { LEDGER_WRITE_ATTEMPTS_MAX, REGISTRATIONS_PER_TRANSACTION_MAX } from '../../platform/limits';
import { maskPhone } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import type { Runtime } from '../../platform/runtime';
import { type SigningKeys, signToken, verifyToken } from '../../platform/signed-token';
import type { RegisterVolunteerRequest, VolunteerProfile } from '../contract/volunteers';
import type { OrgTree } from '../rules/org-tree';
import { normalizeName, normalizePhone, samePerson, volunteerIdFor } from '../rules/volunteer-identity';
import { loadOrgTree, orgIsWithin } from '../store/org-directory';
import { assertMayAskAbout, assertMaySee, coordinatorCovers } from './volunteer-access';

export type VolunteerPorts = Pick<Runtime, 'client' | 'tableName' | 'now'>;

/** The stored profile. The phone is kept whole (11 digits) and masked in every answer. */
export interface ProfileItem {
  volunteerId: string;
  name: string;
  phone: string;
  orgId: string;
  externalId?: string;
  createdAt: string;
  createdBy: string;
  /** Names the one registration call that wrote the profile, to recognise our own lost answer. */
  registrationId: string;
}

export function toVolunteerProfile(item: ProfileItem): VolunteerProfile {
  return {
    id: item.volunteerId,
    name: item.name,
    orgId: item.orgId,
    phone: maskPhone(item.phone),
    ...(item.externalId === undefined ? {} : { externalId: item.externalId }),
    createdAt: item.createdAt,
  };
}

/**
 * What a registration came to. Only `created` wrote anything; the rest name what stood in the way:
 * the same person already registered (`alreadyRegistered`), the same name and phone registered
 * with another or no externalId (`samePersonElsewhere`), or an externalId held by someone else.
 */
export type RegistrationOutcome =
  | { kind: 'created'; profile: ProfileItem }
  | { kind: 'alreadyRegistered'; existingId: string; existingOrgId: string }
  | { kind: 'samePersonElsewhere'; existingId: string; existingOrgId: string }
  | { kind: 'externalIdTaken' };

export interface RegistrationOptions {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const INDEX_BY_ORG: IndexName = 'gsi1';
const EXPECTED_CANCELLATIONS = new Set([
  'None',
  'ConditionalCheckFailed',
  'TransactionConflict',
  'ThrottlingError',
]);
const CURSOR_PURPOSE = 'org-volunteers-cursor';
const SALT_ATTEMPTS_MAX = 5;

/** One salt per table for the life of the process; a failed read is not kept. */
const salts = new Map<string, Promise<string>>();

async function loadOrCreateSalt(ports: VolunteerPorts, proposed?: string): Promise<string> {
  const key = keys.volunteerIdSalt();
  for (let attempt = 0; attempt < SALT_ATTEMPTS_MAX; attempt += 1) {
    try {
      const found = await ports.client.send(
        new GetCommand({ TableName: ports.tableName, Key: key, ConsistentRead: true }),
      );
      if (typeof found.Item?.salt === 'string') return found.Item.salt;
      // The first registration of a table makes the salt; a concurrent first one loses the race
      // and reads the winner's on the next round.
      const salt = proposed ?? randomBytes(32).toString('base64url');
      await ports.client.send(
        new PutCommand({
          TableName: ports.tableName,
          Item: { ...key, entity: ENTITY.setting, salt, createdAt: ports.now().toISOString() },
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

/** The key volunteer ids are derived with: random, made once per table, never changed. */
export function volunteerIdSalt(ports: VolunteerPorts): Promise<string> {
  let salt = salts.get(ports.tableName);
  if (salt === undefined) {
    salt = loadOrCreateSalt(ports);
    salts.set(ports.tableName, salt);
    salt.catch(() => salts.delete(ports.tableName));
  }
  return salt;
}

/**
 * Gives a new table a known salt, so that fixed demo data can name its volunteers' ids in
 * advance. A table that has a salt keeps it; the salt in force is returned either way.
 */
export async function initVolunteerIdSalt(ports: VolunteerPorts, salt: string): Promise<string> {
  const effective = await loadOrCreateSalt(ports, salt);
  salts.set(ports.tableName, Promise.resolve(effective));
  return effective;
}

/** The id registration gives (or gave) this person in this table, however name and phone are written. */
export async function volunteerIdOf(
  ports: VolunteerPorts,
  person: { name: string; phone: string },
): Promise<string> {
  const normalized = { name: normalizeName(person.name), phone: normalizePhone(person.phone) };
  return volunteerIdFor(normalized, await volunteerIdSalt(ports));
}

const failedItem = (reason: CancellationReason | undefined): Record<string, unknown> | undefined =>
  oldItemOf(reason);

/**
 * Reads why a registration was cancelled: the items come back in order (profile, externalId)
 * with their old values.
 */
function explainRegistration(
  reasons: CancellationReason[],
  profile: ProfileItem,
): RegistrationOutcome | 'retry' | AppError {
  if (isContention(reasons)) return 'retry';
  const [profileReason, externalReason] = reasons;
  const oldProfile = failedItem(profileReason) as ProfileItem | undefined;
  if (oldProfile !== undefined) {
    // An earlier attempt of this very call committed and its answer was lost.
    if (oldProfile.registrationId === profile.registrationId) return { kind: 'created', profile: oldProfile };
    // The id is derived from name and phone: another person here is an 80-bit collision.
    if (!samePerson(oldProfile, profile)) return new AppError('CONFLICT', 'Another volunteer holds this id');
    return oldProfile.externalId === profile.externalId
      ? { kind: 'alreadyRegistered', existingId: oldProfile.volunteerId, existingOrgId: oldProfile.orgId }
      : { kind: 'samePersonElsewhere', existingId: oldProfile.volunteerId, existingOrgId: oldProfile.orgId };
  }
  if (failedItem(externalReason) !== undefined) return { kind: 'externalIdTaken' };
  return 'retry';
}

interface PreparedRegistration {
  profile: ProfileItem;
  items: TransactItem[];
}

/**
 * The items of one registration: the profile (with its organisation index keys) and, with an
 * externalId, its uniqueness item, each only if absent. The same person twice collides on the
 * profile, whose id is derived from name and phone. The points account is opened by the first
 * movement (LedgerStore.postMovement); until then the profile answers for it at balance 0.
 */
function prepareRegistration(
  ports: VolunteerPorts,
  actor: Principal,
  input: RegisterVolunteerRequest,
  salt: string,
  at: string,
): PreparedRegistration {
  const volunteerId = volunteerIdFor(input, salt);
  const profile: ProfileItem = {
    volunteerId,
    name: input.name,
    phone: input.phone,
    orgId: input.orgId,
    ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
    createdAt: at,
    createdBy: actor.userId,
    registrationId: randomUUID(),
  };
  const absent = {
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  } as const;
  const items: TransactItem[] = [
    {
      Put: {
        TableName: ports.tableName,
        Item: {
          ...keys.volunteerProfile(volunteerId),
          ...keys.volunteerByOrg(input.orgId, volunteerId),
          entity: ENTITY.volunteerProfile,
          ...profile,
        },
        ...absent,
      },
    },
  ];
  if (input.externalId !== undefined) {
    items.push({
      Put: {
        TableName: ports.tableName,
        Item: { ...keys.externalId(input.externalId), entity: ENTITY.uniqueKey, volunteerId, createdAt: at },
        ...absent,
      },
    });
  }
  return { profile, items };
}

/** A registration's outcome when it is written with others: its own failure does not stop theirs. */
export type BatchRegistrationOutcome = RegistrationOutcome | { kind: 'failed'; error: AppError };

/**
 * DynamoDB's idempotency token for one attempt: the same rows give the same token, so a resend of
 * an attempt that committed is a no-op; fewer rows (after some were settled) give another.
 */
const tokenFor = (prepared: readonly PreparedRegistration[]): string =>
  createHash('sha256')
    .update(prepared.map((registration) => registration.profile.registrationId).join(','))
    .digest('base64url')
    .slice(0, 36);

/**
 * Writes up to REGISTRATIONS_PER_TRANSACTION_MAX registrations in one transaction, so each is
 * all-or-nothing and the database decides every uniqueness rule. A cancelled transaction names the
 * items that failed: those registrations get their outcome (already registered, externalId taken,
 * ...) and the others are written again without them. The inputs must be distinct people with
 * distinct externalIds (a transaction may not touch one item twice). Scope and the organisation's
 * existence are the caller's to check first (organisations are never deleted).
 */
export async function writeRegistrations(
  ports: VolunteerPorts,
  actor: Principal,
  inputs: readonly RegisterVolunteerRequest[],
  options: RegistrationOptions = {},
): Promise<BatchRegistrationOutcome[]> {
  assert(inputs.length <= REGISTRATIONS_PER_TRANSACTION_MAX, 'too many registrations for one transaction');
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const salt = await volunteerIdSalt(ports);
  const at = ports.now().toISOString();
  const prepared = inputs.map((input) => prepareRegistration(ports, actor, input, salt, at));
  const outcomes: (BatchRegistrationOutcome | undefined)[] = inputs.map(() => undefined);
  let pending = prepared.map((_, index) => index);
  let wait = false;
  for (let attempt = 0; attempt < LEDGER_WRITE_ATTEMPTS_MAX && pending.length > 0; attempt += 1) {
    if (wait) await sleep(backoffMs(attempt, random));
    const batch = pending.map((index) => prepared[index] as PreparedRegistration);
    try {
      await ports.client.send(
        new TransactWriteCommand({
          TransactItems: batch.flatMap((registration) => registration.items),
          ClientRequestToken: tokenFor(batch),
        }),
      );
      for (const index of pending) {
        outcomes[index] = { kind: 'created', profile: (prepared[index] as PreparedRegistration).profile };
      }
      pending = [];
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) {
        if (!isRetryable(error)) throw error;
        wait = true;
        continue;
      }
      const reasons = reasonsOf(error);
      // Anything but a failed condition, a conflict or throttling is not a race: it is not retried.
      if (reasons.some((reason) => !EXPECTED_CANCELLATIONS.has(reason.Code ?? 'None'))) throw error;
      const unsettled: number[] = [];
      let offset = 0;
      for (const index of pending) {
        const registration = prepared[index] as PreparedRegistration;
        const own = reasons.slice(offset, offset + registration.items.length);
        offset += registration.items.length;
        const verdict = own.some((reason) => reason.Code === 'ConditionalCheckFailed')
          ? explainRegistration(own, registration.profile)
          : 'retry';
        if (verdict === 'retry') unsettled.push(index);
        else outcomes[index] = verdict instanceof AppError ? { kind: 'failed', error: verdict } : verdict;
      }
      // Conflicts and throttling settle nothing: wait before the next try. Settled rows: go on now.
      wait = unsettled.length === pending.length;
      pending = unsettled;
    }
  }
  const busy = new AppError('UNAVAILABLE', 'Busy; try the registration again');
  return outcomes.map((outcome) => outcome ?? { kind: 'failed', error: busy });
}

/** One registration: POST /v1/volunteers and anything else that registers a single person. */
export async function writeRegistration(
  ports: VolunteerPorts,
  actor: Principal,
  input: RegisterVolunteerRequest,
  options: RegistrationOptions = {},
): Promise<RegistrationOutcome> {
  const [outcome] = await writeRegistrations(ports, actor, [input], options);
  assert(outcome !== undefined, 'one outcome per registration');
  if (outcome.kind === 'failed') throw outcome.error;
  return outcome;
}

/** Registering needs an existing organisation, and a coordinator may register only in their subtree. */
export function assertMayRegisterInto(principal: Principal, tree: OrgTree, orgId: string): void {
  if (tree.get(orgId) === undefined) {
    throw new AppError('VALIDATION_FAILED', `找不到组织 ${orgId} (no organisation ${orgId})`, {
      fields: [{ path: 'body.orgId', message: 'no such organisation' }],
    });
  }
  if (hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId)) return;
  throw new AppError('FORBIDDEN', 'You may register volunteers only in your own organisation and below it');
}

/**
 * The one answer a caller gets for a registration that collides with someone they may not see:
 * it names no volunteer and does not say whether the person or the externalId collided, so a
 * coordinator cannot use registration to learn who or what exists outside their subtree.
 */
const registeredOutOfSight = () =>
  new AppError(
    'CONFLICT',
    '此人或此志愿者编号已在别处登记，请联系县志愿服务中心 (this person or externalId is already registered elsewhere; ask the county office)',
  );

/**
 * POST /v1/volunteers: one registration. Sending the same person again into the same organisation
 * answers with the volunteer already there (creation is idempotent, so a retried or repeated form
 * never makes a second volunteer); the same person elsewhere, or a taken externalId, is a 409.
 * A 409 names the volunteer already registered (`existingId`) only when the caller may read that
 * volunteer (an admin, or a coordinator whose subtree holds them); otherwise it is the same
 * answer whatever collided.
 */
export async function registerVolunteer(
  ports: VolunteerPorts,
  principal: Principal,
  input: RegisterVolunteerRequest,
  options: RegistrationOptions = {},
): Promise<VolunteerProfile> {
  const tree = await loadOrgTree(ports.client, ports.tableName);
  assertMayRegisterInto(principal, tree, input.orgId);
  const outcome = await writeRegistration(ports, principal, input, options);
  const maySee = (orgId: string) => hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId);
  switch (outcome.kind) {
    case 'created':
      return toVolunteerProfile(outcome.profile);
    case 'alreadyRegistered': {
      if (!maySee(outcome.existingOrgId)) throw registeredOutOfSight();
      const existing = await readProfile(ports, outcome.existingId);
      if (existing !== undefined && existing.orgId === input.orgId) {
        return { ...toVolunteerProfile(existing), alreadyRegistered: true };
      }
      throw new AppError(
        'CONFLICT',
        '这位志愿者已在另一个组织登记 (this volunteer is registered in another organisation)',
        {
          extra: { existingId: outcome.existingId },
        },
      );
    }
    case 'samePersonElsewhere':
      if (!maySee(outcome.existingOrgId)) throw registeredOutOfSight();
      throw new AppError(
        'CONFLICT',
        '同名同手机号的志愿者已登记,志愿者编号不同 (this name and phone are already registered with another externalId)',
        { extra: { existingId: outcome.existingId } },
      );
    case 'externalIdTaken':
      // Who holds the externalId is not read: only an admin, who sees everyone, is told which field collided.
      if (!hasRole(principal, 'admin')) throw registeredOutOfSight();
      throw new AppError(
        'CONFLICT',
        '志愿者编号已被另一位志愿者使用 (externalId belongs to another volunteer)',
        {
          fields: [{ path: 'body.externalId', message: 'taken' }],
        },
      );
  }
}

/** Keys per BatchGetItem call, and rounds for the keys DynamoDB hands back unprocessed. */
const BATCH_GET_KEYS_MAX = 100;
const BATCH_GET_ROUNDS_MAX = 5;

/** True when a stored profile is this very registration: same person, same externalId. */
export function isSameRegistration(profile: ProfileItem, input: RegisterVolunteerRequest): boolean {
  return samePerson(profile, input) && profile.externalId === input.externalId;
}

/**
 * The profiles among up to 100 ids, read in one BatchGetItem. Keys still unprocessed after a few
 * rounds are left out: callers treat a missing profile as "try the write", which is always safe.
 */
export async function readProfiles(
  ports: VolunteerPorts,
  volunteerIds: readonly string[],
  options: RegistrationOptions = {},
): Promise<Map<string, ProfileItem>> {
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const found = new Map<string, ProfileItem>();
  let pending: Record<string, unknown>[] = [...new Set(volunteerIds)]
    .slice(0, BATCH_GET_KEYS_MAX)
    .map((volunteerId) => ({ ...keys.volunteerProfile(volunteerId) }));
  for (let round = 0; round < BATCH_GET_ROUNDS_MAX && pending.length > 0; round += 1) {
    if (round > 0) await sleep(backoffMs(round, random));
    const result = await ports.client.send(
      new BatchGetCommand({ RequestItems: { [ports.tableName]: { Keys: pending, ConsistentRead: true } } }),
    );
    for (const item of result.Responses?.[ports.tableName] ?? []) {
      const profile = item as ProfileItem;
      found.set(profile.volunteerId, profile);
    }
    pending = result.UnprocessedKeys?.[ports.tableName]?.Keys ?? [];
  }
  return found;
}

async function readProfile(ports: VolunteerPorts, volunteerId: string): Promise<ProfileItem | undefined> {
  const result = await ports.client.send(
    new GetCommand({
      TableName: ports.tableName,
      Key: keys.volunteerProfile(volunteerId),
      ConsistentRead: true,
    }),
  );
  return result.Item as ProfileItem | undefined;
}

/** GET /v1/volunteers/{id}: the admin, a coordinator of the subtree, or the volunteer themself. */
export async function getVolunteer(
  ports: VolunteerPorts,
  principal: Principal,
  volunteerId: string,
): Promise<VolunteerProfile> {
  assertMayAskAbout(principal, volunteerId);
  const profile = await readProfile(ports, volunteerId);
  await assertMaySee(
    principal,
    profile === undefined ? undefined : { volunteerId: profile.volunteerId, orgId: profile.orgId },
    (orgId, ancestorId) => orgIsWithin(ports.client, ports.tableName, orgId, ancestorId),
  );
  if (profile === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  return toVolunteerProfile(profile);
}

interface CursorPayload {
  v: 1;
  orgId: string;
  after: string;
}

function readCursor(cursor: string, orgId: string, signing: SigningKeys): string {
  const payload = verifyToken(cursor, signing, CURSOR_PURPOSE) as Partial<CursorPayload> | undefined;
  if (payload?.v !== 1 || payload.orgId !== orgId || typeof payload.after !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid for this list', {
      fields: [{ path: 'query.cursor', message: 'invalid cursor' }],
    });
  }
  return payload.after;
}

/**
 * GET /v1/orgs/{orgId}/volunteers: the volunteers registered directly in one organisation, by id,
 * a page at a time through the organisation index; the cursor is signed so it cannot be forged.
 */
export async function listOrgVolunteers(
  ports: VolunteerPorts,
  signing: SigningKeys,
  principal: Principal,
  orgId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ orgId: string; volunteers: VolunteerProfile[]; nextCursor: string | null }> {
  const after = page.cursor === undefined ? undefined : readCursor(page.cursor, orgId, signing);
  const tree = await loadOrgTree(ports.client, ports.tableName);
  if (
    tree.get(orgId) === undefined ||
    !(hasRole(principal, 'admin') || coordinatorCovers(principal, tree, orgId))
  ) {
    throw new AppError('NOT_FOUND', 'No such organisation');
  }
  const result = await ports.client.send(
    new QueryCommand({
      TableName: ports.tableName,
      IndexName: INDEX_BY_ORG,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.volunteerByOrgPartition(orgId) },
      Limit: page.limit,
      ...(after === undefined
        ? {}
        : {
            ExclusiveStartKey: { ...keys.volunteerProfile(after), ...keys.volunteerByOrg(orgId, after) },
          }),
    }),
  );
  const profiles = (result.Items ?? []) as ProfileItem[];
  const last = profiles.at(-1);
  const nextCursor =
    result.LastEvaluatedKey !== undefined && last !== undefined
      ? signToken({ v: 1, orgId, after: last.volunteerId } satisfies CursorPayload, signing, CURSOR_PURPOSE)
      : null;
  return { orgId, volunteers: profiles.map(toVolunteerProfile), nextCursor };
}
