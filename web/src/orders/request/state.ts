import type { Project, SubmitOrderRequest, TrackedOrder } from '../../../../shared/orders/contract/orders';
import type { PlaceList } from '../../../../shared/people/contract/orgs';
import type { MessageKey } from '../../platform/i18n';

/**
 * The public request page (我要点单 / 查进度) as data: what the page knows (RequestState), what
 * can happen to it (RequestEvent) and `reduce`. No DOM, network, timers or clock: today's date and
 * Idempotency-Keys arrive inside events, made at the edge (effects.ts).
 *
 * A request is sent at most once: its key is kept from the first 提交 until an answer is heard, and
 * while no answer has come the form is locked, so 再试一次 repeats the same request with the same
 * key (the API answers it without making a second order).
 */

export type Place = PlaceList['places'][number];
export type { Project, SubmitOrderRequest, TrackedOrder };

export type Tab = 'ask' | 'track';

/** The form as typed: every field a string, checked only on 提交. */
export interface Draft {
  readonly name: string;
  readonly phone: string;
  readonly townId: string;
  /** A village of the town, or the town's own id (住在镇上), or '' not chosen yet. */
  readonly villageId: string;
  readonly need: string;
  readonly projectId: string;
  readonly preferredDate: string;
  readonly preferredTime: string;
}
export type DraftField = keyof Draft;

/** An error as the edge heard it, as plain data. */
export interface Problem {
  /** The contract's code (THROTTLED, NOT_FOUND, ...) for an API answer. */
  readonly code: string | undefined;
  /** The sentence to show. */
  readonly message: string;
  /** The request may have been carried out without an answer reaching us. */
  readonly outcomeUnknown: boolean;
  /** The first field a VALIDATION_FAILED answer names (`body.phone`). */
  readonly field?: string;
}

export type Loaded<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'loaded'; readonly value: T }
  | { readonly status: 'failed'; readonly problem: Problem };

/** What a message line under a form says: a message key, or a sentence made at the edge. */
export type Say = { readonly key: MessageKey } | { readonly text: string };

export type Submission =
  | { readonly phase: 'editing' }
  /** The request is out; `retry` when an earlier try went unanswered. */
  | {
      readonly phase: 'sending';
      readonly key: string;
      readonly request: SubmitOrderRequest;
      readonly retry: boolean;
    }
  /** Sent, and no answer heard: only the same request (same key) may follow, or the resident starts over. */
  | { readonly phase: 'unanswered'; readonly key: string; readonly request: SubmitOrderRequest }
  | {
      readonly phase: 'done';
      readonly number: string;
      readonly submittedAt: string;
      readonly phone4: string;
    };

export type Stars = 0 | 1 | 2 | 3 | 4 | 5;
export type RatingRow = 'attitude' | 'result' | 'timeliness';
export const RATING_ROWS: readonly RatingRow[] = ['attitude', 'result', 'timeliness'];

export interface RatingDraft {
  readonly attitude: Stars;
  readonly result: Stars;
  readonly timeliness: Stars;
  readonly comment: string;
  readonly complaint: boolean;
  readonly sending: boolean;
  readonly error: Say | undefined;
}

export interface CancelDraft {
  readonly open: boolean;
  readonly reason: string;
  readonly sending: boolean;
  readonly error: Say | undefined;
}

export interface TrackQuery {
  readonly number: string;
  readonly phone4: string;
}

export interface Tracking {
  /** As typed (spaces, full-width digits and all). */
  readonly number: string;
  readonly phone4: string;
  readonly errors: Partial<Record<'number' | 'phone4', MessageKey>>;
  /** The look-up out now, if any. */
  readonly looking: TrackQuery | undefined;
  /** The order shown, with the digits it was found by (cancel and rating send them again). */
  readonly shown: { readonly query: TrackQuery; readonly order: TrackedOrder } | undefined;
  readonly problem: Say | undefined;
  readonly cancel: CancelDraft;
  readonly rating: RatingDraft;
  /** What just happened to the shown order (取消了 / 评价了), for the line above it. */
  readonly done: MessageKey | undefined;
}

export interface RequestState {
  /** Today in China (YYYY-MM-DD), from the edge: the earliest preferred date. */
  readonly today: string;
  readonly tab: Tab;
  readonly places: Loaded<readonly Place[]>;
  readonly catalogue: Loaded<readonly Project[]>;
  readonly draft: Draft;
  readonly errors: Partial<Record<DraftField, Say>>;
  readonly submission: Submission;
  /** The line under the 提交 button. */
  readonly formProblem: Say | undefined;
  /** Shown once in the notice line (网络不好，正在重试…). */
  readonly retrying: number;
  readonly tracking: Tracking;
}

export type RequestEvent =
  | { readonly type: 'started'; readonly today: string; readonly tab?: Tab }
  | { readonly type: 'placesLoaded'; readonly places: readonly Place[] }
  | { readonly type: 'placesFailed'; readonly problem: Problem }
  | { readonly type: 'catalogueLoaded'; readonly projects: readonly Project[] }
  | { readonly type: 'catalogueFailed'; readonly problem: Problem }
  | { readonly type: 'reload' }
  | { readonly type: 'tabChosen'; readonly tab: Tab }
  | { readonly type: 'retrying' }
  // asking
  | { readonly type: 'fieldChanged'; readonly field: DraftField; readonly value: string }
  | { readonly type: 'projectPicked'; readonly projectId: string }
  | { readonly type: 'submitClicked' }
  | { readonly type: 'submit'; readonly key: string }
  | { readonly type: 'submitted'; readonly number: string; readonly submittedAt: string }
  | { readonly type: 'submitFailed'; readonly problem: Problem }
  | { readonly type: 'startedOver' }
  | { readonly type: 'askAnother' }
  | { readonly type: 'followSubmitted' }
  // following
  | { readonly type: 'trackFieldChanged'; readonly field: 'number' | 'phone4'; readonly value: string }
  | { readonly type: 'lookUp' }
  | { readonly type: 'tracked'; readonly query: TrackQuery; readonly order: TrackedOrder }
  | { readonly type: 'trackFailed'; readonly query: TrackQuery; readonly problem: Problem }
  | { readonly type: 'cancelOpened'; readonly open: boolean }
  | { readonly type: 'cancelReasonChanged'; readonly reason: string }
  | { readonly type: 'cancelClicked' }
  | { readonly type: 'cancelled'; readonly order: TrackedOrder }
  | { readonly type: 'cancelFailed'; readonly problem: Problem }
  | { readonly type: 'starSet'; readonly row: RatingRow; readonly stars: Stars }
  | { readonly type: 'ratingCommentChanged'; readonly comment: string }
  | { readonly type: 'complaintToggled'; readonly complaint: boolean }
  | { readonly type: 'rateClicked' }
  | { readonly type: 'rated'; readonly order: TrackedOrder }
  | { readonly type: 'rateFailed'; readonly problem: Problem };

/* ---------- values a resident types ---------- */

export const ORDER_NUMBER_DIGITS = 12;
export const NAME_LENGTH_MAX = 50;
export const NEED_LENGTH_MAX = 500;
export const NOTE_LENGTH_MAX = 500;
export const REASON_LENGTH_MAX = 500;
const MOBILE_PHONE = /^1[3-9]\d{9}$/;

/** Full-width digits (１２３) and other compatibility forms become plain ones. */
const plain = (text: string): string => text.normalize('NFKC');

/** Only the digits of what was typed: spaces, dashes and full-width forms are forgiven. */
export const digitsOf = (typed: string): string => plain(typed).replace(/\D/g, '');

/** A mainland mobile number as the API takes it, or undefined (spaces, dashes, +86 forgiven). */
export function mobileOf(typed: string): string | undefined {
  let digits = digitsOf(typed);
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  return MOBILE_PHONE.test(digits) ? digits : undefined;
}

/** "250512345678" → "2505 1234 5678": read out and copied four digits at a time. */
export const groupsOfFour = (number: string): string => number.replace(/(\d{4})(?=\d)/g, '$1 ');

/** The order number typed, as the API takes it, or undefined when it is not 12 digits. */
export function orderNumberOf(typed: string): string | undefined {
  const digits = digitsOf(typed);
  return digits.length === ORDER_NUMBER_DIGITS ? digits : undefined;
}

/** The last four digits of the phone: four digits, or the whole number typed (its last four). */
export function phone4Of(typed: string): string | undefined {
  const digits = digitsOf(typed);
  if (digits.length === 4) return digits;
  const mobile = mobileOf(typed);
  return mobile === undefined ? undefined : mobile.slice(-4);
}

const tidy = (text: string): string => plain(text).replace(/\s+/g, ' ').trim();
/** Lengths as a person counts them: characters, not UTF-16 units. */
const length = (text: string): number => Array.from(text).length;

/** The towns, in the order the API lists them. */
export const townsOf = (places: readonly Place[]): Place[] =>
  places.filter((place) => place.level === 'town');
export const villagesOf = (places: readonly Place[], townId: string): Place[] =>
  places.filter((place) => place.level === 'village' && place.parentId === townId);

/** Whether a project is offered where the resident lives: everywhere, or their village or town. */
export function serves(project: Pick<Project, 'servesOrgIds'>, places: readonly Place[], placeId: string) {
  if (project.servesOrgIds.length === 0) return true;
  const place = places.find((candidate) => candidate.orgId === placeId);
  return (
    project.servesOrgIds.includes(placeId) ||
    (place?.parentId !== undefined && project.servesOrgIds.includes(place.parentId))
  );
}

/** The catalogue's active projects by category, categories in `order` (empty ones left out). */
export function byCategory<C extends string>(
  projects: readonly Project[],
  order: readonly C[],
): { category: C; projects: Project[] }[] {
  return order
    .map((category) => ({
      category,
      projects: projects.filter((project) => project.status === 'active' && project.category === category),
    }))
    .filter((group) => group.projects.length > 0);
}

const loadedValue = <T>(loaded: Loaded<T>): T | undefined =>
  loaded.status === 'loaded' ? loaded.value : undefined;

/** The place the order is for: the village chosen, or the town when it has no villages. */
export function placeOf(state: Pick<RequestState, 'draft' | 'places'>): string | undefined {
  const places = loadedValue(state.places) ?? [];
  const { townId, villageId } = state.draft;
  if (townId === '') return undefined;
  if (villageId !== '') return villageId;
  return villagesOf(places, townId).length === 0 ? townId : undefined;
}

/**
 * The request the draft makes, or the fields that stop it, each with what to do. Checked here so
 * that an elderly resident hears what is wrong in plain words before anything is sent.
 */
export function checkDraft(
  state: Pick<RequestState, 'draft' | 'places' | 'catalogue' | 'today'>,
):
  | { ok: true; request: SubmitOrderRequest }
  | { ok: false; errors: Partial<Record<DraftField, MessageKey>> } {
  const { draft } = state;
  const errors: Partial<Record<DraftField, MessageKey>> = {};
  const name = tidy(draft.name);
  if (name === '') errors.name = 'request.error.name';
  else if (length(name) > NAME_LENGTH_MAX) errors.name = 'request.error.nameLong';
  const phone = mobileOf(draft.phone);
  if (digitsOf(draft.phone) === '') errors.phone = 'request.error.phone';
  else if (phone === undefined) errors.phone = 'request.error.phoneFormat';
  const place = placeOf(state);
  if (draft.townId === '') errors.townId = 'request.error.town';
  else if (place === undefined) errors.villageId = 'request.error.village';
  const need = draft.need.trim();
  if (need === '') errors.need = 'request.error.need';
  else if (length(need) > NEED_LENGTH_MAX) errors.need = 'request.error.needLong';
  if (draft.preferredDate !== '') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(draft.preferredDate)) errors.preferredDate = 'request.error.date';
    else if (state.today !== '' && draft.preferredDate < state.today)
      errors.preferredDate = 'request.error.datePast';
  }
  if (draft.projectId !== '' && place !== undefined) {
    const project = (loadedValue(state.catalogue) ?? []).find((one) => one.projectId === draft.projectId);
    if (project === undefined) errors.projectId = 'request.error.project';
    else if (!serves(project, loadedValue(state.places) ?? [], place))
      errors.projectId = 'request.error.projectElsewhere';
  }
  if (Object.keys(errors).length > 0 || phone === undefined || place === undefined) {
    return { ok: false, errors };
  }
  const time = tidy(draft.preferredTime);
  return {
    ok: true,
    request: {
      name,
      phone,
      villageOrgId: place,
      need,
      ...(draft.projectId === '' ? {} : { projectId: draft.projectId }),
      ...(draft.preferredDate === '' ? {} : { preferredDate: draft.preferredDate }),
      ...(time === '' ? {} : { preferredTime: time }),
    },
  };
}

/* ---------- the reducer ---------- */

const EMPTY_DRAFT: Draft = {
  name: '',
  phone: '',
  townId: '',
  villageId: '',
  need: '',
  projectId: '',
  preferredDate: '',
  preferredTime: '',
};
const EDITING: Submission = { phase: 'editing' };
const NO_RATING: RatingDraft = {
  attitude: 0,
  result: 0,
  timeliness: 0,
  comment: '',
  complaint: false,
  sending: false,
  error: undefined,
};
const NO_CANCEL: CancelDraft = { open: false, reason: '', sending: false, error: undefined };

export const initialState: RequestState = {
  today: '',
  tab: 'ask',
  places: { status: 'loading' },
  catalogue: { status: 'loading' },
  draft: EMPTY_DRAFT,
  errors: {},
  submission: EDITING,
  formProblem: undefined,
  retrying: 0,
  tracking: {
    number: '',
    phone4: '',
    errors: {},
    looking: undefined,
    shown: undefined,
    problem: undefined,
    cancel: NO_CANCEL,
    rating: NO_RATING,
    done: undefined,
  },
};

/** Whether the form may change: not while a request is out or unanswered. */
export const formLocked = (state: RequestState): boolean =>
  state.submission.phase === 'sending' || state.submission.phase === 'unanswered';

/** The API's field paths, as the draft's fields. */
const FIELD_OF: Record<string, DraftField> = {
  'body.name': 'name',
  'body.phone': 'phone',
  'body.villageOrgId': 'villageId',
  'body.need': 'need',
  'body.projectId': 'projectId',
  'body.preferredDate': 'preferredDate',
  'body.preferredTime': 'preferredTime',
};

const sayProblem = (problem: Problem): Say => ({ text: problem.message });

function withTracking(state: RequestState, change: Partial<Tracking>): RequestState {
  return { ...state, tracking: { ...state.tracking, ...change } };
}

/** A fresh look at an order: its cancel and rating forms start over when the order moved on. */
function showOrder(state: RequestState, query: TrackQuery, order: TrackedOrder, done?: MessageKey) {
  const before = state.tracking.shown?.order;
  const same = before?.number === order.number && before.status === order.status;
  return withTracking(state, {
    looking: undefined,
    shown: { query, order },
    problem: undefined,
    cancel: same && order.canCancel ? state.tracking.cancel : NO_CANCEL,
    rating: same && order.canRate ? state.tracking.rating : NO_RATING,
    done,
  });
}

function submit(state: RequestState, key: string): RequestState {
  const { submission } = state;
  if (submission.phase === 'sending' || submission.phase === 'done') return state;
  // No answer to the last try: the same request, with the same key, whatever the form says.
  if (submission.phase === 'unanswered') {
    return {
      ...state,
      submission: { phase: 'sending', key: submission.key, request: submission.request, retry: true },
      formProblem: undefined,
    };
  }
  const checked = checkDraft(state);
  if (!checked.ok) {
    const errors: Partial<Record<DraftField, Say>> = {};
    for (const [field, key] of Object.entries(checked.errors)) errors[field as DraftField] = { key };
    return { ...state, errors, formProblem: { key: 'request.error.fix' } };
  }
  return {
    ...state,
    errors: {},
    formProblem: undefined,
    submission: { phase: 'sending', key, request: checked.request, retry: false },
  };
}

function submitFailed(state: RequestState, problem: Problem): RequestState {
  const { submission } = state;
  if (submission.phase !== 'sending') return state;
  if (problem.outcomeUnknown) {
    return {
      ...state,
      submission: { phase: 'unanswered', key: submission.key, request: submission.request },
      formProblem: { key: 'request.unanswered' },
    };
  }
  const field = problem.field === undefined ? undefined : FIELD_OF[problem.field];
  const formProblem: Say = problem.code === 'THROTTLED' ? { key: 'request.throttled' } : sayProblem(problem);
  return {
    ...state,
    submission: EDITING,
    errors: field === undefined ? state.errors : { ...state.errors, [field]: sayProblem(problem) },
    formProblem,
  };
}

function lookUp(state: RequestState): RequestState {
  const { tracking } = state;
  if (tracking.looking !== undefined) return state;
  const number = orderNumberOf(tracking.number);
  const phone4 = phone4Of(tracking.phone4);
  const errors: Tracking['errors'] = {};
  if (number === undefined)
    errors.number = digitsOf(tracking.number) === '' ? 'track.error.number' : 'track.error.numberDigits';
  if (phone4 === undefined) errors.phone4 = 'track.error.phone4';
  if (number === undefined || phone4 === undefined)
    return withTracking(state, { errors, problem: undefined });
  return withTracking(state, {
    errors: {},
    looking: { number, phone4 },
    problem: undefined,
    done: undefined,
  });
}

function trackFailed(state: RequestState, query: TrackQuery, problem: Problem): RequestState {
  const { looking } = state.tracking;
  if (looking?.number !== query.number || looking.phone4 !== query.phone4) return state;
  const say: Say =
    problem.code === 'NOT_FOUND'
      ? { key: 'track.notFound' }
      : problem.code === 'THROTTLED'
        ? { key: 'track.throttled' }
        : problem.code === 'VALIDATION_FAILED'
          ? { key: 'track.notFound' }
          : sayProblem(problem);
  return withTracking(state, { looking: undefined, shown: undefined, problem: say });
}

function cancelClicked(state: RequestState): RequestState {
  const { cancel, shown } = state.tracking;
  if (shown === undefined || cancel.sending || !shown.order.canCancel) return state;
  const reason = tidy(cancel.reason);
  if (reason === '')
    return withTracking(state, { cancel: { ...cancel, error: { key: 'track.cancel.needReason' } } });
  if (length(reason) > REASON_LENGTH_MAX)
    return withTracking(state, { cancel: { ...cancel, error: { key: 'track.cancel.reasonLong' } } });
  return withTracking(state, { cancel: { ...cancel, reason, sending: true, error: undefined } });
}

function rateClicked(state: RequestState): RequestState {
  const { rating, shown } = state.tracking;
  if (shown === undefined || rating.sending || !shown.order.canRate) return state;
  if (RATING_ROWS.some((row) => rating[row] === 0))
    return withTracking(state, { rating: { ...rating, error: { key: 'track.rate.needStars' } } });
  if (length(rating.comment.trim()) > NOTE_LENGTH_MAX)
    return withTracking(state, { rating: { ...rating, error: { key: 'track.rate.commentLong' } } });
  return withTracking(state, { rating: { ...rating, sending: true, error: undefined } });
}

/** A refused cancel or rating: when the order moved on meanwhile, the page looks at it again. */
function stepFailed(state: RequestState, problem: Problem, part: 'cancel' | 'rating'): RequestState {
  const { shown } = state.tracking;
  if (problem.code === 'ORDER_STATE' && shown !== undefined) {
    // The message stays above the fresh order when it comes (see `tracked`).
    return withTracking(state, {
      cancel: { ...state.tracking.cancel, sending: false },
      rating: { ...state.tracking.rating, sending: false },
      looking: shown.query,
      problem: { key: 'track.moved' },
    });
  }
  const error = sayProblem(problem);
  return part === 'cancel'
    ? withTracking(state, { cancel: { ...state.tracking.cancel, sending: false, error } })
    : withTracking(state, { rating: { ...state.tracking.rating, sending: false, error } });
}

export function reduce(state: RequestState, event: RequestEvent): RequestState {
  switch (event.type) {
    case 'started':
      return { ...state, today: event.today, tab: event.tab ?? state.tab };
    case 'placesLoaded':
      return { ...state, places: { status: 'loaded', value: event.places } };
    case 'placesFailed':
      return { ...state, places: { status: 'failed', problem: event.problem } };
    case 'catalogueLoaded':
      return { ...state, catalogue: { status: 'loaded', value: event.projects } };
    case 'catalogueFailed':
      return { ...state, catalogue: { status: 'failed', problem: event.problem } };
    case 'reload':
      return {
        ...state,
        places: state.places.status === 'failed' ? { status: 'loading' } : state.places,
        catalogue: state.catalogue.status === 'failed' ? { status: 'loading' } : state.catalogue,
      };
    case 'tabChosen':
      return { ...state, tab: event.tab };
    case 'retrying':
      return { ...state, retrying: state.retrying + 1 };

    case 'fieldChanged': {
      if (formLocked(state) || state.submission.phase === 'done') return state;
      const draft: Draft =
        event.field === 'townId'
          ? { ...state.draft, townId: event.value, villageId: '' }
          : { ...state.draft, [event.field]: event.value };
      const errors = { ...state.errors };
      delete errors[event.field];
      if (event.field === 'townId') delete errors.villageId;
      if (event.field === 'townId' || event.field === 'villageId') delete errors.projectId;
      return { ...state, draft, errors };
    }
    case 'projectPicked': {
      if (formLocked(state) || state.submission.phase === 'done') return state;
      const errors = { ...state.errors };
      delete errors.projectId;
      return { ...state, draft: { ...state.draft, projectId: event.projectId }, errors };
    }
    case 'submitClicked':
      // The edge answers with `submit` and a fresh key (kept only if the form is new).
      return state;
    case 'submit':
      return submit(state, event.key);
    case 'submitted': {
      if (state.submission.phase !== 'sending') return state;
      const phone4 = state.submission.request.phone.slice(-4);
      return {
        ...state,
        submission: { phase: 'done', number: event.number, submittedAt: event.submittedAt, phone4 },
        formProblem: undefined,
      };
    }
    case 'submitFailed':
      return submitFailed(state, event.problem);
    case 'startedOver':
      // Given up on an unanswered request: the form is theirs again (it may have gone through).
      if (state.submission.phase !== 'unanswered') return state;
      return { ...state, submission: EDITING, formProblem: { key: 'request.startedOver' } };
    case 'askAnother':
      if (state.submission.phase !== 'done') return state;
      // Same person, same place: only what is needed is asked again.
      return {
        ...state,
        submission: EDITING,
        draft: { ...state.draft, need: '', projectId: '', preferredDate: '', preferredTime: '' },
        errors: {},
        formProblem: undefined,
      };
    case 'followSubmitted': {
      if (state.submission.phase !== 'done') return state;
      const { number, phone4 } = state.submission;
      const typed = withTracking(
        { ...state, tab: 'track' },
        { number: groupsOfFour(number), phone4, errors: {} },
      );
      return lookUp(typed);
    }

    case 'trackFieldChanged': {
      const errors = { ...state.tracking.errors };
      delete errors[event.field];
      return withTracking(state, { [event.field]: event.value, errors });
    }
    case 'lookUp':
      return lookUp(state);
    case 'tracked': {
      const { looking } = state.tracking;
      if (looking?.number !== event.query.number || looking.phone4 !== event.query.phone4) return state;
      // A look-up the resident asked for cleared the line; one after a refused step keeps its message.
      const keep = state.tracking.problem;
      const shown = showOrder(state, event.query, event.order);
      return keep === undefined ? shown : withTracking(shown, { problem: keep });
    }
    case 'trackFailed':
      return trackFailed(state, event.query, event.problem);

    case 'cancelOpened':
      return withTracking(state, {
        cancel: { ...state.tracking.cancel, open: event.open, error: undefined },
      });
    case 'cancelReasonChanged':
      return withTracking(state, {
        cancel: { ...state.tracking.cancel, reason: event.reason, error: undefined },
      });
    case 'cancelClicked':
      return cancelClicked(state);
    case 'cancelled': {
      const { shown } = state.tracking;
      if (shown === undefined || !state.tracking.cancel.sending) return state;
      return showOrder(state, shown.query, event.order, 'track.cancel.done');
    }
    case 'cancelFailed':
      if (!state.tracking.cancel.sending) return state;
      return stepFailed(state, event.problem, 'cancel');

    case 'starSet':
      if (state.tracking.rating.sending) return state;
      return withTracking(state, {
        rating: { ...state.tracking.rating, [event.row]: event.stars, error: undefined },
      });
    case 'ratingCommentChanged':
      return withTracking(state, { rating: { ...state.tracking.rating, comment: event.comment } });
    case 'complaintToggled':
      return withTracking(state, { rating: { ...state.tracking.rating, complaint: event.complaint } });
    case 'rateClicked':
      return rateClicked(state);
    case 'rated': {
      const { shown } = state.tracking;
      if (shown === undefined || !state.tracking.rating.sending) return state;
      return showOrder(state, shown.query, event.order, 'track.rate.done');
    }
    case 'rateFailed':
      if (!state.tracking.rating.sending) return state;
      return stepFailed(state, event.problem, 'rating');
  }
}

/** The body of the rating the state holds (once all three rows have stars). */
export function ratingRequest(state: RequestState) {
  const { rating, shown } = state.tracking;
  if (shown === undefined) return undefined;
  const comment = rating.comment.trim();
  return {
    number: shown.query.number,
    phone4: shown.query.phone4,
    attitude: rating.attitude,
    result: rating.result,
    timeliness: rating.timeliness,
    ...(comment === '' ? {} : { comment }),
    complaint: rating.complaint,
  };
}
