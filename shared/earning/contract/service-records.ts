import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import {
  CURSOR_LENGTH_MAX,
  LEDGER_PAGE_LIMIT_DEFAULT,
  LEDGER_PAGE_LIMIT_MAX,
  RECORD_ENTRIES_MAX,
} from '../../platform/limits';
import { HOURS_PER_DAY_MAX, QUARTERS_PER_HOUR } from '../rules/points';
import '../../platform/contract/locale';
import { CalendarDate, DisplayName, HumanText, QueryInt, Reason } from '../../platform/contract/text';
import { ROUNDING } from './point-rules';

/**
 * Service records: a coordinator (or the county office) reports the hours volunteers served at one
 * activity; the county office approves or rejects the record as a whole. Points move only on
 * approval, and an approved record is never edited: it is reversed by a new record.
 */
export const RECORD_STATUSES = ['pending', 'approving', 'approved', 'rejected', 'reversal'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** Hours of one volunteer at one activity: more than 0, at most 24, in quarter-hour steps. */
export const Hours = z
  .number()
  .check(
    z.gt(0, 'must be more than 0'),
    z.maximum(HOURS_PER_DAY_MAX, `must be at most ${HOURS_PER_DAY_MAX}`),
    z.multipleOf(1 / QUARTERS_PER_HOUR, 'must be in quarter-hour steps (0.25)'),
  );

export const RecordPath = z.strictObject({ id: Id });

/** A time of day on the China clock, as people write it: 09:30. */
const ClockTime = z
  .string()
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间应写成 09:30 (a time as HH:MM, China time)'));

/**
 * What was done, when and where, and who answered for it: order No. 67 第七条 asks a service
 * record to say the service's content (`name`), place, organiser (the record's organisation), the
 * person responsible, and its start and end. Place, times and the responsible person are optional
 * here (a paper sheet may lack them); a record made from an activity at the door always has them.
 */
export const Activity = z
  .strictObject({
    name: DisplayName,
    /** The day the service was done, in China; not in the future (checked against the server clock). */
    date: CalendarDate,
    projectId: z.optional(Id),
    /** The resident's order (六单) the activity served: ledger entry → record → activity → order. */
    orderId: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be an order number'))),
    /** 服务地点: where it was done. */
    place: z.optional(HumanText({ max: 100, label: '地点', field: 'place' })),
    /** 开始时间, 结束时间: on the service's day, China time. */
    startTime: z.optional(ClockTime),
    endTime: z.optional(ClockTime),
    /** 负责人: who answered for the service on the day. */
    responsible: z.optional(HumanText({ max: 30, label: '负责人', field: 'responsible' })),
  })
  .check(
    z.refine(
      (activity) =>
        activity.startTime === undefined ||
        activity.endTime === undefined ||
        activity.startTime < activity.endTime,
      { error: '结束时间应晚于开始时间 (endTime must be after startTime)', path: ['endTime'] },
    ),
  );
export type Activity = z.infer<typeof Activity>;

export const RecordEntryRequest = z.strictObject({ volunteerId: Id, hours: Hours });

export const ServiceRecordRequest = z
  .strictObject({
    activity: Activity,
    entries: z.array(RecordEntryRequest).check(
      z.minLength(1),
      z.maxLength(RECORD_ENTRIES_MAX),
      z.superRefine((entries, context) => {
        const seen = new Set<string>();
        for (const [index, entry] of entries.entries()) {
          if (seen.has(entry.volunteerId)) {
            context.addIssue({
              code: 'custom',
              path: [index, 'volunteerId'],
              message: 'this volunteer appears twice in the record',
            });
          }
          seen.add(entry.volunteerId);
        }
      }),
    ),
    /** Admins only: the organisation the record belongs to; it must contain every volunteer. */
    orgId: z.optional(Id),
  })
  .register(z.globalRegistry, { id: 'ServiceRecordRequest' });
export type ServiceRecordRequest = z.infer<typeof ServiceRecordRequest>;

/**
 * A record as the product makes it from an activity's attendance (shared/activities): the request's
 * fields, plus the activity it came from, its place (shown in the passbook) and which entries were
 * entered afterwards (补录). Not accepted from the HTTP body: only the door makes these.
 */
export type RecordRequest = Omit<ServiceRecordRequest, 'activity' | 'entries'> & {
  activity: Activity & { activityId?: string | undefined; place?: string | undefined };
  entries: { volunteerId: string; hours: number; late?: boolean | undefined }[];
};

export const RejectRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'RejectRequest' });
export type RejectRequest = z.infer<typeof RejectRequest>;

export const ReverseRequest = z
  .strictObject({ reason: Reason })
  .register(z.globalRegistry, { id: 'ReverseRequest' });
export type ReverseRequest = z.infer<typeof ReverseRequest>;

export const RecordEntry = z
  .object({
    volunteerId: z.string(),
    hours: z.number(),
    /** The points the hours are worth; after approval, the points credited (0 when not credited). */
    points: z.int(),
    /** After approval: whether the points were credited (false: see `reason`). */
    credited: z.optional(z.boolean()),
    /** On a reversal: whether the points were taken back (false: see `reason`). */
    reversed: z.optional(z.boolean()),
    reason: z.optional(z.string()),
    /** The passbook movement that credited (or, on a reversal, debited) the points. */
    movementId: z.optional(z.string()),
    /** Entered afterwards (补录) with evidence the office approved, not counted at the door. */
    late: z.optional(z.boolean()),
    /** The volunteer's name, masked (谭*华), when a record is read whole. */
    displayName: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'RecordEntry' });
export type RecordEntry = z.infer<typeof RecordEntry>;

export const AppliedRule = z.object({
  ruleId: z.string(),
  version: z.int(),
  pointsPerHour: z.int(),
  rounding: z.literal(ROUNDING),
});
export type AppliedRule = z.infer<typeof AppliedRule>;

export const ServiceRecord = z
  .object({
    id: z.string(),
    status: z.enum(RECORD_STATUSES),
    activity: z.object({
      name: z.string(),
      date: z.string(),
      projectId: z.optional(z.string()),
      orderId: z.optional(z.string()),
      /** Made from an activity's attendance at the door: the activity, and its place. */
      activityId: z.optional(z.string()),
      place: z.optional(z.string()),
      startTime: z.optional(z.string()),
      endTime: z.optional(z.string()),
      responsible: z.optional(z.string()),
    }),
    orgId: z.string(),
    entries: z.array(RecordEntry),
    rule: AppliedRule,
    /** Totals of the entries as submitted. */
    hours: z.number(),
    points: z.int(),
    submittedBy: z.string(),
    /** The name of the staff member who submitted it (their user id is `submittedBy`). */
    submittedByName: z.optional(z.string()),
    submittedAt: z.string(),
    approvedBy: z.optional(z.string()),
    approvedAt: z.optional(z.string()),
    /** After approval: the points actually credited (entries over the daily cap get none). */
    pointsCredited: z.optional(z.int()),
    decidedBy: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
    /** Why it was rejected, or why it reverses another record. */
    reason: z.optional(z.string()),
    /** On a reversal: the record it reverses. */
    reverses: z.optional(z.string()),
    /** On a reversed record: the reversal. */
    reversedBy: z.optional(z.string()),
    reversedAt: z.optional(z.string()),
    /**
     * While it waits for approval: the last day order No. 67 allows for recording it (10 working
     * days after the service, China's calendar), the working days left (negative once late), and
     * whether that calendar was known for those years (else Monday to Friday was assumed).
     */
    recordBy: z.optional(
      z.object({
        deadline: z.string(),
        workingDaysLeft: z.int(),
        state: z.enum(['on-time', 'due-soon', 'late']),
        calendarKnown: z.boolean(),
      }),
    ),
  })
  .register(z.globalRegistry, { id: 'ServiceRecord' });
export type ServiceRecord = z.infer<typeof ServiceRecord>;

export const RecordListQuery = z.strictObject({
  status: z._default(z.enum(RECORD_STATUSES), 'pending'),
  limit: QueryInt({ min: 1, max: LEDGER_PAGE_LIMIT_MAX, fallback: LEDGER_PAGE_LIMIT_DEFAULT }),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(CURSOR_LENGTH_MAX))),
});
export type RecordListQuery = z.infer<typeof RecordListQuery>;

export const RecordSummary = z
  .extend(z.omit(ServiceRecord, { entries: true }), { entryCount: z.int() })
  .register(z.globalRegistry, { id: 'RecordSummary' });
export type RecordSummary = z.infer<typeof RecordSummary>;

export const RecordPage = z
  .object({ records: z.array(RecordSummary), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'RecordPage' });
