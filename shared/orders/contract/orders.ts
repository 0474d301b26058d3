import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { Hours } from '../../earning/contract/service-records';
import { MobilePhone, VolunteerName } from '../../people/contract/volunteers';
import { CalendarDate, DisplayName, HumanText, QueryInt, Reason } from '../../platform/contract/text';
import { ORDER_ACTIONS, ORDER_STATUSES } from '../rules/order-flow';
import { ORDER_NUMBER_PATTERN, PROJECT_CATEGORIES } from '../rules/orders';

/**
 * 六单 over HTTP: the project catalogue (中心制单), residents' requests (群众点单) and their
 * following until assessed (中心派单 → 志愿者接单 → 社会评单 → 考核定单). Residents have no
 * account: they hold an order number and the last four digits of their phone.
 */

/** A need as a resident writes it: one to five hundred characters of plain text. */
const NEED_LENGTH_MAX = 500;
const NOTE_LENGTH_MAX = 500;
export const Need = HumanText({ max: NEED_LENGTH_MAX, label: '需求', field: 'need' });
export const Note = HumanText({ max: NOTE_LENGTH_MAX, label: '说明', field: 'note' });
const Description = HumanText({ max: NOTE_LENGTH_MAX, label: '简介', field: 'description' });
const PreferredTime = HumanText({ max: 40, label: '方便的时间', field: 'preferredTime' });

export const ProjectPath = z.strictObject({ projectId: Id });

export const PutProjectRequest = z
  .strictObject({
    title: DisplayName,
    category: z.enum(PROJECT_CATEGORIES),
    /** The team (an organisation) that delivers it. */
    teamOrgId: Id,
    description: Description,
    /** Towns and villages it serves; empty: the whole county. */
    servesOrgIds: z.array(Id).check(z.maxLength(200)),
    /** The point rule the hours of its activities earn by (shared/earning point rules). */
    pointRuleId: z.optional(Id),
    status: z.enum(['active', 'archived']),
  })
  .register(z.globalRegistry, { id: 'PutProjectRequest' });
export type PutProjectRequest = z.infer<typeof PutProjectRequest>;

export const Project = z
  .object({
    projectId: z.string(),
    title: z.string(),
    category: z.enum(PROJECT_CATEGORIES),
    teamOrgId: z.string(),
    description: z.string(),
    servesOrgIds: z.array(z.string()),
    pointRuleId: z.optional(z.string()),
    status: z.enum(['active', 'archived']),
    updatedAt: z.string(),
  })
  .register(z.globalRegistry, { id: 'Project' });
export type Project = z.infer<typeof Project>;

export const ProjectListQuery = z.strictObject({
  status: z._default(z.enum(['active', 'archived', 'all']), 'active'),
});
export const ProjectList = z
  .object({ projects: z.array(Project) })
  .register(z.globalRegistry, { id: 'ProjectList' });

/** What a resident sends from the public page: who, where, what, and when suits them. */
export const SubmitOrderRequest = z
  .strictObject({
    name: VolunteerName,
    phone: MobilePhone,
    /** The village (or town) from the organisation tree. */
    villageOrgId: Id,
    need: Need,
    projectId: z.optional(Id),
    preferredDate: z.optional(CalendarDate),
    preferredTime: z.optional(PreferredTime),
  })
  .register(z.globalRegistry, { id: 'SubmitOrderRequest' });
export type SubmitOrderRequest = z.infer<typeof SubmitOrderRequest>;

export const ORDER_CHANNELS = ['web', 'phone-call', 'visit', 'paper-form', 'wish-wall'] as const;

/** A request entered by a coordinator or the office for someone (a phone call, a visit, a paper form). */
export const EnterOrderRequest = z
  .strictObject({
    ...SubmitOrderRequest.shape,
    channel: z.enum(['phone-call', 'visit', 'paper-form', 'wish-wall']),
  })
  .register(z.globalRegistry, { id: 'EnterOrderRequest' });
export type EnterOrderRequest = z.infer<typeof EnterOrderRequest>;

export const OrderNumber = z
  .string()
  .check(z.regex(ORDER_NUMBER_PATTERN, '单号是 12 位数字 (the order number is 12 digits)'));
const PhoneLast4 = z
  .string()
  .check(z.regex(/^\d{4}$/, '手机号后四位是 4 位数字 (the last four digits of the phone)'));

export const TrackQuery = z.strictObject({ number: OrderNumber, phone4: PhoneLast4 });

export const TimelineEvent = z.object({
  at: z.string(),
  action: z.enum(['submit', ...ORDER_ACTIONS]),
  status: z.enum(ORDER_STATUSES),
  /** Who acted, as the resident may see it: 县志愿服务中心, the team's name, or 您 (you). */
  by: z.string(),
  reason: z.optional(z.string()),
  note: z.optional(z.string()),
});

export const Rating = z.object({
  attitude: z.int(),
  result: z.int(),
  timeliness: z.int(),
  comment: z.optional(z.string()),
  complaint: z.boolean(),
  /** Entered by a coordinator from a paper rating form. */
  paper: z.boolean(),
  at: z.string(),
});

/** An order as a resident sees it when tracking: their own name and phone masked, the steps in words. */
export const TrackedOrder = z
  .object({
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    need: z.string(),
    village: z.string(),
    team: z.optional(z.string()),
    dueDate: z.optional(z.string()),
    name: z.string(),
    phone: z.string(),
    timeline: z.array(TimelineEvent),
    rating: z.optional(Rating),
    canCancel: z.boolean(),
    canRate: z.boolean(),
  })
  .register(z.globalRegistry, { id: 'TrackedOrder' });
export type TrackedOrder = z.infer<typeof TrackedOrder>;

export const SubmittedOrder = z
  .object({ number: z.string(), status: z.enum(ORDER_STATUSES), submittedAt: z.string() })
  .register(z.globalRegistry, { id: 'SubmittedOrder' });

const Score = z.int().check(z.minimum(1), z.maximum(5));
export const RateRequest = z.strictObject({
  attitude: Score,
  result: Score,
  timeliness: Score,
  comment: z.optional(Note),
  complaint: z._default(z.boolean(), false),
});

export const ResidentRateRequest = z
  .strictObject({ number: OrderNumber, phone4: PhoneLast4, ...RateRequest.shape })
  .register(z.globalRegistry, { id: 'ResidentRateRequest' });
export const ResidentCancelRequest = z
  .strictObject({ number: OrderNumber, phone4: PhoneLast4, reason: Reason })
  .register(z.globalRegistry, { id: 'ResidentCancelRequest' });

export const OrderPath = z.strictObject({ orderId: OrderNumber });

/** The office's and the teams' view: the full order, phone and name shown only to those who serve it. */
export const OrderView = z
  .object({
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    version: z.int(),
    name: z.string(),
    phone: z.string(),
    villageOrgId: z.string(),
    townOrgId: z.optional(z.string()),
    need: z.string(),
    projectId: z.optional(z.string()),
    preferredDate: z.optional(z.string()),
    preferredTime: z.optional(z.string()),
    channel: z.enum(ORDER_CHANNELS),
    teamOrgId: z.optional(z.string()),
    dueDate: z.optional(z.string()),
    /** When the current stage is due, and whether it is past. */
    dueAt: z.optional(z.string()),
    overdue: z.boolean(),
    submittedAt: z.string(),
    updatedAt: z.string(),
    timeline: z.array(TimelineEvent),
    rating: z.optional(Rating),
    /** The service records the order's assessment made (考核定单 → points). */
    recordIds: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'Order' });
export type OrderView = z.infer<typeof OrderView>;

export const OrderQueueQuery = z.strictObject({
  status: z.optional(z.enum(ORDER_STATUSES)),
  teamOrgId: z.optional(Id),
  townOrgId: z.optional(Id),
  overdue: z.optional(z.enum(['true', 'false'])),
  limit: QueryInt({ min: 1, max: 100, fallback: 50 }),
});
export const OrderQueue = z
  .object({ orders: z.array(OrderView) })
  .register(z.globalRegistry, { id: 'OrderQueue' });

/** The body of each transition, by action. */
export const DispatchRequest = z.strictObject({
  teamOrgId: Id,
  dueDate: CalendarDate,
  note: z.optional(Note),
});
export const ReasonRequest = z.strictObject({ reason: Reason });
export const NoteRequest = z.strictObject({ note: Note });
export const ServeRequest = z.strictObject({
  activity: z.strictObject({ name: DisplayName, date: CalendarDate }),
  note: z.optional(Note),
});
export const PaperRateRequest = z.strictObject({ ...RateRequest.shape });
export const CloseRequest = z.strictObject({
  /** The office's assessment of the service. */
  assessment: Note,
  /** The hours of the volunteers who served: one service record linked to the order, then approval. */
  entries: z.array(z.strictObject({ volunteerId: Id, hours: Hours })).check(z.maxLength(200)),
});

/** One step of the flow, by the office or the team: the action names the step, the rest its data. */
export const OrderStepRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('reject'), reason: Reason }),
    z.strictObject({ action: z.literal('dispatch'), ...DispatchRequest.shape }),
    z.strictObject({ action: z.literal('reassign'), ...DispatchRequest.shape }),
    z.strictObject({ action: z.literal('accept') }),
    z.strictObject({ action: z.literal('return'), reason: Reason }),
    z.strictObject({ action: z.literal('serve'), ...ServeRequest.shape }),
    z.strictObject({ action: z.literal('finish'), note: Note }),
    z.strictObject({ action: z.literal('rate'), ...PaperRateRequest.shape }),
    z.strictObject({ action: z.literal('review'), note: Note }),
    z.strictObject({ action: z.literal('close'), ...CloseRequest.shape }),
    z.strictObject({ action: z.literal('cancel'), reason: Reason }),
  ])
  .register(z.globalRegistry, { id: 'OrderStepRequest' });
export type OrderStepRequest = z.infer<typeof OrderStepRequest>;
