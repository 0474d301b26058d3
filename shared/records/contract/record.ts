import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { CalendarDate, HumanText, QueryInt, Reason } from '../../platform/contract/text';
import {
  CORRECTION_STATUSES,
  CORRECTION_SUBJECTS,
  CORRECTIONS_PAGE_MAX,
  EVALUATION_GRADES,
  RECORD_ENTRY_KINDS,
} from '../rules/record-entries';

/**
 * A volunteer's record (志愿服务记录) over HTTP, as order No. 67 asks it be kept and shown: by
 * year, their service, training, honours and evaluations, their star level, and their requests for
 * correction with the office's answers.
 */

const Title = HumanText({ max: 60, label: '名称', field: 'title' });
const Organiser = HumanText({ max: 60, label: '单位', field: 'organiser' });
const Note = HumanText({ max: 200, label: '说明', field: 'note' });

/** Training hours: more than 0, at most 200, in quarter-hour steps. */
const TrainingHours = z
  .number()
  .check(
    z.gt(0, '培训时长应大于 0 (must be more than 0)'),
    z.maximum(200, '培训时长最多 200 小时 (must be at most 200)'),
    z.multipleOf(0.25, '培训时长以刻钟（0.25 小时）计 (must be in quarter-hour steps)'),
  );

export const RecordEntryRequest = z
  .strictObject({
    kind: z.enum(RECORD_ENTRY_KINDS),
    date: CalendarDate,
    title: Title,
    organiser: z.optional(Organiser),
    hours: z.optional(TrainingHours),
    grade: z.optional(z.enum(EVALUATION_GRADES)),
    note: z.optional(Note),
    /** Withdraws an earlier entry of this record (it stays, marked withdrawn). */
    retracts: z.optional(Id),
  })
  .check(
    z.refine((entry) => entry.hours === undefined || entry.kind === 'training', {
      error: '只有培训才填时长 (hours only for training)',
      path: ['hours'],
    }),
    z.refine((entry) => (entry.kind === 'evaluation') === (entry.grade !== undefined), {
      error: '评价要选等级，其他不选 (an evaluation has a grade; nothing else does)',
      path: ['grade'],
    }),
  )
  .register(z.globalRegistry, { id: 'RecordEntryRequest' });
export type RecordEntryRequest = z.infer<typeof RecordEntryRequest>;

export const RecordEntryView = z
  .object({
    entryId: z.string(),
    kind: z.enum(RECORD_ENTRY_KINDS),
    date: z.string(),
    title: z.string(),
    organiser: z.optional(z.string()),
    hours: z.optional(z.number()),
    grade: z.optional(z.string()),
    note: z.optional(z.string()),
    retracts: z.optional(z.string()),
    /** Withdrawn by a later entry (its id). */
    retractedBy: z.optional(z.string()),
    recordedAt: z.string(),
    /** The staff member's name, never an account id; 工作人员 when none is known. */
    recordedByName: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'RecordEntryView' });
export type RecordEntryView = z.infer<typeof RecordEntryView>;

export const RecordQuery = z.strictObject({
  year: z.optional(
    z.string().check(z.regex(/^20\d{2}$/, '年份应为 2000–2099 的四位数 (year must be 2000–2099)')),
  ),
});

export const CorrectionRequest = z
  .strictObject({
    about: z.enum(CORRECTION_SUBJECTS),
    /** The service record or entry it is about (none for personal information). */
    ref: z.optional(Id),
    reason: Reason,
  })
  .check(
    z.refine((request) => request.about === 'personal' || request.ref !== undefined, {
      error: '请选择要更正的那一条记录 (ref names the record or entry)',
      path: ['ref'],
    }),
  )
  .register(z.globalRegistry, { id: 'CorrectionRequest' });
export type CorrectionRequest = z.infer<typeof CorrectionRequest>;

export const CorrectionDecision = z
  .discriminatedUnion('accept', [
    z.strictObject({
      accept: z.literal(true),
      /** What the office did: a corrective record, a reversal, a withdrawn entry (never an edit). */
      resolution: Reason,
      /** The corrective or reversing service record, when there is one. */
      recordId: z.optional(Id),
    }),
    z.strictObject({ accept: z.literal(false), reason: Reason }),
  ])
  .register(z.globalRegistry, { id: 'CorrectionDecision' });
export type CorrectionDecision = z.infer<typeof CorrectionDecision>;

export const CorrectionPath = z.strictObject({ correctionId: Id });

export const Correction = z
  .object({
    correctionId: z.string(),
    volunteerId: z.string(),
    /** The volunteer's name, masked (谭*华) for all but the volunteer. */
    name: z.string(),
    status: z.enum(CORRECTION_STATUSES),
    about: z.enum(CORRECTION_SUBJECTS),
    ref: z.optional(z.string()),
    reason: z.string(),
    filedAt: z.string(),
    resolution: z.optional(z.string()),
    recordId: z.optional(z.string()),
    refusal: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Correction' });
export type Correction = z.infer<typeof Correction>;

export const CorrectionListQuery = z.strictObject({
  status: z._default(z.enum(CORRECTION_STATUSES), 'open'),
  limit: QueryInt({ min: 1, max: CORRECTIONS_PAGE_MAX, fallback: 50 }),
});
export type CorrectionListQuery = z.infer<typeof CorrectionListQuery>;

export const CorrectionList = z
  .object({ corrections: z.array(Correction) })
  .register(z.globalRegistry, { id: 'CorrectionList' });

const StarView = z.object({
  level: z.int(),
  label: z.optional(z.string()),
  next: z.optional(z.object({ level: z.int(), label: z.string(), hoursToGo: z.number() })),
});

export const VolunteerRecord = z
  .object({
    volunteerId: z.string(),
    name: z.string(),
    year: z.string(),
    /** Approved hours: this year's (by the day served) and all years'. */
    hours: z.object({ year: z.number(), total: z.number() }),
    /** 星级: from all years' approved hours (docs/records-sources.md for the thresholds). */
    star: StarView,
    /** The year's approved service, one line per record, oldest first. */
    service: z.array(
      z.object({
        recordId: z.string(),
        date: z.string(),
        content: z.string(),
        place: z.optional(z.string()),
        organiser: z.string(),
        hours: z.number(),
      }),
    ),
    training: z.array(RecordEntryView),
    honours: z.array(RecordEntryView),
    evaluations: z.array(RecordEntryView),
    /** Their correction requests, newest first. */
    corrections: z.array(Correction),
  })
  .register(z.globalRegistry, { id: 'VolunteerRecord' });
export type VolunteerRecord = z.infer<typeof VolunteerRecord>;
