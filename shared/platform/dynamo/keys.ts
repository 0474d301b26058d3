/**
 * Every key of the single table is built here and nowhere else. Entity prefixes are stable;
 * changing one is a data migration.
 */
export interface ItemKey {
  pk: string;
  sk: string;
}

const SEQUENCE_DIGITS = 12;

export const ENTITY = {
  volunteerAccount: 'volunteer-account',
  volunteerProfile: 'volunteer-profile',
  setting: 'setting',
  uniqueKey: 'unique-key',
  movement: 'movement',
  idempotencyMarker: 'idempotency-marker',
  org: 'org',
  pointRule: 'point-rule',
  pointRuleVersion: 'point-rule-version',
  serviceRecord: 'service-record',
  dailyHours: 'daily-hours',
  draw: 'draw',
  drawEntrantPage: 'draw-entrant-page',
  monthlyReport: 'monthly-report',
  store: 'store',
  storeItem: 'store-item',
  stockMovement: 'stock-movement',
  redemption: 'redemption',
  dailySpend: 'daily-spend',
  counterMinute: 'counter-minute',
  rateWindow: 'rate-window',
  cardGuard: 'card-guard',
  card: 'volunteer-card',
  cardRef: 'volunteer-card-ref',
  projectionTotals: 'projection-totals',
  projectionMarker: 'projection-marker',
  staffAccount: 'staff-account',
  signInGuard: 'sign-in-guard',
  username: 'username',
  volunteerLogin: 'volunteer-login',
  session: 'session',
  activation: 'activation',
  activationCode: 'activation-code',
  project: 'project',
  order: 'order',
  orderStat: 'order-stat',
  activity: 'activity',
  attendee: 'activity-attendee',
  attendeePhoto: 'activity-photo',
  inboxSeen: 'inbox-seen',
  certificate: 'certificate',
  certificateSequence: 'certificate-sequence',
  certificateNumber: 'certificate-number',
  recordEntry: 'record-entry',
  correction: 'correction',
  trip: 'trip',
  tripHold: 'trip-hold',
  donation: 'donation',
  honourRollChoice: 'honour-roll-choice',
  donationSequence: 'donation-sequence',
  receiptNumber: 'receipt-number',
} as const;

/** Spreads one month's hour items over several index partitions, so no index partition runs hot. */
export const MONTH_SHARDS = 16;

export const volunteerPartition = (volunteerId: string): string => `VOL#${volunteerId}`;
const storePartition = (storeId: string): string => `STORE#${storeId}`;
const storeDayPartition = (storeId: string, date: string): string => `STOREDAY#${storeId}#${date}`;

export const keys = {
  volunteerAccount: (volunteerId: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: 'ACCOUNT',
  }),

  /** A volunteer's passbook entry, which is also the movement record (one item, not two). */
  movement: (volunteerId: string, sequence: number): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: `${MOVEMENT_SORT_PREFIX}${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`,
  }),

  volunteerProfile: (volunteerId: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: 'PROFILE',
  }),
  /** Index keys of a profile: the volunteers of one organisation, by id. */
  volunteerByOrg: (orgId: string, volunteerId: string) => ({
    gsi1pk: `ORGVOL#${orgId}`,
    gsi1sk: `VOL#${volunteerId}`,
  }),
  volunteerByOrgPartition: (orgId: string) => `ORGVOL#${orgId}`,

  /** Uniqueness guards: the national system's id, and a person's name with phone. */
  externalId: (externalId: string): ItemKey => ({ pk: `EXTID#${externalId}`, sk: 'UNIQUE' }),
  naturalKey: (digest: string): ItemKey => ({ pk: `VOLKEY#${digest}`, sk: 'UNIQUE' }),
  /** An ID number's guard, by its keyed lookup hash: when given, the number is who the person is. */
  idNumber: (lookup: string): ItemKey => ({ pk: `IDNO#${lookup}`, sk: 'UNIQUE' }),

  /** The whole organisation tree lives in one small partition, read in one query. */
  org: (orgId: string): ItemKey => ({ pk: 'ORGS', sk: `ORG#${orgId}` }),
  orgPartition: 'ORGS',
  /** The random key volunteer ids are derived with, made once per table and never changed. */
  volunteerIdSalt: (): ItemKey => ({ pk: 'SETTINGS', sk: 'VOLUNTEER_ID_SALT' }),
  /** The office's settings of the public notice (公示): is the honour roll shown. */
  disclosureSettings: (): ItemKey => ({ pk: 'SETTINGS', sk: 'DISCLOSURE' }),
  /** A volunteer's own choice to stay off the honour roll (光荣榜), beside their profile. */
  honourRollChoice: (volunteerId: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: 'HONOURROLL',
  }),
  /** Names the one root of the tree, so two roots cannot be created at the same time. */
  orgRoot: (): ItemKey => ({ pk: 'ORGROOT', sk: 'ROOT' }),

  pointRule: (ruleId: string): ItemKey => ({ pk: 'RULES', sk: `RULE#${ruleId}` }),
  pointRulePartition: 'RULES',
  /** One version of a rule, kept for ever: records name the version they were priced by. */
  pointRuleVersion: (ruleId: string, version: number): ItemKey => ({
    pk: 'RULES',
    sk: `RULEV#${ruleId}#${String(version).padStart(SEQUENCE_DIGITS, '0')}`,
  }),

  serviceRecord: (recordId: string): ItemKey => ({ pk: `REC#${recordId}`, sk: 'RECORD' }),
  /** Index keys of a record: by status (the approval queue) and by organisation. */
  serviceRecordIndexes: (status: string, orgId: string, submittedAt: string, recordId: string) => ({
    gsi1pk: `RECSTATUS#${status}`,
    gsi1sk: `${submittedAt}#${recordId}`,
    gsi2pk: `RECORG#${orgId}`,
    gsi2sk: `${submittedAt}#${recordId}`,
  }),
  serviceRecordStatusPartition: (status: string) => `RECSTATUS#${status}`,

  /** Approved hours of one volunteer on one day, in quarter hours; guards the 24-hour cap. */
  dailyHours: (volunteerId: string, date: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: `DAY#${date}`,
  }),
  /** Index keys of a day's hours: one month's items, spread over MONTH_SHARDS partitions. */
  dailyHoursByMonth: (month: string, shard: number, volunteerId: string, date: string) => ({
    gsi1pk: `HOURS#${month}#${shard}`,
    gsi1sk: `${volunteerId}#${date}`,
  }),

  dailyHoursByMonthPartition: (month: string, shard: number) => `HOURS#${month}#${shard}`,

  /** A month's draw: its commitment, parameters and, once run, its result. */
  draw: (month: string): ItemKey => ({ pk: `DRAW#${month}`, sk: 'DRAW' }),
  drawPartition: (month: string) => `DRAW#${month}`,
  /** One page of a draw's frozen entrant list, named by the list's hash (so two runs never mix pages). */
  drawEntrantPage: (month: string, entrantsHash: string, page: number): ItemKey => ({
    pk: `DRAW#${month}`,
    sk: `ENTRANTS#${entrantsHash}#${String(page).padStart(4, '0')}`,
  }),
  drawEntrantPagePrefix: (entrantsHash: string) => `ENTRANTS#${entrantsHash}#`,

  /** Index keys of a movement: one month's movements (China time), spread over MONTH_SHARDS partitions. */
  movementByMonth: (month: string, shard: number, at: string, id: string) => ({
    gsi2pk: `MOVMONTH#${month}#${shard}`,
    gsi2sk: `${at}#${id}`,
  }),
  movementByMonthPartition: (month: string, shard: number) => `MOVMONTH#${month}#${shard}`,

  /** The report of a month that has ended, kept once computed: the month's movements no longer change. */
  monthlyReport: (month: string): ItemKey => ({ pk: `REPORT#${month}`, sk: 'REPORT' }),

  /** A store, its catalogue items and its stock movements share one partition. */
  store: (storeId: string): ItemKey => ({ pk: storePartition(storeId), sk: 'STORE' }),
  /** Index keys of a store: every store of the county in one small index partition. */
  storeListing: (storeId: string) => ({ gsi1pk: 'STORES', gsi1sk: `STORE#${storeId}` }),
  storeListingPartition: 'STORES',
  storeItem: (storeId: string, sku: string): ItemKey => ({
    pk: storePartition(storeId),
    sk: `${STORE_ITEM_SORT_PREFIX}${sku}`,
  }),
  /** One immutable change of one item's stock; `at` first, so an item's history reads in order. */
  stockMovement: (storeId: string, sku: string, at: string, id: string): ItemKey => ({
    pk: storePartition(storeId),
    sk: `${STOCK_MOVEMENT_SORT_PREFIX}${sku}#${at}#${id}`,
  }),

  /**
   * A redemption, keyed by the id of the volunteer code it used: the record is also the code's
   * used-marker, so a code can be spent once across all stores.
   */
  redemption: (redemptionId: string): ItemKey => ({ pk: `REDEMPTION#${redemptionId}`, sk: 'REDEMPTION' }),
  /** Index keys of a redemption: one store's China business day, in time order. */
  redemptionByStoreDay: (storeId: string, date: string, at: string, redemptionId: string) => ({
    gsi1pk: storeDayPartition(storeId, date),
    gsi1sk: `${at}#${redemptionId}`,
  }),
  storeDayPartition: (storeId: string, date: string) => storeDayPartition(storeId, date),
  /** Points a volunteer spent on one China day, over all stores: the daily spending cap. */
  dailySpend: (volunteerId: string, date: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: `SPEND#${date}`,
  }),
  /** Redemptions one counter user made in one minute (UTC `YYYY-MM-DDTHH:MM`): the rate cap. */
  counterMinute: (userId: string, minute: string): ItemKey => ({
    pk: `COUNTER#${userId}`,
    sk: `MIN#${minute}`,
  }),

  /**
   * One caller's uses of one limit in one fixed window (`subject` is a user id, a store id or a
   * card number; `windowStart` the window's first second, epoch seconds): the per-caller limits.
   */
  rateWindow: (limit: string, subject: string, windowStart: number): ItemKey => ({
    pk: `LIMIT#${limit}#${subject}`,
    sk: `W#${windowStart}`,
  }),
  /**
   * Wrong PINs typed for a card number that is no card: counted like a card's, so an unknown
   * number answers (and locks) exactly as a real one does.
   */
  cardGuard: (cardNumber: string): ItemKey => ({ pk: `CARD#${cardNumber}`, sk: 'GUARD' }),

  /** A staff member's account (admin, coordinator, counter clerk); listed through `staffListing`. */
  staffAccount: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'ACCOUNT' }),
  /** Index keys of a staff account: all staff of the county in one small index partition. */
  staffListing: (userId: string) => ({ gsi1pk: 'STAFF', gsi1sk: `USER#${userId}` }),
  staffListingPartition: 'STAFF',
  /**
   * Wrong passwords counted for one staff account, apart from the account itself (so a refused
   * sign-in changes no account), listed with the accounts.
   */
  signInGuard: (userId: string): ItemKey => ({ pk: `USER#${userId}`, sk: 'GUARD' }),
  signInGuardListing: (userId: string) => ({ gsi1pk: 'STAFF', gsi1sk: `USER#${userId}#GUARD` }),
  /** A username, lower-cased, held by one staff account. */
  username: (username: string): ItemKey => ({ pk: `USERNAME#${username.toLowerCase()}`, sk: 'USERNAME' }),
  /** A volunteer's sign-in state (token version), in their partition; opened by the first activation. */
  volunteerLogin: (volunteerId: string): ItemKey => ({ pk: volunteerPartition(volunteerId), sk: 'LOGIN' }),
  /** A signed-in device or staff session, in its owner's partition (`USER#…` or `VOL#…`). */
  session: (ownerPartition: string, sessionId: string): ItemKey => ({
    pk: ownerPartition,
    sk: `${SESSION_SORT_PREFIX}${sessionId}`,
  }),
  /** A one-time activation, found by the SHA-256 of its QR token. */
  activation: (tokenHash: string): ItemKey => ({ pk: `ACTIVATION#${tokenHash}`, sk: 'ACTIVATION' }),
  /** The 6-digit code of a live activation, pointing at it. */
  activationCode: (code: string): ItemKey => ({ pk: `ACTCODE#${code}`, sk: 'ACTCODE' }),

  /** A service project of the catalogue (中心制单); all of them in one index partition. */
  project: (projectId: string): ItemKey => ({ pk: `PROJECT#${projectId}`, sk: 'PROJECT' }),
  projectListing: (projectId: string) => ({ gsi1pk: 'PROJECTS', gsi1sk: `PROJECT#${projectId}` }),
  projectListingPartition: 'PROJECTS',
  /** A resident's order (群众点单), found by its number. */
  order: (number: string): ItemKey => ({ pk: `ORDER#${number}`, sk: 'ORDER' }),
  /**
   * Index keys of an order: the office's queue (gsi1) and its team's queue (gsi2), both sorted by
   * when the current stage is due (then the number), so overdue orders come first. Every order that
   * has not ended shares one queue partition (`open`), so the office's open queue of 50 orders is one
   * query; ended orders sit in a partition per status.
   */
  orderQueues: (order: {
    queue: string;
    teamOrgId?: string | undefined;
    dueKey: string;
    number: string;
  }) => ({
    gsi1pk: `ORDERS#${order.queue}`,
    gsi1sk: `${order.dueKey}#${order.number}`,
    ...(order.teamOrgId === undefined
      ? {}
      : {
          gsi2pk: `TEAMORDERS#${order.teamOrgId}`,
          gsi2sk: `${order.queue}#${order.dueKey}#${order.number}`,
        }),
  }),
  orderQueuePartition: (queue: string) => `ORDERS#${queue}`,
  /**
   * An order's figures for the scorecards, in the partition of the China month it was asked in:
   * a month's scorecard is one query, a year's twelve.
   */
  orderStat: (month: string, number: string): ItemKey => ({ pk: `ORDERSTAT#${month}`, sk: number }),
  orderStatPartition: (month: string) => `ORDERSTAT#${month}`,
  teamOrdersPartition: (teamOrgId: string) => `TEAMORDERS#${teamOrgId}`,

  /** An activity (周周有活动); the calendar finds it by the China month it starts in (gsi1). */
  activity: (activityId: string): ItemKey => ({ pk: `ACTIVITY#${activityId}`, sk: 'ACTIVITY' }),
  activityCalendar: (month: string, start: string, activityId: string) => ({
    gsi1pk: `ACTMONTH#${month}`,
    gsi1sk: `${start}#${activityId}`,
  }),
  activityCalendarPartition: (month: string) => `ACTMONTH#${month}`,
  /**
   * One person of one activity (their sign-up and their stay at the door), in the activity's
   * partition, so a roster is one query and each sign-in writes its own item; the volunteer's own
   * list finds it by the month the activity starts in (gsi1).
   */
  attendee: (activityId: string, volunteerId: string): ItemKey => ({
    pk: `ACTIVITY#${activityId}`,
    sk: `PERSON#${volunteerId}`,
  }),
  attendeePrefix: 'PERSON#',
  attendeeListing: (volunteerId: string, month: string, start: string, activityId: string) => ({
    gsi1pk: `VOLACT#${volunteerId}#${month}`,
    gsi1sk: `${start}#${activityId}`,
  }),
  attendeeListingPartition: (volunteerId: string, month: string) => `VOLACT#${volunteerId}#${month}`,
  /** The office's queue of 补录 by their status (gsi2), oldest first. */
  lateEntryQueue: (status: string, enteredAt: string, activityId: string, volunteerId: string) => ({
    gsi2pk: `LATE#${status}`,
    gsi2sk: `${enteredAt}#${activityId}#${volunteerId}`,
  }),
  lateEntryQueuePartition: (status: string) => `LATE#${status}`,
  /** The photo of a 补录's paper sheet, beside the person's item (a roster never reads it). */
  attendeePhoto: (activityId: string, volunteerId: string): ItemKey => ({
    pk: `ACTIVITY#${activityId}`,
    sk: `PHOTO#${volunteerId}`,
  }),

  /** What a volunteer last saw of their messages (消息): one small item of their own. */
  inboxSeen: (volunteerId: string): ItemKey => ({ pk: `INBOX#${volunteerId}`, sk: 'SEEN' }),

  /** A printed volunteer card, found by its number at the counter. */
  card: (cardNumber: string): ItemKey => ({ pk: `CARD#${cardNumber}`, sk: 'CARD' }),
  /** Which card a volunteer holds now, so a replacement retires the old number. */
  volunteerCard: (volunteerId: string): ItemKey => ({ pk: volunteerPartition(volunteerId), sk: 'CARD' }),

  /**
   * Totals derived from the stream, one item per China day: the county's (every movement) and one
   * store's (its redemptions and voids). A store's days share its projection partition, so a range
   * of days is one query.
   */
  systemDayTotals: (date: string): ItemKey => ({ pk: PROJECTION_SYSTEM_PARTITION, sk: `DAY#${date}` }),
  storeDayTotals: (storeId: string, date: string): ItemKey => ({
    pk: `${PROJECTION_STORE_PREFIX}${storeId}`,
    sk: `DAY#${date}`,
  }),
  /** A volunteer's lifetime approved hours (quarters) and star level, as the stream has added them. */
  projectionVolunteerHours: (volunteerId: string): ItemKey => ({
    pk: `PROJ#VOLHOURS#${volunteerId}`,
    sk: 'HOURS',
  }),
  /** The county's count of volunteers at each star level (level1 … level5), from the stream. */
  projectionStars: (): ItemKey => ({ pk: 'PROJ#STARS', sk: 'COUNTS' }),
  /** Says that one movement has been added to the totals, so a redelivered record adds nothing. */
  projectionMarker: (movementId: string): ItemKey => ({ pk: `PROJ#MARK#${movementId}`, sk: 'MARK' }),

  /**
   * A 志愿服务证明: the register is one index partition (a county issues hundreds a year, not
   * millions), the volunteer's own on the second index.
   */
  certificate: (certificateId: string): ItemKey => ({ pk: `CERT#${certificateId}`, sk: 'CERT' }),
  certificateIndexes: (volunteerId: string, requestedAt: string, certificateId: string) => ({
    gsi1pk: 'CERTS',
    gsi1sk: `${requestedAt}#${certificateId}`,
    gsi2pk: `VOLCERT#${volunteerId}`,
    gsi2sk: `${requestedAt}#${certificateId}`,
  }),
  certificateRegisterPartition: 'CERTS',
  volunteerCertificatesPartition: (volunteerId: string) => `VOLCERT#${volunteerId}`,
  /** The last number given in a year: taken in the same transaction as the certificate. */
  certificateSequence: (year: number): ItemKey => ({ pk: 'CERTSEQ', sk: `YEAR#${year}` }),
  /** Names the certificate holding a number, so no number is ever held twice. */
  certificateNumber: (number: string): ItemKey => ({ pk: `CERTNO#${number}`, sk: 'UNIQUE' }),

  /** A training, honour or evaluation, in the volunteer's partition (their whole record is one query). */
  recordEntry: (volunteerId: string, entryId: string): ItemKey => ({
    pk: volunteerPartition(volunteerId),
    sk: `${RECORD_ENTRY_SORT_PREFIX}${entryId}`,
  }),
  /** A correction request: the office's queue on the first index, the volunteer's own on the second. */
  correction: (correctionId: string): ItemKey => ({ pk: `CORR#${correctionId}`, sk: 'CORR' }),
  correctionIndexes: (volunteerId: string, filedAt: string, correctionId: string) => ({
    gsi1pk: 'CORRS',
    gsi1sk: `${filedAt}#${correctionId}`,
    gsi2pk: `VOLCORR#${volunteerId}`,
    gsi2sk: `${filedAt}#${correctionId}`,
  }),
  correctionQueuePartition: 'CORRS',
  volunteerCorrectionsPartition: (volunteerId: string) => `VOLCORR#${volunteerId}`,

  /**
   * A mobile shop trip (docs/mobile-shop.md) and, in its partition, one hold per volunteer of its
   * route: the trip's pack, close and reconciliation are one query. The county's trips are one
   * index partition (a few a week), a store's own on the second index.
   */
  trip: (tripId: string): ItemKey => ({ pk: `TRIP#${tripId}`, sk: 'TRIP' }),
  tripHold: (tripId: string, volunteerId: string): ItemKey => ({
    pk: `TRIP#${tripId}`,
    sk: `${TRIP_HOLD_SORT_PREFIX}${volunteerId}`,
  }),
  tripPartition: (tripId: string) => `TRIP#${tripId}`,
  tripIndexes: (storeId: string, date: string, tripId: string) => ({
    gsi1pk: 'TRIPS',
    gsi1sk: `${date}#${tripId}`,
    gsi2pk: `STORETRIPS#${storeId}`,
    gsi2sk: `${date}#${tripId}`,
  }),
  tripsPartition: 'TRIPS',
  storeTripsPartition: (storeId: string) => `STORETRIPS#${storeId}`,

  /**
   * A donation or purchase (docs/donations.md); the county's register is one index partition per
   * year (a few hundred a year), newest first.
   */
  donation: (donationId: string): ItemKey => ({ pk: `DONATION#${donationId}`, sk: 'DONATION' }),
  donationIndexes: (year: string, recordedAt: string, donationId: string) => ({
    gsi1pk: `DONATIONS#${year}`,
    gsi1sk: `${recordedAt}#${donationId}`,
  }),
  donationRegisterPartition: (year: string) => `DONATIONS#${year}`,
  /** A named donor's donations across years (gsi2), oldest first: the donor's report reads them. */
  donorIndexes: (donorKey: string, recordedAt: string, donationId: string) => ({
    gsi2pk: `DONOR#${donorKey}`,
    gsi2sk: `${recordedAt}#${donationId}`,
  }),
  donorPartition: (donorKey: string) => `DONOR#${donorKey}`,
  /** The last receipt number given in a year: taken in the same transaction as the donation. */
  donationSequence: (year: number): ItemKey => ({ pk: 'RECEIPTSEQ', sk: `YEAR#${year}` }),
  /** Names the donation holding a receipt number, so no number is ever held twice. */
  receiptNumber: (number: string): ItemKey => ({ pk: `RECEIPTNO#${number}`, sk: 'UNIQUE' }),

  /** Idempotency keys are scoped to their caller, so two users' keys never meet. */
  idempotencyMarker: (scope: string, key: string): ItemKey => ({ pk: `IDEM#${scope}#${key}`, sk: 'IDEM' }),
} as const;

export const MOVEMENT_SORT_PREFIX = 'MOV#';
export const RECORD_ENTRY_SORT_PREFIX = 'RENTRY#';
export const DAILY_HOURS_SORT_PREFIX = 'DAY#';
export const SESSION_SORT_PREFIX = 'SESSION#';
export const PROJECTION_SYSTEM_PARTITION = 'PROJ#SYSTEM';
export const PROJECTION_STORE_PREFIX = 'PROJ#STORE#';
export const STORE_ITEM_SORT_PREFIX = 'ITEM#';
export const STOCK_MOVEMENT_SORT_PREFIX = 'STOCK#';
export const TRIP_HOLD_SORT_PREFIX = 'HOLD#';

/** Movement ids name their passbook slot: `<volunteerId>.<sequence>`. Ids never contain '.'. */
export { movementId, parseMovementId } from '../../ledger/rules/movement-id';

/** The shard of a volunteer's items in month-wide indexes: stable, and even across volunteers. */
export function monthShard(volunteerId: string): number {
  let hash = 2166136261;
  for (let index = 0; index < volunteerId.length; index += 1) {
    hash = Math.imul(hash ^ volunteerId.charCodeAt(index), 16777619) >>> 0;
  }
  return hash % MONTH_SHARDS;
}
