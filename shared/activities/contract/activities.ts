import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { CalendarMonth, DisplayName, HumanText, Instant, Reason } from '../../platform/contract/text';
import {
  ACTIVITY_CAPACITY_MAX,
  ACTIVITY_HOURS_MAX,
  EVIDENCE_PHOTO_CHARS_MAX,
  EVIDENCE_TEXT_MAX,
} from '../rules/activities';
import { ACTIVITY_STATUSES } from '../rules/activity-flow';

/**
 * Activities over HTTP (周周有活动): a team's coordinator plans one, volunteers sign up (报名), sign
 * in and out at the door by QR code, and the attendance becomes one service record. 补录
 * (attendance entered afterwards, with evidence) is its own path, approved by the office.
 */

const Latitude = z.number().check(z.gte(-90), z.lte(90));
const Longitude = z.number().check(z.gte(-180), z.lte(180));
/** Where a phone says it is (WGS-84, as browsers give it); village GPS is poor, so it flags, never refuses. */
export const Coordinates = z.strictObject({ lat: Latitude, lng: Longitude });
export type Coordinates = z.infer<typeof Coordinates>;

const Address = HumanText({ max: 200, label: '地址', field: 'address' });
export const Place = z.strictObject({
  /** The village (or town) of the organisation tree where it happens. */
  villageOrgId: Id,
  address: Address,
  coordinates: z.optional(Coordinates),
});

export const ActivityPath = z.strictObject({ activityId: Id });
export const AttendeePath = z.strictObject({ activityId: Id, volunteerId: Id });

export const CreateActivityRequest = z
  .strictObject({
    title: DisplayName,
    /** The team (an organisation) that runs it; a coordinator's own subtree. */
    teamOrgId: Id,
    /** The catalogue project (中心制单) it delivers. */
    projectId: z.optional(Id),
    /** The resident's order (六单) it serves. */
    orderId: z.optional(z.string().check(z.regex(/^\d{12}$/, 'must be an order number'))),
    place: Place,
    start: Instant,
    end: Instant,
    /** Places for sign-up; more people go on a waitlist. */
    capacity: z.int().check(z.minimum(1), z.maximum(ACTIVITY_CAPACITY_MAX)),
    /** When sign-up opens (default: when published) and closes (default: at the start). */
    signUpFrom: z.optional(Instant),
    signUpUntil: z.optional(Instant),
    /** `team`: volunteers of the team's part of the tree; `county`: every volunteer of the county. */
    openTo: z._default(z.enum(['team', 'county']), 'team'),
    description: z.optional(HumanText({ max: 500, label: '简介', field: 'description' })),
  })
  .check(
    z.superRefine((request, context) => {
      const start = Date.parse(request.start);
      const end = Date.parse(request.end);
      if (!(end > start)) {
        context.addIssue({
          code: 'custom',
          path: ['end'],
          message: '结束时间应晚于开始 (must be after start)',
        });
      } else if (end - start > ACTIVITY_HOURS_MAX * 3_600_000) {
        context.addIssue({
          code: 'custom',
          path: ['end'],
          message: `一次活动最长 ${ACTIVITY_HOURS_MAX} 小时 (at most ${ACTIVITY_HOURS_MAX} hours after start)`,
        });
      }
      if (request.signUpUntil !== undefined && Date.parse(request.signUpUntil) > end) {
        context.addIssue({
          code: 'custom',
          path: ['signUpUntil'],
          message: '报名应在活动结束前截止 (must not be after the end)',
        });
      }
      if (
        request.signUpFrom !== undefined &&
        request.signUpUntil !== undefined &&
        Date.parse(request.signUpFrom) >= Date.parse(request.signUpUntil)
      ) {
        context.addIssue({
          code: 'custom',
          path: ['signUpUntil'],
          message: '报名截止应晚于开始 (must be after signUpFrom)',
        });
      }
    }),
  )
  .register(z.globalRegistry, { id: 'CreateActivityRequest' });
export type CreateActivityRequest = z.infer<typeof CreateActivityRequest>;

export const ActivityView = z
  .object({
    activityId: z.string(),
    title: z.string(),
    status: z.enum(ACTIVITY_STATUSES),
    teamOrgId: z.string(),
    /** The team's name, and its town's (for the calendar by town). */
    teamName: z.optional(z.string()),
    townOrgId: z.optional(z.string()),
    projectId: z.optional(z.string()),
    orderId: z.optional(z.string()),
    place: z.object({
      villageOrgId: z.string(),
      villageName: z.optional(z.string()),
      address: z.string(),
      coordinates: z.optional(z.object({ lat: z.number(), lng: z.number() })),
    }),
    start: z.string(),
    end: z.string(),
    capacity: z.int(),
    /** Confirmed sign-ups, and people on the waitlist. */
    signedUp: z.int(),
    waiting: z.int(),
    signUpFrom: z.optional(z.string()),
    signUpUntil: z.string(),
    openTo: z.enum(['team', 'county']),
    description: z.optional(z.string()),
    /** Why it was called off, for the people who signed up. */
    cancelReason: z.optional(z.string()),
    /** Once recorded: the service record its attendance became. */
    recordId: z.optional(z.string()),
    /** What recording came to: entries, hours, and who was left out (no sign-out, too short, …). */
    recording: z.optional(
      z.object({
        entries: z.int(),
        hours: z.number(),
        leftOut: z.array(z.object({ volunteerId: z.string(), why: z.string() })),
      }),
    ),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    /** For a volunteer: their own place in it (signed up, waiting, …), when they have one. */
    mine: z.optional(z.object({ signUp: z.string(), signedInAt: z.optional(z.string()) })),
  })
  .register(z.globalRegistry, { id: 'ActivityView' });
export type ActivityView = z.infer<typeof ActivityView>;

export const ActivityListQuery = z.strictObject({
  /** The China month of the calendar (月月有主题); default this month. */
  month: z.optional(CalendarMonth),
  townOrgId: z.optional(Id),
  status: z.optional(z.enum(ACTIVITY_STATUSES)),
});
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

export const ActivityList = z
  .object({ month: z.string(), activities: z.array(ActivityView) })
  .register(z.globalRegistry, { id: 'ActivityList' });
export type ActivityList = z.infer<typeof ActivityList>;

/** One step of an activity's life: the action names it; cancel gives the reason sign-ups see. */
export const ActivityStepRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('publish') }),
    z.strictObject({ action: z.literal('start') }),
    z.strictObject({ action: z.literal('finish') }),
    z.strictObject({ action: z.literal('reopen') }),
    z.strictObject({ action: z.literal('record') }),
    z.strictObject({ action: z.literal('cancel'), reason: Reason }),
  ])
  .register(z.globalRegistry, { id: 'ActivityStepRequest' });
export type ActivityStepRequest = z.infer<typeof ActivityStepRequest>;

/** A volunteer signs themself up with `{}`; a coordinator adds someone by id. */
export const SignUpRequest = z
  .strictObject({ volunteerId: z.optional(Id) })
  .register(z.globalRegistry, { id: 'SignUpRequest' });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SIGN_UP_STATES = ['confirmed', 'waiting', 'withdrawn', 'none'] as const;
export type SignUpState = (typeof SIGN_UP_STATES)[number];

export const DayHoursView = z.object({ date: z.string(), hours: z.number() });

/** One person on an activity's roster: their sign-up, their stay at the door, their hours and flags. */
export const AttendeeView = z
  .object({
    volunteerId: z.string(),
    /** Masked (谭*华). */
    displayName: z.string(),
    /** `none`: never signed up (a walk-in, or an entry made afterwards). */
    signUp: z.enum(SIGN_UP_STATES),
    signedUpAt: z.optional(z.string()),
    /** The place on the waitlist (1 is next), while waiting. */
    waitlistPosition: z.optional(z.int()),
    signedInAt: z.optional(z.string()),
    signedOutAt: z.optional(z.string()),
    /** `self`: scanned the door code; `organiser`: scanned or picked by the organiser; `late`: 补录. */
    signedInBy: z.optional(z.enum(['self', 'organiser', 'late'])),
    signedOutBy: z.optional(z.enum(['self', 'organiser', 'late'])),
    /** Metres from the activity's place at sign-in and sign-out, when both were known. */
    inDistanceM: z.optional(z.int()),
    outDistanceM: z.optional(z.int()),
    /** Hours at the door per China day (clipped, quarter-hours); empty until signed out. */
    days: z.array(DayHoursView),
    hours: z.number(),
    flags: z.array(
      z.enum([
        'walk-in',
        'far-away',
        'missing-sign-out',
        'late-entry',
        'late-pending',
        'late-rejected',
        'needs-approval',
        'over-limit',
        'overtime-approved',
        'overtime-refused',
      ]),
    ),
    lateEntry: z.optional(
      z.object({
        signedInAt: z.string(),
        signedOutAt: z.string(),
        reason: z.string(),
        evidenceText: z.optional(z.string()),
        hasPhoto: z.boolean(),
        enteredBy: z.string(),
        enteredAt: z.string(),
        status: z.enum(['pending', 'approved', 'rejected']),
        decidedBy: z.optional(z.string()),
        decidedAt: z.optional(z.string()),
        decisionReason: z.optional(z.string()),
      }),
    ),
    overtime: z.optional(
      z.object({ approve: z.boolean(), by: z.string(), at: z.string(), note: z.optional(z.string()) }),
    ),
  })
  .register(z.globalRegistry, { id: 'AttendeeView' });
export type AttendeeView = z.infer<typeof AttendeeView>;

export const Roster = z
  .object({
    activity: ActivityView,
    /** Live counts: signed up, waiting, at the door now, signed out, walk-ins. */
    counts: z.object({
      signedUp: z.int(),
      waiting: z.int(),
      present: z.int(),
      signedOut: z.int(),
      walkIns: z.int(),
      missingSignOut: z.int(),
    }),
    attendees: z.array(AttendeeView),
  })
  .register(z.globalRegistry, { id: 'Roster' });
export type Roster = z.infer<typeof Roster>;

export const RosterExportQuery = z.strictObject({ format: z._default(z.enum(['csv', 'xlsx']), 'csv') });

export const DoorCodeView = z
  .object({
    code: z.string(),
    /** When the phone should show the next code (every 30 s). */
    renewAt: z.string(),
    stepSeconds: z.int(),
  })
  .register(z.globalRegistry, { id: 'DoorCodeView' });

/** The volunteer's scan of the door code, with where the phone is when it knows. */
export const DoorScanRequest = z
  .strictObject({
    code: z.string().check(z.minLength(1), z.maxLength(256)),
    coordinates: z.optional(Coordinates),
  })
  .register(z.globalRegistry, { id: 'DoorScanRequest' });
export type DoorScanRequest = z.infer<typeof DoorScanRequest>;

/** The organiser signs someone in or out: by their volunteer code, their card, or from the roster. */
export const MarkAttendanceRequest = z
  .strictObject({
    volunteerId: z.optional(Id),
    code: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
    cardNumber: z.optional(z.string().check(z.minLength(1), z.maxLength(32))),
    /** Default: sign in if not yet in, else sign out. */
    action: z.optional(z.enum(['sign-in', 'sign-out'])),
    /** A sign-out the volunteer forgot, at the time it happened (not before the sign-in, not in the future). */
    at: z.optional(Instant),
  })
  .check(
    z.refine(
      (request) =>
        [request.volunteerId, request.code, request.cardNumber].filter((value) => value !== undefined)
          .length === 1,
      { error: '请给出志愿者、志愿者码或卡号中的一个 (give exactly one of volunteerId, code, cardNumber)' },
    ),
  )
  .register(z.globalRegistry, { id: 'MarkAttendanceRequest' });
export type MarkAttendanceRequest = z.infer<typeof MarkAttendanceRequest>;

export const DoorAnswer = z
  .object({
    /** What this scan did: signed in, signed out, or nothing (a repeated scan). */
    outcome: z.enum(['signed-in', 'signed-out', 'unchanged']),
    activityId: z.string(),
    title: z.string(),
    attendee: AttendeeView,
  })
  .register(z.globalRegistry, { id: 'DoorAnswer' });
export type DoorAnswer = z.infer<typeof DoorAnswer>;

/** Evidence of a 补录: a photo of the paper sign-in sheet (a small JPEG, base64), or text, or both. */
export const Evidence = z
  .strictObject({
    text: z.optional(HumanText({ max: EVIDENCE_TEXT_MAX, label: '证明', field: 'evidence' })),
    photo: z.optional(
      z
        .string()
        .check(
          z.maxLength(EVIDENCE_PHOTO_CHARS_MAX, '照片太大，请缩小后再传 (photo too large)'),
          z.regex(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+={0,2}$/, 'must be a JPEG data URL'),
        ),
    ),
  })
  .check(
    z.refine((evidence) => evidence.text !== undefined || evidence.photo !== undefined, {
      error: '请附上签到表照片或文字说明 (give a photo or a text)',
    }),
  );

export const LateEntryRequest = z
  .strictObject({
    volunteerId: Id,
    signedInAt: Instant,
    signedOutAt: Instant,
    reason: Reason,
    evidence: Evidence,
  })
  .check(
    z.refine((request) => Date.parse(request.signedOutAt) > Date.parse(request.signedInAt), {
      error: '签退应晚于签到 (signedOutAt must be after signedInAt)',
      path: ['signedOutAt'],
    }),
  )
  .register(z.globalRegistry, { id: 'LateEntryRequest' });
export type LateEntryRequest = z.infer<typeof LateEntryRequest>;

export const DecisionRequest = z
  .strictObject({ approve: z.boolean(), reason: z.optional(Reason) })
  .register(z.globalRegistry, { id: 'DecisionRequest' });
export type DecisionRequest = z.infer<typeof DecisionRequest>;

export const EvidencePhoto = z
  .object({ photo: z.string() })
  .register(z.globalRegistry, { id: 'EvidencePhoto' });

export const VolunteerActivitiesQuery = z.strictObject({ month: z.optional(CalendarMonth) });

/** A volunteer's month: the activities they signed up for or came to, sign-ups vs show-ups, hours at the door. */
export const VolunteerActivities = z
  .object({
    month: z.string(),
    activities: z.array(
      z.object({
        activityId: z.string(),
        title: z.string(),
        status: z.enum(ACTIVITY_STATUSES),
        start: z.string(),
        end: z.string(),
        address: z.string(),
        signUp: z.enum(SIGN_UP_STATES),
        signedInAt: z.optional(z.string()),
        signedOutAt: z.optional(z.string()),
        hours: z.number(),
        cancelReason: z.optional(z.string()),
      }),
    ),
    /** Sign-ups kept (not withdrawn) and the activities they came to. */
    signUps: z.int(),
    showUps: z.int(),
    hours: z.number(),
  })
  .register(z.globalRegistry, { id: 'VolunteerActivities' });
export type VolunteerActivities = z.infer<typeof VolunteerActivities>;

export const LateEntryQuery = z.strictObject({
  status: z._default(z.enum(['pending', 'approved', 'rejected']), 'pending'),
});

/** The office's queue of 补录: each with its activity and the person's entry. */
export const LateEntryList = z
  .object({
    entries: z.array(
      z.object({ activityId: z.string(), title: z.string(), start: z.string(), attendee: AttendeeView }),
    ),
  })
  .register(z.globalRegistry, { id: 'LateEntryList' });
export type LateEntryList = z.infer<typeof LateEntryList>;
