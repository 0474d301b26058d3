import type {
  Correction,
  CorrectionRequest,
  RecordEntryRequest,
  RecordEntryView,
  VolunteerRecord,
} from '../../../shared/records/contract/record';
import { EVALUATION_GRADES, RECORD_ENTRY_KINDS } from '../../../shared/records/rules/record-entries';
import { formatNumber, formatWrittenDate, type MessageKey, t } from '../platform/i18n';

/**
 * 我的志愿服务记录 on the volunteer's page, as data (D2): the year shown (this year and the four
 * before), that year's record as the API answers it, and the one correction request (更正申请) being
 * written, about one line of the record or about their personal information. No DOM, network,
 * timers or clock: today's date and Idempotency-Keys arrive in events, made at the edge
 * (my-record.ts).
 *
 * A request's key is made when its form opens and kept until an answer comes: sending again after
 * an answer that never came repeats the same request, so the office gets it once. A definite
 * refusal hands in a fresh key with its problems.
 *
 * Below the reducer, the record in words (the star, the year's hours, each line, each request's
 * answer), shared with the office's 培训·表彰·评价 section.
 */
export type { Correction, RecordEntryView, VolunteerRecord };

/** Years offered: this year and the four before. */
export const YEARS_SHOWN = 5;
/** As `Reason` in the contract (REASON_LENGTH_MAX in shared/platform/limits.ts). */
export const REASON_MAX = 500;

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

export type Subject = CorrectionRequest['about'];
export type EntryKind = RecordEntryView['kind'];

/** What a correction request is about: a line of the record (its id), or personal information. */
export interface Target {
  readonly about: Subject;
  readonly ref?: string;
}

export const sameTarget = (one: Target | undefined, other: Target | undefined): boolean =>
  one !== undefined && other !== undefined && one.about === other.about && one.ref === other.ref;

export type Loaded =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly record: VolunteerRecord }
  | { readonly status: 'failed'; readonly problem: Say };

export interface CorrectionForm {
  readonly target: Target;
  readonly reason: string;
  readonly key: string;
  /** editing; sending (out now); unknown (no answer came: only "send again", the same request). */
  readonly phase: 'editing' | 'sending' | 'unknown';
  readonly reasonProblem: Say | undefined;
  readonly formProblem: Say | undefined;
  /** The request out now, or to send again after no answer (with `key`). */
  readonly request: CorrectionRequest | undefined;
}

export interface MyRecordState {
  readonly years: readonly string[];
  readonly year: string;
  readonly record: Loaded;
  readonly form: CorrectionForm | undefined;
  /** What the last request filed said (已提交…), until another form opens. */
  readonly filed: Say | undefined;
}

/** Where a refusal's problem is shown: beside the reason, or above the form's button. */
export interface FormProblem {
  readonly field: 'reason' | 'form';
  readonly say: Say;
}

export type MyRecordEvent =
  | { readonly type: 'opened'; readonly today: string }
  | { readonly type: 'yearPicked'; readonly year: string }
  | { readonly type: 'recordArrived'; readonly record: VolunteerRecord }
  | { readonly type: 'recordFailed'; readonly year: string; readonly problem: Say }
  | { readonly type: 'correctClicked'; readonly target: Target; readonly key: string }
  | { readonly type: 'reasonTyped'; readonly text: string }
  | { readonly type: 'correctCancelled' }
  | { readonly type: 'correctSubmitted' }
  | { readonly type: 'correctionFiled'; readonly correction: Correction }
  | {
      readonly type: 'correctionRefused';
      readonly problems: readonly FormProblem[];
      readonly nextKey: string;
    }
  | { readonly type: 'correctionUnanswered' };

export const initialMyRecord: MyRecordState = {
  years: [],
  year: '',
  record: { status: 'loading' },
  form: undefined,
  filed: undefined,
};

/** This year (of `today`, YYYY-MM-DD in China) and the four before, newest first. */
export function yearsFrom(today: string): string[] {
  const year = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || year < 2000) return [];
  return Array.from({ length: YEARS_SHOWN }, (_, back) => String(year - back)).filter(
    (shown) => Number(shown) >= 2000,
  );
}

/** A request is out (or may have been carried out): the form stays as it is until it is answered. */
export const correctionOut = (state: MyRecordState): boolean =>
  state.form !== undefined && state.form.phase !== 'editing';

function openForm(target: Target, key: string): CorrectionForm {
  return {
    target,
    reason: '',
    key,
    phase: 'editing',
    reasonProblem: undefined,
    formProblem: undefined,
    request: undefined,
  };
}

export function reduceMyRecord(state: MyRecordState, event: MyRecordEvent): MyRecordState {
  switch (event.type) {
    case 'opened': {
      const years = yearsFrom(event.today);
      return { ...initialMyRecord, years, year: years[0] ?? event.today.slice(0, 4) };
    }
    case 'yearPicked':
      if (event.year === state.year || correctionOut(state) || !state.years.includes(event.year))
        return state;
      return { ...state, year: event.year, record: { status: 'loading' }, form: undefined };
    case 'recordArrived':
      // A slow answer for a year no longer shown is dropped.
      if (event.record.year !== state.year) return state;
      return { ...state, record: { status: 'loaded', record: event.record } };
    case 'recordFailed':
      if (event.year !== state.year || state.record.status === 'loaded') return state;
      return { ...state, record: { status: 'failed', problem: event.problem } };
    case 'correctClicked':
      if (correctionOut(state)) return state;
      // The same button again closes the form it opened.
      if (sameTarget(state.form?.target, event.target)) return { ...state, form: undefined };
      return { ...state, form: openForm(event.target, event.key), filed: undefined };
    case 'reasonTyped':
      if (state.form?.phase !== 'editing') return state;
      return { ...state, form: { ...state.form, reason: event.text, reasonProblem: undefined } };
    case 'correctCancelled':
      return correctionOut(state) ? state : { ...state, form: undefined };
    case 'correctSubmitted':
      return { ...state, form: submitted(state.form) };
    case 'correctionFiled': {
      if (state.form?.phase !== 'sending' && state.form?.phase !== 'unknown') return state;
      const record =
        state.record.status === 'loaded'
          ? {
              status: 'loaded' as const,
              record: {
                ...state.record.record,
                corrections: [
                  event.correction,
                  ...state.record.record.corrections.filter(
                    (one) => one.correctionId !== event.correction.correctionId,
                  ),
                ],
              },
            }
          : state.record;
      return { ...state, record, form: undefined, filed: { key: 'myRecord.correct.filed' } };
    }
    case 'correctionRefused': {
      if (state.form?.phase !== 'sending') return state;
      const reasonProblem = event.problems.find((problem) => problem.field === 'reason')?.say;
      const formProblem =
        event.problems.find((problem) => problem.field === 'form')?.say ??
        (reasonProblem === undefined ? { key: 'myRecord.correct.failed' } : undefined);
      return {
        ...state,
        form: {
          ...state.form,
          phase: 'editing',
          key: event.nextKey,
          request: undefined,
          reasonProblem,
          formProblem,
        },
      };
    }
    case 'correctionUnanswered':
      if (state.form?.phase !== 'sending') return state;
      return {
        ...state,
        form: { ...state.form, phase: 'unknown', formProblem: { key: 'myRecord.correct.unanswered' } },
      };
  }
}

function submitted(form: CorrectionForm | undefined): CorrectionForm | undefined {
  if (form === undefined || form.phase === 'sending') return form;
  // No answer came: the same request again, with the same key.
  if (form.phase === 'unknown') return { ...form, phase: 'sending', formProblem: undefined };
  const reason = form.reason.trim();
  if (reason === '') return { ...form, reasonProblem: { key: 'myRecord.correct.needReason' } };
  if (Array.from(reason).length > REASON_MAX)
    return { ...form, reasonProblem: { key: 'myRecord.correct.reasonLong', params: { n: REASON_MAX } } };
  return {
    ...form,
    reason,
    phase: 'sending',
    reasonProblem: undefined,
    formProblem: undefined,
    request: {
      about: form.target.about,
      ...(form.target.ref === undefined ? {} : { ref: form.target.ref }),
      reason,
    },
  };
}

/**
 * A refusal's problems where the form shows them: a problem with the reason beside it, anything
 * else (the line is not on the record, five requests already wait) above the button.
 */
export function problemsOfRefusal(refusal: {
  readonly message: string;
  readonly fields: readonly { readonly name: string; readonly sentence: string }[];
}): FormProblem[] {
  const problems: FormProblem[] = refusal.fields.map((field) => ({
    field: field.name === 'reason' ? ('reason' as const) : ('form' as const),
    say: { text: field.sentence },
  }));
  if (problems.length === 0) problems.push({ field: 'form', say: { text: refusal.message } });
  return problems;
}

export const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

/* ---------- the record in words ---------- */

const hours = (value: number): string => t('myRecord.hours', { n: formatNumber(value) });

/** "二星级志愿者" (from the level, in the page's language) or "还不是星级志愿者". */
export function starWords(level: number): string {
  return level >= 1 && level <= 5 ? t(`myRecord.star.${level}` as MessageKey) : t('myRecord.star.none');
}

/**
 * What is next: "累计服务 305 小时，再服务 295 小时可评为三星级志愿者"; at 五星 the total only.
 */
export function starNext(record: Pick<VolunteerRecord, 'star' | 'hours'>): string {
  const next = record.star.next;
  const total = formatNumber(record.hours.total);
  return next === undefined
    ? t('myRecord.star.top', { total })
    : t('myRecord.star.next', {
        total,
        toGo: formatNumber(next.hoursToGo),
        next: starWords(next.level),
      });
}

export const yearLabel = (year: string): string => t('myRecord.yearOption', { year });

/** "2026年服务 10 小时". */
export const yearHours = (record: Pick<VolunteerRecord, 'year' | 'hours'>): string =>
  t('myRecord.yearHours', { year: yearLabel(record.year), hours: hours(record.hours.year) });

/** A request's answer in words: 等待处理, 已更正：{resolution}, 未更正：{refusal}. */
export function correctionStatus(correction: Pick<Correction, 'status' | 'resolution' | 'refusal'>): string {
  if (correction.status === 'accepted')
    return t('myRecord.correction.accepted', { resolution: correction.resolution ?? '' });
  if (correction.status === 'refused')
    return t('myRecord.correction.refused', { refusal: correction.refusal ?? '' });
  return t('myRecord.correction.open');
}

/** 服务记录, 培训, 表彰奖励, 评价, 个人信息. */
export const aboutWords = (about: Subject): string => t(`record.about.${about}` as MessageKey);

export type ServiceLine = VolunteerRecord['service'][number];

/** One line of the record as a list shows it. */
export type RecordLine =
  | { readonly kind: 'service'; readonly id: string; readonly service: ServiceLine }
  | {
      readonly kind: EntryKind;
      readonly id: string;
      readonly entry: RecordEntryView;
      /** Withdrawn by a later entry (both stay on the record). */
      readonly withdrawn: boolean;
      /** That entry, when it is on this year's list (its note says why). */
      readonly withdrawal: RecordEntryView | undefined;
    };

export interface RecordLines {
  readonly service: readonly RecordLine[];
  readonly training: readonly RecordLine[];
  readonly honours: readonly RecordLine[];
  readonly evaluations: readonly RecordLine[];
}

/**
 * Entries with their withdrawals folded in: a withdrawn entry is shown (struck, 已撤回, with the
 * note that withdrew it), never hidden; an entry that withdraws another one on the list is shown
 * with it, not as a line of its own (its hours are not more training).
 */
function entryLines(entries: readonly RecordEntryView[]): RecordLine[] {
  const byId = new Map(entries.map((entry) => [entry.entryId, entry]));
  return entries
    .filter((entry) => entry.retracts === undefined || !byId.has(entry.retracts))
    .map((entry) => ({
      kind: entry.kind,
      id: entry.entryId,
      entry,
      withdrawn: entry.retractedBy !== undefined,
      withdrawal: entry.retractedBy === undefined ? undefined : byId.get(entry.retractedBy),
    }));
}

export function recordLines(record: VolunteerRecord): RecordLines {
  return {
    service: record.service.map((service) => ({ kind: 'service', id: service.recordId, service })),
    training: entryLines(record.training),
    honours: entryLines(record.honours),
    evaluations: entryLines(record.evaluations),
  };
}

/** Whether a line is withdrawn (struck through, 已撤回). */
export const isWithdrawn = (line: RecordLine): boolean => line.kind !== 'service' && line.withdrawn;

/** An entry that withdraws one not on this year's list: shown as what it is. */
export const isWithdrawal = (line: RecordLine): boolean =>
  line.kind !== 'service' && line.entry.retracts !== undefined;

export interface LineWords {
  /** What it was: the content of the service, the title of an entry (with the grade). */
  readonly title: string;
  /** The day, place, organiser, hours: each a short phrase. */
  readonly facts: readonly string[];
  /** 已撤回, with the note that withdrew it. */
  readonly withdrawn: string | undefined;
}

export function lineWords(line: RecordLine): LineWords {
  if (line.kind === 'service') {
    const { service } = line;
    return {
      title: service.content,
      facts: [
        formatWrittenDate(service.date),
        service.place === undefined ? '' : t('myRecord.place', { place: service.place }),
        t('myRecord.organiser', { organiser: service.organiser }),
        hours(service.hours),
      ].filter((fact) => fact !== ''),
      withdrawn: undefined,
    };
  }
  const { entry, withdrawn, withdrawal } = line;
  const title =
    entry.kind === 'evaluation' && entry.grade !== undefined
      ? t('myRecord.graded', { title: entry.title, grade: entry.grade })
      : entry.title;
  return {
    title: entry.retracts === undefined ? title : t('myRecord.withdrawalOf', { title }),
    facts: [
      formatWrittenDate(entry.date),
      entry.organiser === undefined ? '' : t('myRecord.organiser', { organiser: entry.organiser }),
      entry.hours === undefined ? '' : hours(entry.hours),
      entry.retracts !== undefined && entry.note !== undefined
        ? t('myRecord.withdrawnNote', { note: entry.note })
        : '',
    ].filter((fact) => fact !== ''),
    withdrawn: !withdrawn
      ? undefined
      : withdrawal?.note === undefined
        ? t('myRecord.withdrawn')
        : t('myRecord.withdrawnWhy', { note: withdrawal.note }),
  };
}

/** A correction request about this line. */
export function targetOf(line: RecordLine): Target {
  return { about: line.kind, ref: line.id };
}

/**
 * What a request is about, in words: "服务记录 · 2026年3月5日 敬老院探访" when the line is on the
 * record shown, else the kind alone (a line of another year); "个人信息" for personal information.
 */
export function targetWords(target: Target, record: VolunteerRecord | undefined): string {
  const about = aboutWords(target.about);
  if (target.ref === undefined || record === undefined) return about;
  const lines = recordLines(record);
  const line = [...lines.service, ...lines.training, ...lines.honours, ...lines.evaluations].find(
    (candidate) => candidate.id === target.ref,
  );
  if (line === undefined) return about;
  const words = lineWords(line);
  return `${about} · ${words.facts[0] ?? ''} ${words.title}`;
}

/* ---------- the office's entries (培训·表彰·评价) ---------- */

/** As the contract: an entry's title and organiser, its note, training hours. */
export const ENTRY_TITLE_MAX = 60;
export const ENTRY_NOTE_MAX = 200;
export const TRAINING_HOURS_MAX = 200;

/** The form's fields as typed (trimmed). */
export interface EntryValues {
  readonly kind: string;
  readonly date: string;
  readonly title: string;
  readonly organiser: string;
  readonly hours: string;
  readonly grade: string;
  readonly note: string;
}

/** A problem at a field of the form, named as the form names it. */
export interface EntryProblem {
  readonly name: keyof EntryValues;
  readonly what: Say;
}

type Grade = (typeof EVALUATION_GRADES)[number];
const isGrade = (grade: string | undefined): grade is Grade =>
  (EVALUATION_GRADES as readonly string[]).includes(grade ?? '');

/** Hours as typed, read forgivingly (full-width digits, a Chinese comma for the point). */
export function readTrainingHours(text: string): number | undefined {
  const compact = text.normalize('NFKC').trim().replace('，', '.').replace(',', '.');
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(compact)) return undefined;
  const hours = Number(compact);
  return hours > 0 && hours <= TRAINING_HOURS_MAX && Number.isInteger(hours * 4) ? hours : undefined;
}

const tooLong = (name: keyof EntryValues, n: number): EntryProblem => ({
  name,
  what: { key: 'office.recordEntries.tooLong', params: { n } },
});

/**
 * The entry a filled form asks for, or its problems, each at its field: a title; a day not after
 * today; training with its hours (more than 0, at most 200, in quarter hours); an evaluation with
 * one of the grades; an honour only from the county office.
 */
export function entryRequestOf(
  values: EntryValues,
  today: string,
  isAdmin: boolean,
): { readonly request: RecordEntryRequest } | { readonly problems: readonly EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const kind = RECORD_ENTRY_KINDS.find((candidate) => candidate === values.kind);
  if (kind === undefined) problems.push({ name: 'kind', what: { key: 'fieldProblem.required' } });
  if (kind === 'honour' && !isAdmin)
    problems.push({ name: 'kind', what: { key: 'office.recordEntries.honourAdminOnly' } });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date))
    problems.push({ name: 'date', what: { key: 'fieldProblem.date' } });
  else if (values.date > today) problems.push({ name: 'date', what: { key: 'fieldProblem.future' } });
  if (values.title === '') problems.push({ name: 'title', what: { key: 'fieldProblem.required' } });
  else if (Array.from(values.title).length > ENTRY_TITLE_MAX)
    problems.push(tooLong('title', ENTRY_TITLE_MAX));
  if (Array.from(values.organiser).length > ENTRY_TITLE_MAX)
    problems.push(tooLong('organiser', ENTRY_TITLE_MAX));
  if (Array.from(values.note).length > ENTRY_NOTE_MAX) problems.push(tooLong('note', ENTRY_NOTE_MAX));
  const hours = kind === 'training' ? readTrainingHours(values.hours) : undefined;
  if (kind === 'training' && hours === undefined)
    problems.push({
      name: 'hours',
      what:
        values.hours === '' ? { key: 'fieldProblem.required' } : { key: 'office.recordEntries.hoursInvalid' },
    });
  const grade = kind === 'evaluation' && isGrade(values.grade) ? values.grade : undefined;
  if (kind === 'evaluation' && grade === undefined)
    problems.push({ name: 'grade', what: { key: 'fieldProblem.required' } });
  if (problems.length > 0 || kind === undefined) return { problems };
  return {
    request: {
      kind,
      date: values.date,
      title: values.title,
      ...(values.organiser === '' ? {} : { organiser: values.organiser }),
      ...(hours === undefined ? {} : { hours }),
      ...(grade === undefined ? {} : { grade }),
      ...(values.note === '' ? {} : { note: values.note }),
    },
  };
}

/** Whether an entry can be withdrawn: not withdrawn already, and not itself a withdrawal. */
export const mayWithdraw = (entry: RecordEntryView): boolean =>
  entry.retractedBy === undefined && entry.retracts === undefined;

/**
 * The entry that withdraws `entry`, with the note saying why (required): the same kind, day and
 * title (and grade, which an evaluation must carry), naming it. Undefined when it cannot be
 * withdrawn (withdrawn already, or itself a withdrawal).
 */
export function withdrawalOf(
  entry: RecordEntryView,
  note: string,
): { readonly request: RecordEntryRequest } | { readonly problem: Say } | undefined {
  if (!mayWithdraw(entry)) return undefined;
  const said = note.trim();
  if (said === '') return { problem: { key: 'fieldProblem.required' } };
  if (Array.from(said).length > ENTRY_NOTE_MAX)
    return { problem: { key: 'office.recordEntries.tooLong', params: { n: ENTRY_NOTE_MAX } } };
  return {
    request: {
      kind: entry.kind,
      date: entry.date,
      title: entry.title,
      ...(entry.kind === 'evaluation' && isGrade(entry.grade) ? { grade: entry.grade } : {}),
      note: said,
      retracts: entry.entryId,
    },
  };
}
