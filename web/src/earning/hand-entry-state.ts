import type { ServiceRecord, ServiceRecordRequest } from '../../../shared/earning/contract/service-records';
import type { VolunteerFound } from '../../../shared/people/contract/volunteers';
import type { MessageKey } from '../platform/i18n';

/**
 * 录入服务时长: the office or a coordinator enters the hours people served at one activity, as
 * data (D2). No DOM, network or clock: today's China date and the Idempotency-Key arrive in
 * events, made at the edge (hand-entry.ts).
 *
 * The key is made once per form: a double click, or sending again after an answer that never
 * came, repeats the same request with the same key, so the API makes one record. While the
 * outcome is unknown the form is locked (only "send again" is offered); a definite refusal hands
 * in a fresh key with its problems, so the corrected form is a new request.
 */
export const HOURS_MAX = 24;
export const QUARTERS_PER_HOUR = 4;
/** As the contract: an activity's name, and the people of one record. */
export const ACTIVITY_NAME_MAX = 100;
export const ENTRIES_MAX = 500;

export type Say =
  | { readonly key: MessageKey; readonly params?: Readonly<Record<string, string | number>> }
  | { readonly text: string };

/** Where a problem is shown: beside a field, a person's hours, or above the button. */
export type Field =
  | 'name'
  | 'date'
  | 'project'
  | 'place'
  | 'startTime'
  | 'endTime'
  | 'responsible'
  | 'people'
  | 'form'
  | `hours:${string}`;

/** The optional facts order No. 67 第七条 asks a record to say: where, when, who answered for it. */
export type DetailField = 'place' | 'startTime' | 'endTime' | 'responsible';

export interface Problem {
  readonly field: Field;
  readonly say: Say;
}

export interface Person {
  readonly volunteer: VolunteerFound;
  /** As typed: "1.5", "２", "" (checked on submit). */
  readonly hours: string;
}

export interface HandEntryState {
  readonly key: string;
  readonly today: string;
  readonly name: string;
  readonly date: string;
  readonly projectId: string;
  readonly place: string;
  readonly startTime: string;
  readonly endTime: string;
  readonly responsible: string;
  readonly people: readonly Person[];
  readonly phase: 'editing' | 'sending' | 'unknown' | 'sent';
  readonly problems: readonly Problem[];
  /** The request being sent, or to send again after no answer (with `key`). */
  readonly request: ServiceRecordRequest | undefined;
  readonly sent: ServiceRecord | undefined;
}

export type HandEntryEvent =
  | { readonly type: 'opened'; readonly key: string; readonly today: string }
  | {
      readonly type: 'edited';
      readonly field: 'name' | 'date' | 'projectId' | DetailField;
      readonly value: string;
    }
  | { readonly type: 'personAdded'; readonly volunteer: VolunteerFound }
  | { readonly type: 'personRemoved'; readonly volunteerId: string }
  | { readonly type: 'hoursTyped'; readonly volunteerId: string; readonly text: string }
  | { readonly type: 'submitted'; readonly today: string }
  | { readonly type: 'answered'; readonly record: ServiceRecord }
  | { readonly type: 'refused'; readonly problems: readonly Problem[]; readonly nextKey: string }
  | { readonly type: 'unanswered' };

export function openedEntry(key: string, today: string): HandEntryState {
  return {
    key,
    today,
    name: '',
    date: today,
    projectId: '',
    place: '',
    startTime: '',
    endTime: '',
    responsible: '',
    people: [],
    phase: 'editing',
    problems: [],
    request: undefined,
    sent: undefined,
  };
}

/** Hours as typed, read forgivingly (full-width digits, a comma for the point); undefined when not a number. */
export function readHours(text: string): number | undefined {
  const compact = text.normalize('NFKC').trim().replace('，', '.').replace(',', '.');
  if (!/^\d{1,2}(\.\d{1,2})?$/.test(compact)) return undefined;
  return Number(compact);
}

/** More than 0, at most 24, in quarter hours (0.25, 0.5, 0.75). */
export const validHours = (hours: number): boolean =>
  hours > 0 && hours <= HOURS_MAX && Number.isInteger(hours * QUARTERS_PER_HOUR);

/** Every problem of the form, each at its field; none means the request can be sent. */
export function problemsOf(state: HandEntryState, today: string): Problem[] {
  const problems: Problem[] = [];
  const name = state.name.trim();
  if (name === '') problems.push({ field: 'name', say: { key: 'office.entry.error.name' } });
  else if (Array.from(name).length > ACTIVITY_NAME_MAX) {
    problems.push({
      field: 'name',
      say: { key: 'office.entry.error.nameLong', params: { n: ACTIVITY_NAME_MAX } },
    });
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(state.date)) {
    problems.push({ field: 'date', say: { key: 'office.entry.error.date' } });
  } else if (state.date > today) {
    problems.push({ field: 'date', say: { key: 'office.entry.error.dateFuture' } });
  }
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
  for (const field of ['startTime', 'endTime'] as const) {
    if (state[field] !== '' && !clock.test(state[field]))
      problems.push({ field, say: { key: 'office.entry.error.clock' } });
  }
  if (clock.test(state.startTime) && clock.test(state.endTime) && state.endTime <= state.startTime)
    problems.push({ field: 'endTime', say: { key: 'office.entry.error.endBeforeStart' } });
  if (state.people.length === 0)
    problems.push({ field: 'people', say: { key: 'office.entry.error.people' } });
  if (state.people.length > ENTRIES_MAX) {
    problems.push({
      field: 'people',
      say: { key: 'office.entry.error.tooMany', params: { n: ENTRIES_MAX } },
    });
  }
  for (const person of state.people) {
    const hours = readHours(person.hours);
    if (hours === undefined || !validHours(hours)) {
      problems.push({
        field: `hours:${person.volunteer.id}`,
        say: { key: 'office.entry.error.hours', params: { name: person.volunteer.name } },
      });
    }
  }
  return problems;
}

/** The request the form stands for (only once it has no problems). */
export function requestOf(state: HandEntryState): ServiceRecordRequest {
  return {
    activity: {
      name: state.name.trim(),
      date: state.date,
      ...(state.projectId === '' ? {} : { projectId: state.projectId }),
      ...(state.place.trim() === '' ? {} : { place: state.place.trim() }),
      ...(state.startTime === '' ? {} : { startTime: state.startTime }),
      ...(state.endTime === '' ? {} : { endTime: state.endTime }),
      ...(state.responsible.trim() === '' ? {} : { responsible: state.responsible.trim() }),
    },
    entries: state.people.map((person) => ({
      volunteerId: person.volunteer.id,
      hours: readHours(person.hours) ?? 0,
    })),
  };
}

/** Where the API's `errors[].path` belongs on this form (body.entries.3.hours: the fourth person's hours). */
export function fieldOfPath(path: string, people: readonly Person[]): Field {
  if (path.startsWith('body.activity.name')) return 'name';
  if (path.startsWith('body.activity.date')) return 'date';
  if (path.startsWith('body.activity.projectId')) return 'project';
  for (const field of ['place', 'startTime', 'endTime', 'responsible'] as const)
    if (path.startsWith(`body.activity.${field}`)) return field;
  const entry = /^body\.entries\.(\d+)\.hours/.exec(path);
  const person = entry === null ? undefined : people[Number(entry[1])];
  if (person !== undefined) return `hours:${person.volunteer.id}`;
  if (path.startsWith('body.entries')) return 'people';
  return 'form';
}

const editable = (state: HandEntryState): boolean => state.phase === 'editing';

export function reduceEntry(state: HandEntryState, event: HandEntryEvent): HandEntryState {
  switch (event.type) {
    case 'opened':
      return openedEntry(event.key, event.today);
    case 'edited': {
      if (!editable(state)) return state;
      // A field being corrected loses its problem; the others keep theirs until the next submit.
      const field: Field = event.field === 'projectId' ? 'project' : event.field;
      return {
        ...state,
        [event.field]: event.value,
        problems: state.problems.filter((problem) => problem.field !== field),
      };
    }
    case 'personAdded':
      if (!editable(state) || state.people.some((person) => person.volunteer.id === event.volunteer.id)) {
        return state;
      }
      return {
        ...state,
        people: [...state.people, { volunteer: event.volunteer, hours: '' }],
        problems: state.problems.filter((problem) => problem.field !== 'people'),
      };
    case 'personRemoved':
      if (!editable(state)) return state;
      return {
        ...state,
        people: state.people.filter((person) => person.volunteer.id !== event.volunteerId),
        problems: state.problems.filter((problem) => problem.field !== `hours:${event.volunteerId}`),
      };
    case 'hoursTyped':
      if (!editable(state)) return state;
      return {
        ...state,
        people: state.people.map((person) =>
          person.volunteer.id === event.volunteerId ? { ...person, hours: event.text } : person,
        ),
        problems: state.problems.filter((problem) => problem.field !== `hours:${event.volunteerId}`),
      };
    case 'submitted': {
      // Sending already (a double click): nothing more. No answer came: the very same request again.
      if (state.phase === 'sending' || state.phase === 'sent') return state;
      if (state.phase === 'unknown') return { ...state, phase: 'sending', today: event.today };
      const problems = problemsOf(state, event.today);
      if (problems.length > 0) return { ...state, today: event.today, problems };
      return { ...state, today: event.today, phase: 'sending', problems: [], request: requestOf(state) };
    }
    case 'answered':
      if (state.phase !== 'sending') return state;
      return { ...state, phase: 'sent', sent: event.record, problems: [] };
    case 'refused':
      if (state.phase !== 'sending') return state;
      return { ...state, phase: 'editing', problems: event.problems, key: event.nextKey, request: undefined };
    case 'unanswered':
      if (state.phase !== 'sending') return state;
      return {
        ...state,
        phase: 'unknown',
        problems: [{ field: 'form', say: { key: 'office.entry.unanswered' } }],
      };
  }
}

/** A refusal as the edge heard it, as plain data. */
export interface Refusal {
  readonly code: string;
  /** The sentence the page would show for it (describeError). */
  readonly message: string;
  readonly fields: readonly { readonly path: string; readonly message: string }[];
  readonly volunteerIds: readonly string[];
}

/** Each part of a refusal at the field it is about, in Chinese. */
export function problemsOfRefusal(refusal: Refusal, people: readonly Person[]): Problem[] {
  const nameOf = (id: string) => people.find((person) => person.volunteer.id === id)?.volunteer.name ?? id;
  if (refusal.code === 'FORBIDDEN' && refusal.volunteerIds.length > 0) {
    return [
      {
        field: 'people',
        say: {
          key: 'office.entry.error.outside',
          params: { names: refusal.volunteerIds.map(nameOf).join('、') },
        },
      },
    ];
  }
  if (refusal.code === 'VALIDATION_FAILED' && refusal.fields.length > 0) {
    return refusal.fields.map((one): Problem => {
      const field = fieldOfPath(one.path, people);
      if (field === 'date' && /after today/.test(one.message)) {
        return { field, say: { key: 'office.entry.error.dateFuture' } };
      }
      const entry = /^body\.entries\.(\d+)\.volunteerId/.exec(one.path);
      const person = entry === null ? undefined : people[Number(entry[1])];
      if (person !== undefined) {
        return {
          field: 'people',
          say: { key: 'office.entry.error.unknownPerson', params: { name: person.volunteer.name } },
        };
      }
      return { field, say: { text: refusal.message } };
    });
  }
  return [{ field: 'form', say: { text: refusal.message } }];
}
