import type { OrgTree } from '../people/rules/org-tree';
import type { ReplayableResult } from '../platform/idempotency';
import type { Principal } from '../platform/principal';
import type { SigningKeys } from '../platform/signed-token';
import type { Activity, Actor, Attendee, Coordinates, LateEntry, Overtime } from './rules/activities';
import type { ActivityStatus } from './rules/activity-flow';
import type { DayHours } from './rules/hours';

/**
 * What the activities use cases need from the world. The DynamoDB store (store/activity-store.ts)
 * is the only implementation the product runs; each conditional write below enforces one rule of
 * rules/activity-flow.ts or rules/activities.ts.
 */
export interface ActivityStore {
  /** Writes a new activity once under its id; false when the id is taken. */
  create(activity: Activity & { createdWith: string }): Promise<boolean>;
  /** The activity (strongly consistent), with the fingerprint it was created with and its last step's key. */
  get(
    activityId: string,
  ): Promise<
    (Activity & { createdWith?: string; lastStep?: { key: string; fingerprint: string } }) | undefined
  >;
  /**
   * Moves the activity to `next.status` (and its other changed fields) only while its status is
   * one of `statuses` and its version the one read; false when another change came first.
   */
  transition(
    from: { activityId: string; version: number; statuses: readonly ActivityStatus[] },
    change: Partial<Pick<Activity, 'cancelReason' | 'recording' | 'recordEntries'>> & {
      status: ActivityStatus;
      updatedAt: string;
      step: { key: string; fingerprint: string };
    },
  ): Promise<boolean>;
  /**
   * The activity as the door sees it: read strongly consistently, then remembered by this process
   * for DOOR_MEMORY_MS while it runs, so a rally's scans read it once every few seconds, not each.
   */
  atTheDoor(activityId: string): Promise<Activity | undefined>;
  /** Names the service record a recorded activity's attendance became (once; the same id again is fine). */
  nameRecord(activityId: string, recordId: string): Promise<void>;
  /** The activities starting in one China month (the calendar), at most `limit`. */
  month(month: string, limit: number): Promise<Activity[]>;
}

export type SignUpOutcome =
  | { kind: 'confirmed' | 'waiting'; attendee: Attendee }
  /** Already signed up or waiting: nothing changed. */
  | { kind: 'already'; attendee: Attendee }
  /** Sign-up is not open (the activity's status moved), or the waitlist is full. */
  | { kind: 'closed' }
  | { kind: 'waitlist-full' };

export type DoorOutcome = { changed: boolean; attendee: Attendee | undefined };

export interface AttendeeStore {
  get(activityId: string, volunteerId: string): Promise<Attendee | undefined>;
  /** Everyone on one activity's roster (bounded by ACTIVITY_ATTENDEES_MAX). */
  roster(activityId: string): Promise<Attendee[]>;
  /** A volunteer's own items of activities starting in one China month. */
  ofVolunteer(volunteerId: string, month: string): Promise<Attendee[]>;
  /**
   * Takes a place while `signedUp < capacity` and the activity is recruiting (one transaction with
   * the activity's count), else a waitlist place while the waitlist has room.
   */
  signUp(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name: string },
    at: string,
  ): Promise<SignUpOutcome>;
  /** Gives up a place or a waitlist place (counts kept in the same transaction); undefined when there was none. */
  withdraw(activityId: string, volunteerId: string, at: string): Promise<Attendee | undefined>;
  /** Moves the first on the waitlist into a freed place, while there is room; false when nothing moved. */
  promote(activityId: string, volunteerId: string, at: string): Promise<boolean>;
  /**
   * Signs in once: one UpdateItem of the person's own item, only while it holds no sign-in; the
   * item is made for a walk-in. `changed: false` with the item as it was when it already held one.
   */
  signIn(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name?: string | undefined },
    at: string,
    by: Actor,
    where: Coordinates | undefined,
  ): Promise<DoorOutcome>;
  /** Signs out once: only while the sign-in is the one read and no sign-out is there. */
  signOut(
    activityId: string,
    volunteerId: string,
    seen: { signedInAt: string },
    out: { at: string; by: Actor; where: Coordinates | undefined; days: DayHours[] },
  ): Promise<DoorOutcome>;
  /** Enters a 补录 (pending), only while none was approved; the photo is kept beside the item. */
  putLate(
    activity: Pick<Activity, 'activityId' | 'start'>,
    who: { volunteerId: string; name: string },
    late: LateEntry,
    photo: string | undefined,
  ): Promise<Attendee | undefined>;
  /** Decides a pending 补录, only while it is pending. */
  decideLate(
    activityId: string,
    volunteerId: string,
    decision: Pick<LateEntry, 'status' | 'decidedBy' | 'decidedAt' | 'decisionReason'>,
    days: DayHours[] | undefined,
  ): Promise<Attendee | undefined>;
  /** The office's queue of 补录 with one status, oldest first. */
  lateEntries(status: LateEntry['status'], limit: number): Promise<Attendee[]>;
  photo(activityId: string, volunteerId: string): Promise<string | undefined>;
  /** The parent organisation's decision on a day over 8 hours. */
  setOvertime(activityId: string, volunteerId: string, overtime: Overtime): Promise<Attendee | undefined>;
}

/** The people the activities use cases look up. */
export interface PeopleLookup {
  /** Name and organisation of each volunteer that exists (missing ids are absent). */
  profiles(volunteerIds: readonly string[]): Promise<Map<string, { name: string; orgId: string }>>;
  orgTree(): Promise<OrgTree>;
  /** The volunteer a card number belongs to, when it is an active card. */
  cardHolder(cardNumber: string): Promise<string | undefined>;
  /** Staff members' names by account id (none for an account that is not a staff account). */
  staffNames(userIds: readonly string[]): Promise<Map<string, string>>;
}

/** The service record an activity's attendance becomes, through the earning area's own use case. */
export interface RecordMaker {
  submit(
    request: {
      activity: {
        name: string;
        date: string;
        projectId?: string | undefined;
        orderId?: string | undefined;
        activityId: string;
        place: string;
        startTime?: string | undefined;
        endTime?: string | undefined;
        responsible?: string | undefined;
      };
      entries: { volunteerId: string; hours: number; late?: boolean }[];
      orgId?: string | undefined;
    },
    by: { userId: string },
    key: string,
  ): Promise<ReplayableResult>;
}

/** The order an activity serves, through the orders area's own use cases. */
export interface OrderLookup {
  teamOf(number: string): Promise<{ teamOrgId?: string | undefined; status: string } | undefined>;
  /**
   * The order's "in service" step (志愿者接单 → 服务中) as the activity starts, taken by who started
   * it; false when the order cannot take it now (not accepted yet, or already done).
   */
  serve(number: string, activity: { name: string; date: string }, by: Principal): Promise<boolean>;
}

export interface ActivitiesDeps {
  activities: ActivityStore;
  attendees: AttendeeStore;
  people: PeopleLookup;
  records: RecordMaker;
  orders: OrderLookup;
  signing: () => Promise<SigningKeys>;
  now: () => Date;
}
