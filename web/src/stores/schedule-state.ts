import type { PutStoreRequest, ScheduleStop, Store } from '../../../shared/stores/contract/stores';
import type { MessageKey } from '../platform/i18n';

/**
 * 每周停靠时间: the weekly stops of a mobile shop (流动超市) in the office's 门店 section, as data
 * (D2). Staff add a stop (a village, a weekday, from and to) or remove one, and each change is
 * saved at once with the store's own PUT, which keeps its name, kind and place. What is checked
 * here is what a person can get wrong before sending; the API checks the same again.
 */

/** As SCHEDULE_STOPS_MAX in the contract (a page takes no values from it): two stops a day. */
export const STOPS_MAX = 14;

/** The contract's weekdays: 1 Monday … 7 Sunday (not JavaScript's 0 Sunday). */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** What the add form holds, as typed. */
export interface StopDraft {
  readonly orgId: string;
  readonly weekday: string;
  readonly from: string;
  readonly to: string;
}

/** A problem with one field of the add form, said beside it. */
export interface StopProblem {
  readonly field: 'orgId' | 'weekday' | 'from' | 'to';
  readonly key: MessageKey;
  readonly params?: Readonly<Record<string, string | number>>;
  /** The stop it overlaps, for its words (the page knows the villages' names). */
  readonly clash?: ScheduleStop;
}

export interface ScheduleState {
  /** The stops as saved, Monday first. */
  readonly stops: readonly ScheduleStop[];
  readonly phase: 'idle' | 'saving';
  /** The whole schedule being saved (the stops as they will be), while saving. */
  readonly sending: readonly ScheduleStop[] | undefined;
  /** What to put right before the stop can be added. */
  readonly problems: readonly StopProblem[];
  /** What the last save did, for the notice. */
  readonly done: 'added' | 'removed' | undefined;
  /** What the last change asked for, kept while it is saved. */
  readonly asked: 'add' | 'remove' | undefined;
}

export type ScheduleEvent =
  | { readonly type: 'addSubmitted'; readonly draft: StopDraft }
  | { readonly type: 'removeAsked'; readonly index: number }
  | { readonly type: 'saved'; readonly stops: readonly ScheduleStop[] }
  | { readonly type: 'saveFailed' };

/** Monday first, then by the time the van arrives. */
export function stopsInOrder(stops: readonly ScheduleStop[]): ScheduleStop[] {
  return [...stops].sort(
    (a, b) => a.weekday - b.weekday || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
  );
}

export function openedSchedule(store: Pick<Store, 'schedule'>): ScheduleState {
  return {
    stops: stopsInOrder(store.schedule ?? []),
    phase: 'idle',
    sending: undefined,
    problems: [],
    done: undefined,
    asked: undefined,
  };
}

/** Two stops on the same day whose times overlap: the van cannot be in two villages at once. */
export const overlaps = (a: ScheduleStop, b: ScheduleStop): boolean =>
  a.weekday === b.weekday && a.from < b.to && b.from < a.to;

/** The draft as a stop, or what is wrong with it (in the order of the form's fields). */
export function checkDraft(
  draft: StopDraft,
  stops: readonly ScheduleStop[],
): { stop: ScheduleStop } | { problems: StopProblem[] } {
  const problems: StopProblem[] = [];
  if (stops.length >= STOPS_MAX)
    return { problems: [{ field: 'orgId', key: 'office.stores.stop.full', params: { n: STOPS_MAX } }] };
  const orgId = draft.orgId.trim();
  if (orgId === '') problems.push({ field: 'orgId', key: 'office.stores.stop.pickVillage' });
  const weekday = Number(draft.weekday.trim());
  if (!/^[1-7]$/.test(draft.weekday.trim()))
    problems.push({ field: 'weekday', key: 'office.stores.stop.pickWeekday' });
  const from = draft.from.trim();
  const to = draft.to.trim();
  if (!CLOCK.test(from)) problems.push({ field: 'from', key: 'office.stores.stop.time' });
  if (!CLOCK.test(to)) problems.push({ field: 'to', key: 'office.stores.stop.time' });
  else if (CLOCK.test(from) && to <= from)
    problems.push({ field: 'to', key: 'office.stores.stop.toAfterFrom' });
  if (problems.length > 0) return { problems };
  const stop: ScheduleStop = { orgId, weekday, from, to };
  const clash = stops.find((other) => overlaps(other, stop));
  if (clash !== undefined) return { problems: [{ field: 'from', key: 'office.stores.stop.overlap', clash }] };
  return { stop };
}

export function reduceSchedule(state: ScheduleState, event: ScheduleEvent): ScheduleState {
  switch (event.type) {
    case 'addSubmitted': {
      if (state.phase === 'saving') return state;
      const checked = checkDraft(event.draft, state.stops);
      if ('problems' in checked) return { ...state, problems: checked.problems, done: undefined };
      // The new stop goes last: a refusal's `schedule.N` then names the add form's fields.
      return {
        ...state,
        phase: 'saving',
        sending: [...state.stops, checked.stop],
        problems: [],
        done: undefined,
        asked: 'add',
      };
    }
    case 'removeAsked': {
      if (state.phase === 'saving' || state.stops[event.index] === undefined) return state;
      return {
        ...state,
        phase: 'saving',
        sending: state.stops.filter((_, index) => index !== event.index),
        problems: [],
        done: undefined,
        asked: 'remove',
      };
    }
    case 'saved':
      if (state.phase !== 'saving') return state;
      return {
        ...state,
        stops: stopsInOrder(event.stops),
        phase: 'idle',
        sending: undefined,
        done: state.asked === 'add' ? 'added' : 'removed',
        asked: undefined,
      };
    case 'saveFailed':
      return state.phase === 'saving'
        ? { ...state, phase: 'idle', sending: undefined, done: undefined, asked: undefined }
        : state;
  }
}

/** The store's PUT with a new schedule: its name, kind and place stay as they are. */
export function putWithSchedule(
  store: Pick<Store, 'name' | 'kind' | 'orgId'>,
  stops: readonly ScheduleStop[],
): PutStoreRequest {
  return {
    name: store.name,
    kind: store.kind,
    ...(store.orgId === undefined ? {} : { orgId: store.orgId }),
    schedule: stops.map((stop) => ({
      orgId: stop.orgId,
      weekday: stop.weekday,
      from: stop.from,
      to: stop.to,
    })),
  };
}

/**
 * Renaming a store through the 门店 form sends its PUT, which sets what it is sent: a store that
 * exists keeps its place and its weekly stops unless they are sent again.
 */
export function putKeeping(
  existing: Pick<Store, 'orgId' | 'schedule'> | undefined,
  name: string,
  kind: Store['kind'],
): PutStoreRequest {
  return {
    name,
    kind,
    ...(existing?.orgId === undefined ? {} : { orgId: existing.orgId }),
    ...(existing?.schedule === undefined || kind !== 'mobile' ? {} : { schedule: existing.schedule }),
  };
}

/** The words of one stop: 每周三 09:00–11:30 · 上车村 (the village by name, never its id). */
export function stopWords(
  stop: ScheduleStop,
  placeName: string | undefined,
  say: (key: MessageKey, params?: Record<string, string | number>) => string,
): string {
  return say('office.stores.stop.line', {
    weekday: say(`catalogue.weekday.${stop.weekday}` as MessageKey),
    from: stop.from,
    to: stop.to,
    place: placeName ?? say('office.stores.stop.unknownPlace'),
  });
}
