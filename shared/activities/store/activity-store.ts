import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { backoffMs, defaultSleep } from '../../platform/backoff';
import { chinaMonth } from '../../platform/china-time';
import { conditionFailed, isContention, reasonsOf } from '../../platform/dynamo/cancellation';
import { definedFields, type TableRef, withoutKeys } from '../../platform/dynamo/items';
import { ENTITY, keys } from '../../platform/dynamo/keys';
import { retryCall } from '../../platform/dynamo/retry';
import { AppError } from '../../platform/errors';
import { queryPages, withRetries } from '../../stores/store/reads';
import type { ActivityStore, AttendeeStore, DoorOutcome, SignUpOutcome } from '../port';
import {
  ACTIVITY_ATTENDEES_MAX,
  type Activity,
  type Actor,
  type Attendee,
  type Coordinates,
  DOOR_MEMORY_MS,
  type LateEntry,
  type Overtime,
  WAITLIST_MAX,
} from '../rules/activities';
import type { ActivityStatus } from '../rules/activity-flow';
import type { DayHours } from '../rules/hours';

type Table = TableRef;

/** Tries of one sign-up transaction when others on the same activity get in the way. */
const SIGN_UP_ATTEMPTS_MAX = 10;
/** Items of a roster page; a roster is ACTIVITY_ATTENDEES_MAX items at most. */
const ROSTER_PAGES_MAX = 20;
const CALENDAR_PAGES_MAX = 10;
/** Running activities one process remembers for the door at most (a county runs a few at once). */
const DOOR_MEMORY_ACTIVITIES_MAX = 100;

const strip = withoutKeys;

const call = <T>(run: () => Promise<T>): Promise<T> =>
  retryCall(run, { attempts: 4, exhausted: 'unavailable' });

/**
 * Activities in DynamoDB: the activity item (keys.activity, on the calendar index by month) holds
 * the status, its version and the sign-up counts; each person has their own item in the activity's
 * partition (keys.attendee), so a sign-in at the door is one write of one's own item and no item is
 * written by every sign-in. Sign-up takes a place in one transaction with the activity's count,
 * whose condition (`signedUp < capacity`) is what keeps 50 people from taking 10 places.
 */
export class DynamoActivityStore implements ActivityStore {
  /** Running activities as the door last read them (atTheDoor), per process. */
  private readonly door = new Map<string, { activity: Promise<Activity | undefined>; readAt: number }>();

  constructor(
    private readonly table: Table,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async create(activity: Activity & { createdWith: string }): Promise<boolean> {
    try {
      await call(() =>
        this.table.client.send(
          new PutCommand({
            TableName: this.table.tableName,
            Item: {
              ...keys.activity(activity.activityId),
              ...keys.activityCalendar(chinaMonth(activity.start), activity.start, activity.activityId),
              entity: ENTITY.activity,
              ...definedFields({ ...activity }),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        ),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(activityId: string) {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.activity(activityId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.activity
      ? strip<Activity & { createdWith?: string; lastStep?: { key: string; fingerprint: string } }>(Item)
      : undefined;
  }

  async transition(
    from: { activityId: string; version: number; statuses: readonly ActivityStatus[] },
    change: Partial<Pick<Activity, 'cancelReason' | 'recording' | 'recordEntries'>> & {
      status: ActivityStatus;
      updatedAt: string;
      step: { key: string; fingerprint: string };
    },
  ): Promise<boolean> {
    if (from.statuses.length === 0) return false;
    const sets = Object.entries(definedFields({ ...change, lastStep: change.step, step: undefined }));
    try {
      await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.activity(from.activityId),
            // canActivity: the status is one the step may start from (ACTIVITY_TRANSITIONS), and the
            // activity is still at the version read, so of two concurrent steps one is written.
            // Only the named fields change: the sign-up counts written meanwhile stay.
            UpdateExpression: `SET ${sets.map((_, index) => `#f${index} = :f${index}`).join(', ')}, version = version + :one`,
            ConditionExpression: `#status IN (${from.statuses.map((_, index) => `:from${index}`).join(', ')}) AND version = :version`,
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(sets.map(([name], index) => [`#f${index}`, name])),
            },
            ExpressionAttributeValues: {
              ...Object.fromEntries(sets.map(([, value], index) => [`:f${index}`, value])),
              ...Object.fromEntries(from.statuses.map((status, index) => [`:from${index}`, status])),
              ':version': from.version,
              ':one': 1,
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

  async atTheDoor(activityId: string): Promise<Activity | undefined> {
    const now = this.clock().getTime();
    const remembered = this.door.get(activityId);
    if (remembered !== undefined && now - remembered.readAt < DOOR_MEMORY_MS) {
      const activity = await remembered.activity;
      if (activity?.status === 'running') return activity;
    }
    // Scans arriving together share one read; only a running activity is kept.
    const reading = this.get(activityId);
    if (this.door.size >= DOOR_MEMORY_ACTIVITIES_MAX) this.door.delete(this.door.keys().next().value ?? '');
    this.door.set(activityId, { activity: reading, readAt: now });
    const activity = await reading.catch((error: unknown) => {
      this.door.delete(activityId);
      throw error;
    });
    if (activity?.status !== 'running') this.door.delete(activityId);
    return activity;
  }

  async nameRecord(activityId: string, recordId: string): Promise<void> {
    try {
      await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.activity(activityId),
            // Recorded, and naming no other record: one activity, one service record.
            ConditionExpression: '#status = :recorded AND (attribute_not_exists(recordId) OR recordId = :id)',
            UpdateExpression: 'SET recordId = :id',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':recorded': 'recorded', ':id': recordId },
          }),
        ),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new AppError('CONFLICT', 'The activity names another service record');
      throw error;
    }
  }

  async month(month: string, limit: number): Promise<Activity[]> {
    const { items } = await queryPages<Record<string, unknown>>(
      this.table,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :month',
        ExpressionAttributeValues: { ':month': keys.activityCalendarPartition(month) },
      },
      CALENDAR_PAGES_MAX,
    );
    return items
      .filter((item) => item.entity === ENTITY.activity)
      .slice(0, limit)
      .map((item) => strip<Activity>(item));
  }
}

const toAttendee = (item: Record<string, unknown>): Attendee => strip<Attendee>(item);

export class DynamoAttendeeStore implements AttendeeStore {
  constructor(
    private readonly table: Table,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  private listing(activity: Pick<Activity, 'activityId' | 'start'>, volunteerId: string) {
    return keys.attendeeListing(volunteerId, chinaMonth(activity.start), activity.start, activity.activityId);
  }

  async get(activityId: string, volunteerId: string): Promise<Attendee | undefined> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.attendee(activityId, volunteerId),
          ConsistentRead: true,
        }),
      ),
    );
    return Item?.entity === ENTITY.attendee ? toAttendee(Item) : undefined;
  }

  async roster(activityId: string): Promise<Attendee[]> {
    const { items } = await queryPages<Record<string, unknown>>(
      this.table,
      {
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)',
        ExpressionAttributeValues: { ':pk': keys.activity(activityId).pk, ':person': keys.attendeePrefix },
        ConsistentRead: true,
      },
      ROSTER_PAGES_MAX,
    );
    return items
      .filter((item) => item.entity === ENTITY.attendee)
      .slice(0, ACTIVITY_ATTENDEES_MAX)
      .map(toAttendee);
  }

  async ofVolunteer(volunteerId: string, month: string): Promise<Attendee[]> {
    const { items } = await queryPages<Record<string, unknown>>(
      this.table,
      {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :mine',
        ExpressionAttributeValues: { ':mine': keys.attendeeListingPartition(volunteerId, month) },
      },
      CALENDAR_PAGES_MAX,
    );
    return items.filter((item) => item.entity === ENTITY.attendee).map(toAttendee);
  }

  /** A transaction retried while other transactions on the same activity get in its way. */
  private async transact(items: Record<string, unknown>[]): Promise<'done' | TransactionCanceledException> {
    for (let attempt = 0; attempt < SIGN_UP_ATTEMPTS_MAX; attempt += 1) {
      if (attempt > 0) await this.sleep(backoffMs(attempt, Math.random));
      try {
        await call(() => this.table.client.send(new TransactWriteCommand({ TransactItems: items as never })));
        return 'done';
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (isContention(reasonsOf(error))) continue;
        return error;
      }
    }
    throw new AppError('UNAVAILABLE', '报名的人太多，请稍后再试 (busy; try again in a moment)');
  }

  async signUp(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name: string },
    at: string,
  ): Promise<SignUpOutcome> {
    const { tableName } = this.table;
    const person = (signUp: 'confirmed' | 'waiting') => ({
      Update: {
        TableName: tableName,
        Key: keys.attendee(activity.activityId, who.volunteerId),
        // One place per person: a new item, or one who had withdrawn (or only walked in before).
        ConditionExpression: 'attribute_not_exists(pk) OR NOT signUp IN (:confirmed, :waiting)',
        UpdateExpression:
          'SET entity = :entity, activityId = :activityId, volunteerId = :volunteerId, #name = :name, ' +
          'signUp = :signUp, signedUpAt = :at, activityStart = :start, gsi1pk = :g1, gsi1sk = :g1s' +
          (signUp === 'waiting' ? ', waitingSince = :at' : ' REMOVE waitingSince'),
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: {
          ':confirmed': 'confirmed',
          ':waiting': 'waiting',
          ':entity': ENTITY.attendee,
          ':activityId': activity.activityId,
          ':volunteerId': who.volunteerId,
          ':name': who.name,
          ':signUp': signUp,
          ':at': at,
          ':start': activity.start,
          ':g1': this.listing(activity, who.volunteerId).gsi1pk,
          ':g1s': this.listing(activity, who.volunteerId).gsi1sk,
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      },
    });
    const count = (field: 'signedUp' | 'waiting', ceiling: string) => ({
      Update: {
        TableName: tableName,
        Key: keys.activity(activity.activityId),
        // signUpOpen, and the capacity (or the waitlist's length) not yet reached.
        ConditionExpression: `#status = :recruiting AND #count < ${ceiling}`,
        UpdateExpression: 'SET #count = #count + :one',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#count': field,
          ...(ceiling === '#capacity' ? { '#capacity': 'capacity' } : {}),
        },
        ExpressionAttributeValues: {
          ':recruiting': 'recruiting',
          ':one': 1,
          ...(ceiling === ':waitMax' ? { ':waitMax': WAITLIST_MAX } : {}),
        },
      },
    });
    for (const [signUp, field, ceiling] of [
      ['confirmed', 'signedUp', '#capacity'],
      ['waiting', 'waiting', ':waitMax'],
    ] as const) {
      const outcome = await this.transact([person(signUp), count(field, ceiling)]);
      if (outcome === 'done') {
        const attendee = await this.get(activity.activityId, who.volunteerId);
        if (attendee !== undefined) return { kind: signUp, attendee };
        continue;
      }
      const [personReason, countReason] = reasonsOf(outcome);
      if (conditionFailed(personReason)) {
        const old = personReason?.Item === undefined ? undefined : toAttendee(unmarshall(personReason.Item));
        if (old !== undefined) return { kind: 'already', attendee: old };
      }
      if (!conditionFailed(countReason)) throw outcome;
      // Full: try the waitlist next; a full waitlist, or an activity no longer recruiting, ends here.
      const now = await this.activityStatus(activity.activityId);
      if (now !== 'recruiting') return { kind: 'closed' };
    }
    return { kind: 'waitlist-full' };
  }

  private async activityStatus(activityId: string): Promise<string | undefined> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({
          TableName: this.table.tableName,
          Key: keys.activity(activityId),
          ConsistentRead: true,
          ProjectionExpression: '#status',
          ExpressionAttributeNames: { '#status': 'status' },
        }),
      ),
    );
    return typeof Item?.status === 'string' ? Item.status : undefined;
  }

  async withdraw(activityId: string, volunteerId: string, at: string): Promise<Attendee | undefined> {
    const before = await this.get(activityId, volunteerId);
    if (before === undefined || (before.signUp !== 'confirmed' && before.signUp !== 'waiting'))
      return undefined;
    const field = before.signUp === 'confirmed' ? 'signedUp' : 'waiting';
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.attendee(activityId, volunteerId),
          ConditionExpression: 'signUp = :was',
          UpdateExpression: 'SET signUp = :withdrawn, withdrawnAt = :at REMOVE waitingSince',
          ExpressionAttributeValues: { ':was': before.signUp, ':withdrawn': 'withdrawn', ':at': at },
        },
      },
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.activity(activityId),
          // Places change only while sign-up is open (signUpOpen).
          ConditionExpression: '#status = :recruiting AND #count > :zero',
          UpdateExpression: 'SET #count = #count - :one',
          ExpressionAttributeNames: { '#count': field, '#status': 'status' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':recruiting': 'recruiting' },
        },
      },
    ]);
    if (outcome !== 'done') return undefined;
    return this.get(activityId, volunteerId);
  }

  async promote(activityId: string, volunteerId: string, at: string): Promise<boolean> {
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.attendee(activityId, volunteerId),
          ConditionExpression: 'signUp = :waiting',
          UpdateExpression: 'SET signUp = :confirmed, promotedAt = :at REMOVE waitingSince',
          ExpressionAttributeValues: { ':waiting': 'waiting', ':confirmed': 'confirmed', ':at': at },
        },
      },
      {
        Update: {
          TableName: this.table.tableName,
          Key: keys.activity(activityId),
          ConditionExpression: '#status = :recruiting AND signedUp < #capacity AND waiting > :zero',
          UpdateExpression: 'SET signedUp = signedUp + :one, waiting = waiting - :one',
          ExpressionAttributeNames: { '#capacity': 'capacity', '#status': 'status' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':recruiting': 'recruiting' },
        },
      },
    ]);
    return outcome === 'done';
  }

  async signIn(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name?: string | undefined },
    at: string,
    by: Actor,
    where: Coordinates | undefined,
  ): Promise<DoorOutcome> {
    const listing = this.listing(activity, who.volunteerId);
    const outcome = await this.doorWrite({
      Key: keys.attendee(activity.activityId, who.volunteerId),
      // One sign-in per person per activity: a repeated scan writes nothing.
      ConditionExpression: 'attribute_not_exists(signedInAt)',
      UpdateExpression:
        'SET entity = :entity, activityId = :activityId, volunteerId = :volunteerId, ' +
        'signUp = if_not_exists(signUp, :none), activityStart = :start, gsi1pk = :g1, gsi1sk = :g1s, ' +
        `signedInAt = :at, signedInBy = :by${where === undefined ? '' : ', inAt = :where'}` +
        (who.name === undefined ? '' : ', #name = if_not_exists(#name, :name)'),
      ...(who.name === undefined ? {} : { ExpressionAttributeNames: { '#name': 'name' } }),
      ExpressionAttributeValues: {
        ':entity': ENTITY.attendee,
        ':activityId': activity.activityId,
        ':volunteerId': who.volunteerId,
        ...(who.name === undefined ? {} : { ':name': who.name }),
        ':none': 'none',
        ':start': activity.start,
        ':g1': listing.gsi1pk,
        ':g1s': listing.gsi1sk,
        ':at': at,
        ':by': by,
        ...(where === undefined ? {} : { ':where': where }),
      },
    });
    if (outcome.changed || outcome.attendee !== undefined) return outcome;
    return { changed: false, attendee: await this.get(activity.activityId, who.volunteerId) };
  }

  async signOut(
    activityId: string,
    volunteerId: string,
    seen: { signedInAt: string },
    out: { at: string; by: Actor; where: Coordinates | undefined; days: DayHours[] },
  ): Promise<DoorOutcome> {
    return this.doorWrite({
      Key: keys.attendee(activityId, volunteerId),
      // Once, after the sign-in that was read.
      ConditionExpression: 'signedInAt = :in AND attribute_not_exists(signedOutAt)',
      UpdateExpression: `SET signedOutAt = :at, signedOutBy = :by, #days = :days${out.where === undefined ? '' : ', outAt = :where'}`,
      ExpressionAttributeNames: { '#days': 'days' },
      ExpressionAttributeValues: {
        ':in': seen.signedInAt,
        ':at': out.at,
        ':by': out.by,
        ':days': out.days,
        ...(out.where === undefined ? {} : { ':where': out.where }),
      },
    });
  }

  /**
   * One conditional UpdateItem of a person's item at the door: the item after it when written, or
   * as it was when the condition refused it (`changed: false`), in the same single call.
   */
  private async doorWrite(
    input: Omit<UpdateCommandInput, 'TableName' | 'ReturnValues' | 'ReturnValuesOnConditionCheckFailure'>,
  ): Promise<DoorOutcome> {
    try {
      const { Attributes } = await call(() =>
        this.table.client.send(
          new UpdateCommand({
            ...input,
            TableName: this.table.tableName,
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      );
      return { changed: true, attendee: Attributes === undefined ? undefined : toAttendee(Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return {
        changed: false,
        attendee: error.Item === undefined ? undefined : toAttendee(unmarshall(error.Item)),
      };
    }
  }

  async putLate(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name: string },
    late: LateEntry,
    photo: string | undefined,
  ): Promise<Attendee | undefined> {
    const listing = this.listing(activity, who.volunteerId);
    const queue = keys.lateEntryQueue('pending', late.enteredAt, activity.activityId, who.volunteerId);
    const person = {
      Update: {
        TableName: this.table.tableName,
        Key: keys.attendee(activity.activityId, who.volunteerId),
        // A 补录 the office approved is final; a pending or rejected one may be entered again.
        ConditionExpression: 'attribute_not_exists(late) OR late.#status <> :approved',
        UpdateExpression:
          'SET entity = :entity, activityId = :activityId, volunteerId = :volunteerId, #name = if_not_exists(#name, :name), ' +
          'signUp = if_not_exists(signUp, :none), activityStart = :start, gsi1pk = :g1, gsi1sk = :g1s, late = :late, ' +
          'gsi2pk = :g2, gsi2sk = :g2s',
        ExpressionAttributeNames: { '#name': 'name', '#status': 'status' },
        ExpressionAttributeValues: {
          ':approved': 'approved',
          ':entity': ENTITY.attendee,
          ':activityId': activity.activityId,
          ':volunteerId': who.volunteerId,
          ':name': who.name,
          ':none': 'none',
          ':start': activity.start,
          ':g1': listing.gsi1pk,
          ':g1s': listing.gsi1sk,
          ':late': definedFields({ ...late }),
          ':g2': queue.gsi2pk,
          ':g2s': queue.gsi2sk,
        },
      },
    };
    const photoItem =
      photo === undefined
        ? {
            Delete: {
              TableName: this.table.tableName,
              Key: keys.attendeePhoto(activity.activityId, who.volunteerId),
            },
          }
        : {
            Put: {
              TableName: this.table.tableName,
              Item: {
                ...keys.attendeePhoto(activity.activityId, who.volunteerId),
                entity: ENTITY.attendeePhoto,
                photo,
              },
            },
          };
    const outcome = await this.transact([person, photoItem]);
    if (outcome !== 'done') return undefined;
    return this.get(activity.activityId, who.volunteerId);
  }

  async decideLate(
    activityId: string,
    volunteerId: string,
    decision: Pick<LateEntry, 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason'>,
    days: DayHours[] | undefined,
  ): Promise<Attendee | undefined> {
    const fields = Object.entries(definedFields({ ...decision }));
    try {
      const { Attributes } = await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.attendee(activityId, volunteerId),
            ConditionExpression: 'late.#status = :pending',
            UpdateExpression: `SET ${fields.map((_, index) => `late.#d${index} = :d${index}`).join(', ')}, gsi2pk = :queue${days === undefined ? '' : ', #days = :days'}`,
            ExpressionAttributeNames: {
              '#status': 'status',
              ...Object.fromEntries(fields.map(([name], index) => [`#d${index}`, name])),
              ...(days === undefined ? {} : { '#days': 'days' }),
            },
            ExpressionAttributeValues: {
              ':pending': 'pending',
              ':queue': keys.lateEntryQueuePartition(decision.status),
              ...Object.fromEntries(fields.map(([, value], index) => [`:d${index}`, value])),
              ...(days === undefined ? {} : { ':days': days }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return Attributes === undefined ? undefined : toAttendee(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async lateEntries(status: LateEntry['status'], limit: number): Promise<Attendee[]> {
    const { Items } = await withRetries(() =>
      this.table.client.send(
        new QueryCommand({
          TableName: this.table.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :queue',
          ExpressionAttributeValues: { ':queue': keys.lateEntryQueuePartition(status) },
          Limit: limit,
        }),
      ),
    );
    return (Items ?? []).filter((item) => item.entity === ENTITY.attendee).map(toAttendee);
  }

  async photo(activityId: string, volunteerId: string): Promise<string | undefined> {
    const { Item } = await withRetries(() =>
      this.table.client.send(
        new GetCommand({ TableName: this.table.tableName, Key: keys.attendeePhoto(activityId, volunteerId) }),
      ),
    );
    return typeof Item?.photo === 'string' ? Item.photo : undefined;
  }

  async setOvertime(
    activityId: string,
    volunteerId: string,
    overtime: Overtime,
  ): Promise<Attendee | undefined> {
    try {
      const { Attributes } = await call(() =>
        this.table.client.send(
          new UpdateCommand({
            TableName: this.table.tableName,
            Key: keys.attendee(activityId, volunteerId),
            ConditionExpression: 'attribute_exists(pk)',
            UpdateExpression: 'SET overtime = :overtime',
            ExpressionAttributeValues: { ':overtime': definedFields({ ...overtime }) },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return Attributes === undefined ? undefined : toAttendee(Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }
}
