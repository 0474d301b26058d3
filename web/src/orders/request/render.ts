import { PROJECT_CATEGORIES } from '../../../../shared/orders/rules/orders';
import { byId, type Child, h, show } from '../../platform/dom';
import { formatDateTime, type MessageKey, t } from '../../platform/i18n';
import type { Shell } from '../../platform/shell';
import {
  categoryText,
  grouped,
  numberBadge,
  ratingFacts,
  scoreText,
  statusBadge,
  timelineList,
} from '../words';
import {
  byCategory,
  type DraftField,
  formLocked,
  type Place,
  type Project,
  placeOf,
  RATING_ROWS,
  type RatingRow,
  type RequestEvent,
  type RequestState,
  type Say,
  type Stars,
  serves,
  type TrackedOrder,
  townsOf,
  villagesOf,
} from './state';

/**
 * The request page drawn from its state: 我要点单 (the catalogue, the form, the confirmation with
 * the number in large groups of four) and 查进度 (number and phone digits, the timeline in words,
 * cancelling, rating with big stars). Each panel is repainted only when the parts of the state it
 * shows have changed, so whatever is half typed survives; typing itself repaints nothing.
 */
export type Dispatch = (event: RequestEvent) => void;

const sayText = (say: Say): string => ('text' in say ? say.text : t(say.key));

const loadedValue = <T>(loaded: RequestState['places'] | RequestState['catalogue']): T | undefined =>
  (loaded.status === 'loaded' ? loaded.value : undefined) as T | undefined;

const placesOf = (state: RequestState): readonly Place[] => loadedValue<readonly Place[]>(state.places) ?? [];
const projectsOf = (state: RequestState): readonly Project[] =>
  loadedValue<readonly Project[]>(state.catalogue) ?? [];

/** A labelled field with its hint and its error (announced, and tied to the control). */
function field(
  id: string,
  label: string,
  control: HTMLElement,
  error: Say | undefined,
  hint?: string,
): HTMLElement {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  control.id = id;
  const described = [hint === undefined ? '' : hintId, error === undefined ? '' : errorId]
    .filter((part) => part !== '')
    .join(' ');
  if (described !== '') control.setAttribute('aria-describedby', described);
  if (error !== undefined) control.setAttribute('aria-invalid', 'true');
  return h(
    'div',
    { class: `field${error === undefined ? '' : ' has-error'}` },
    h('label', { class: 'field-label', for: id }, label),
    hint === undefined ? null : h('p', { class: 'hint', id: hintId }, hint),
    control,
    error === undefined ? null : h('p', { class: 'field-error', id: errorId }, sayText(error)),
  );
}

/* ---------- 我要点单 ---------- */

function placeNames(project: Project, places: readonly Place[]): string {
  if (project.servesOrgIds.length === 0) return t('request.servesAll');
  return project.servesOrgIds.map((id) => places.find((place) => place.orgId === id)?.name ?? id).join('、');
}

function projectCard(state: RequestState, project: Project, dispatch: Dispatch): HTMLElement {
  const chosen = state.draft.projectId === project.projectId;
  const place = placeOf(state);
  const elsewhere = place !== undefined && !serves(project, placesOf(state), place);
  return h(
    'li',
    { class: `project-card${chosen ? ' chosen' : ''}`, 'data-project': project.projectId },
    h(
      'h4',
      { class: 'project-title' },
      project.title,
      chosen ? h('span', { class: 'badge' }, t('request.chosen')) : null,
    ),
    h('p', { class: 'project-text' }, project.description),
    h('p', { class: 'hint' }, t('request.serves', { places: placeNames(project, placesOf(state)) })),
    elsewhere ? h('p', { class: 'hint' }, t('request.notHere')) : null,
    h(
      'button',
      {
        type: 'button',
        class: chosen ? 'button' : 'button primary',
        'aria-pressed': chosen ? 'true' : 'false',
        disabled: formLocked(state) || state.submission.phase === 'done',
        onclick: () => dispatch({ type: 'projectPicked', projectId: chosen ? '' : project.projectId }),
      },
      chosen ? t('request.unpick') : t('request.pick'),
    ),
  );
}

function failedLine(problem: { message: string }, dispatch: Dispatch): HTMLElement {
  return h(
    'div',
    { class: 'warning-box', role: 'alert' },
    h('p', null, problem.message),
    h(
      'button',
      { type: 'button', class: 'button', onclick: () => dispatch({ type: 'reload' }) },
      t('request.reload'),
    ),
  );
}

export function catalogueSection(state: RequestState, dispatch: Dispatch): Child[] {
  const head = [
    h('h2', null, t('request.catalogue')),
    h('p', { class: 'hint' }, t('request.catalogueHint')),
    h(
      'button',
      {
        type: 'button',
        class: 'button big',
        id: 'to-form',
        onclick: () => document.getElementById('request-form')?.scrollIntoView({ block: 'start' }),
      },
      t('request.toForm'),
    ),
  ];
  if (state.catalogue.status === 'loading')
    return [...head, h('p', { class: 'loading' }, t('common.loading'))];
  if (state.catalogue.status === 'failed') return [...head, failedLine(state.catalogue.problem, dispatch)];
  const groups = byCategory(projectsOf(state), PROJECT_CATEGORIES);
  if (groups.length === 0) return [...head, h('p', { class: 'hint' }, t('request.noProjects'))];
  return [
    ...head,
    groups.map((group) =>
      h(
        'div',
        { class: 'category', 'data-category': group.category },
        h('h3', null, categoryText(group.category)),
        h(
          'ul',
          { class: 'project-cards' },
          group.projects.map((project) => projectCard(state, project, dispatch)),
        ),
      ),
    ),
  ];
}

const TIMES: readonly MessageKey[] = [
  'request.time.any',
  'request.time.morning',
  'request.time.afternoon',
  'request.time.evening',
];

function changed(dispatch: Dispatch, name: DraftField) {
  return (event: Event) =>
    dispatch({
      type: 'fieldChanged',
      field: name,
      value: (event.currentTarget as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement).value,
    });
}

export function formSection(state: RequestState, dispatch: Dispatch): Child[] {
  const { draft, errors } = state;
  const locked = formLocked(state);
  const places = placesOf(state);
  const towns = townsOf(places);
  const villages = draft.townId === '' ? [] : villagesOf(places, draft.townId);
  const place = placeOf(state);
  const projects = projectsOf(state).filter(
    (project) =>
      project.status === 'active' &&
      (place === undefined || serves(project, places, place) || project.projectId === draft.projectId),
  );
  const input = (name: DraftField, props: Record<string, unknown>) =>
    h('input', { name, value: draft[name], disabled: locked, oninput: changed(dispatch, name), ...props });
  const select = (name: DraftField, options: HTMLOptionElement[]) =>
    h('select', { name, disabled: locked, onchange: changed(dispatch, name) }, options);
  const option = (value: string, label: string, selected: boolean) => h('option', { value, selected }, label);

  const placeFields: Child[] =
    state.places.status === 'loading'
      ? [h('p', { class: 'loading' }, t('common.loading'))]
      : state.places.status === 'failed'
        ? [failedLine(state.places.problem, dispatch)]
        : [
            field(
              'request-town',
              t('request.town'),
              select('townId', [
                option('', t('request.chooseTown'), draft.townId === ''),
                ...towns.map((town) => option(town.orgId, town.name, town.orgId === draft.townId)),
              ]),
              errors.townId,
            ),
            villages.length === 0
              ? null
              : field(
                  'request-village',
                  t('request.village'),
                  select('villageId', [
                    option('', t('request.chooseVillage'), draft.villageId === ''),
                    ...villages.map((village) =>
                      option(village.orgId, village.name, village.orgId === draft.villageId),
                    ),
                    option(draft.townId, t('request.inTown'), draft.villageId === draft.townId),
                  ]),
                  errors.villageId,
                ),
          ];

  const sending = state.submission.phase === 'sending';
  const unanswered = state.submission.phase === 'unanswered';
  const submitLabel = sending
    ? t('request.sending')
    : unanswered
      ? t('request.tryAgain')
      : t('request.submit');
  const need = h(
    'textarea',
    {
      name: 'need',
      rows: 4,
      maxlength: 600,
      disabled: locked,
      placeholder: t('request.needExample'),
      oninput: changed(dispatch, 'need'),
    },
    draft.need,
  );
  return [
    h('h2', null, t('request.formTitle')),
    h('p', { class: 'hint' }, t('request.formHint')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          dispatch({ type: 'submitClicked' });
        },
      },
      field(
        'request-name',
        t('request.name'),
        input('name', { autocomplete: 'name', maxlength: 60 }),
        errors.name,
      ),
      field(
        'request-phone',
        t('request.phone'),
        input('phone', { type: 'tel', inputmode: 'tel', autocomplete: 'tel', maxlength: 20 }),
        errors.phone,
        t('request.phoneHint'),
      ),
      placeFields,
      field('request-need', t('request.need'), need, errors.need),
      field(
        'request-project',
        t('request.project'),
        select('projectId', [
          option('', t('request.noProject'), draft.projectId === ''),
          ...projects.map((project) =>
            option(project.projectId, project.title, project.projectId === draft.projectId),
          ),
        ]),
        errors.projectId,
      ),
      field(
        'request-date',
        t('request.date'),
        input('preferredDate', { type: 'date', min: state.today === '' ? undefined : state.today }),
        errors.preferredDate,
        t('request.optional'),
      ),
      field(
        'request-time',
        t('request.time'),
        select(
          'preferredTime',
          TIMES.map((key, index) => {
            const label = t(key);
            const value = index === 0 ? '' : label;
            return option(value, label, draft.preferredTime === value);
          }),
        ),
        errors.preferredTime,
      ),
      h(
        'button',
        { type: 'submit', class: 'button primary big', id: 'request-submit', disabled: sending },
        submitLabel,
      ),
      unanswered
        ? h(
            'button',
            { type: 'button', class: 'button big', onclick: () => dispatch({ type: 'startedOver' }) },
            t('request.startOver'),
          )
        : null,
      state.formProblem === undefined
        ? null
        : h(
            'p',
            {
              class: unanswered ? 'notice-inline info' : 'form-problem',
              role: 'alert',
              id: 'request-problem',
            },
            sayText(state.formProblem),
          ),
    ),
  ];
}

export function confirmation(state: RequestState, dispatch: Dispatch): Child[] {
  if (state.submission.phase !== 'done') return [];
  const { number, submittedAt, phone4 } = state.submission;
  return [
    h('h2', { class: 'ok-title' }, t('request.done')),
    h('p', { class: 'lead' }, t('request.yourNumber')),
    h('p', { class: 'number-line', id: 'order-number' }, numberBadge(number, true)),
    h('p', { class: 'advice' }, t('request.writeItDown', { phone4 })),
    h('p', null, t('request.whatNext')),
    h('p', { class: 'hint' }, t('request.submittedAt', { at: formatDateTime(submittedAt) })),
    h(
      'button',
      { type: 'button', class: 'button primary big', onclick: () => dispatch({ type: 'followSubmitted' }) },
      t('request.follow'),
    ),
    h(
      'button',
      { type: 'button', class: 'button big', onclick: () => dispatch({ type: 'askAnother' }) },
      t('request.another'),
    ),
  ];
}

/* ---------- 查进度 ---------- */

export function trackForm(state: RequestState, dispatch: Dispatch): Child[] {
  const { tracking } = state;
  const looking = tracking.looking !== undefined;
  const say = (key: MessageKey | undefined): Say | undefined => (key === undefined ? undefined : { key });
  const input = (name: 'number' | 'phone4', props: Record<string, unknown>) =>
    h('input', {
      name,
      value: tracking[name],
      inputmode: 'numeric',
      autocomplete: 'off',
      class: 'digits-input',
      oninput: (event: Event) =>
        dispatch({
          type: 'trackFieldChanged',
          field: name,
          value: (event.currentTarget as HTMLInputElement).value,
        }),
      ...props,
    });
  return [
    h('h2', null, t('track.title')),
    h('p', { class: 'hint' }, t('track.hint')),
    h(
      'form',
      {
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          dispatch({ type: 'lookUp' });
        },
      },
      field(
        'track-number',
        t('track.number'),
        input('number', { maxlength: 30, placeholder: '2505 1234 5678' }),
        say(tracking.errors.number),
        t('track.numberHint'),
      ),
      field(
        'track-phone4',
        t('track.phone4'),
        input('phone4', { maxlength: 20, placeholder: '1234' }),
        say(tracking.errors.phone4),
      ),
      h(
        'button',
        { type: 'submit', class: 'button primary big', id: 'track-submit', disabled: looking },
        looking ? t('track.looking') : t('track.lookUp'),
      ),
    ),
  ];
}

function starRow(state: RequestState, row: RatingRow, dispatch: Dispatch): HTMLElement {
  const { rating } = state.tracking;
  const value = rating[row];
  const label = t(`orders.rating.${row}` as MessageKey);
  return h(
    'fieldset',
    { class: 'star-row', 'data-row': row },
    h('legend', null, label),
    h(
      'div',
      { class: 'stars' },
      ([1, 2, 3, 4, 5] as const).map((stars: Stars) =>
        h(
          'button',
          {
            type: 'button',
            id: `star-${row}-${stars}`,
            class: `star${stars <= value ? ' on' : ''}`,
            'aria-pressed': stars === value ? 'true' : 'false',
            'aria-label': t('track.rate.starLabel', { row: label, n: stars, words: scoreText(stars) }),
            disabled: rating.sending,
            onclick: () => dispatch({ type: 'starSet', row, stars }),
          },
          stars <= value ? '★' : '☆',
        ),
      ),
    ),
    h('p', { class: 'star-words' }, value === 0 ? t('track.rate.tap') : scoreText(value)),
  );
}

function ratingForm(state: RequestState, dispatch: Dispatch): HTMLElement {
  const { rating } = state.tracking;
  return h(
    'div',
    { class: 'rating-form', id: 'rating-form' },
    h('h3', null, t('track.rate.title')),
    h('p', { class: 'hint' }, t('track.rate.hint')),
    RATING_ROWS.map((row) => starRow(state, row, dispatch)),
    field(
      'rating-comment',
      t('track.rate.comment'),
      h(
        'textarea',
        {
          rows: 3,
          maxlength: 600,
          disabled: rating.sending,
          oninput: (event: Event) =>
            dispatch({
              type: 'ratingCommentChanged',
              comment: (event.currentTarget as HTMLTextAreaElement).value,
            }),
        },
        rating.comment,
      ),
      undefined,
      t('request.optional'),
    ),
    h(
      'label',
      { class: 'check-line' },
      h('input', {
        type: 'checkbox',
        id: 'rating-complaint',
        checked: rating.complaint,
        disabled: rating.sending,
        onchange: (event: Event) =>
          dispatch({
            type: 'complaintToggled',
            complaint: (event.currentTarget as HTMLInputElement).checked,
          }),
      }),
      h('span', null, t('track.rate.complaint')),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary big',
        id: 'rating-submit',
        disabled: rating.sending,
        onclick: () => dispatch({ type: 'rateClicked' }),
      },
      rating.sending ? t('track.rate.sending') : t('track.rate.send'),
    ),
    rating.error === undefined
      ? null
      : h('p', { class: 'form-problem', role: 'alert' }, sayText(rating.error)),
  );
}

const CANCEL_REASONS: readonly MessageKey[] = [
  'track.cancel.reasonSolved',
  'track.cancel.reasonNoNeed',
  'track.cancel.reasonMistake',
];

function cancelPart(state: RequestState, dispatch: Dispatch): HTMLElement {
  const { cancel } = state.tracking;
  if (!cancel.open) {
    return h(
      'div',
      { class: 'cancel-part' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          id: 'cancel-open',
          onclick: () => dispatch({ type: 'cancelOpened', open: true }),
        },
        t('track.cancel.open'),
      ),
    );
  }
  const reasonInput = h('input', {
    value: cancel.reason,
    maxlength: 200,
    disabled: cancel.sending,
    oninput: (event: Event) =>
      dispatch({ type: 'cancelReasonChanged', reason: (event.currentTarget as HTMLInputElement).value }),
  });
  return h(
    'div',
    { class: 'cancel-part confirm', id: 'cancel-form' },
    h('h3', null, t('track.cancel.title')),
    h('p', null, t('track.cancel.hint')),
    h(
      'div',
      { class: 'choices' },
      CANCEL_REASONS.map((key) =>
        h(
          'button',
          {
            type: 'button',
            class: `button${cancel.reason === t(key) ? ' primary' : ''}`,
            disabled: cancel.sending,
            onclick: () => dispatch({ type: 'cancelReasonChanged', reason: t(key) }),
          },
          t(key),
        ),
      ),
    ),
    field('cancel-reason', t('track.cancel.reason'), reasonInput, cancel.error),
    h(
      'button',
      {
        type: 'button',
        class: 'button danger big',
        id: 'cancel-confirm',
        disabled: cancel.sending,
        onclick: () => dispatch({ type: 'cancelClicked' }),
      },
      cancel.sending ? t('track.cancel.sending') : t('track.cancel.confirm'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'button big',
        disabled: cancel.sending,
        onclick: () => dispatch({ type: 'cancelOpened', open: false }),
      },
      t('track.cancel.keep'),
    ),
  );
}

function headline(order: TrackedOrder): string {
  return t(`track.headline.${order.status}` as MessageKey, { team: order.team ?? t('track.theTeam') });
}

export function trackResult(state: RequestState, dispatch: Dispatch): Child[] {
  const { tracking } = state;
  const problem =
    tracking.problem === undefined
      ? null
      : h('p', { class: 'form-problem', role: 'alert', id: 'track-problem' }, sayText(tracking.problem));
  const shown = tracking.shown;
  if (shown === undefined) return [problem];
  const { order } = shown;
  const fact = (label: MessageKey, value: Child) => [h('dt', null, t(label)), h('dd', null, value)];
  return [
    problem,
    tracking.done === undefined
      ? null
      : h('p', { class: 'notice-inline ok-line', role: 'status' }, t(tracking.done)),
    h('h2', { id: 'track-headline' }, statusBadge(order.status), ' ', headline(order)),
    h(
      'dl',
      { class: 'facts' },
      fact('track.fact.number', numberBadge(order.number)),
      fact('track.fact.need', order.need),
      fact('track.fact.place', order.village),
      fact('track.fact.who', `${order.name} ${order.phone}`),
      order.team === undefined ? null : fact('track.fact.team', order.team),
      order.dueDate === undefined ? null : fact('track.fact.due', order.dueDate),
    ),
    order.canRate ? ratingForm(state, dispatch) : null,
    order.rating === undefined ? null : [h('h3', null, t('track.yourRating')), ratingFacts(order.rating)],
    h('h3', null, t('track.timeline')),
    timelineList(order.timeline),
    order.canCancel ? cancelPart(state, dispatch) : null,
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        id: 'track-refresh',
        disabled: tracking.looking !== undefined,
        onclick: () => dispatch({ type: 'lookUp' }),
      },
      t('track.refresh'),
    ),
    h('p', { class: 'hint' }, t('track.keepNumber', { number: grouped(order.number) })),
  ];
}

/* ---------- the page ---------- */

function tabs(state: RequestState, dispatch: Dispatch): Child[] {
  const tab = (id: RequestState['tab'], label: MessageKey) =>
    h(
      'button',
      {
        type: 'button',
        class: `tab-big${state.tab === id ? ' active' : ''}`,
        id: `tab-${id}`,
        'aria-pressed': state.tab === id ? 'true' : 'false',
        onclick: () => dispatch({ type: 'tabChosen', tab: id }),
      },
      t(label),
    );
  return [tab('ask', 'request.tabAsk'), tab('track', 'request.tabTrack')];
}

/** Lays the page out in the shell; the function it returns paints a state. */
export function mountRequest(shell: Shell, dispatch: Dispatch): (state: RequestState) => void {
  show(
    shell.main,
    h('nav', { class: 'big-tabs', id: 'tabs', 'aria-label': t('request.tabs') }),
    h(
      'div',
      { id: 'ask' },
      h('section', { class: 'card confirmation', id: 'confirmation', hidden: true, 'aria-live': 'polite' }),
      h('section', { class: 'card', id: 'catalogue' }),
      h('section', { class: 'card', id: 'request-form' }),
    ),
    h(
      'div',
      { id: 'track', hidden: true },
      h('section', { class: 'card', id: 'track-form' }),
      h('section', { class: 'card', id: 'track-result', hidden: true, 'aria-live': 'polite' }),
    ),
  );
  const part = (id: string) => byId(id);
  const panels = {
    tabs: part('tabs'),
    ask: part('ask'),
    track: part('track'),
    confirmation: part('confirmation'),
    catalogue: part('catalogue'),
    form: part('request-form'),
    trackForm: part('track-form'),
    trackResult: part('track-result'),
  };
  const keys = new Map<HTMLElement, string>();
  /** Repaints `panel` when what it shows changed; the focused control keeps focus across it. */
  const paint = (panel: HTMLElement, key: unknown, draw: () => Child[]) => {
    const text = JSON.stringify(key);
    if (keys.get(panel) === text) return;
    keys.set(panel, text);
    const focused = document.activeElement instanceof HTMLElement ? document.activeElement.id : '';
    show(panel, ...draw());
    const again = focused === '' ? null : panel.querySelector<HTMLElement>(`#${CSS.escape(focused)}`);
    if (again === null) return;
    again.focus();
    // Typing goes on where it was: at the end of what is there.
    if (
      again instanceof HTMLTextAreaElement ||
      (again instanceof HTMLInputElement && /^(text|tel|search)$/.test(again.type))
    ) {
      again.setSelectionRange(again.value.length, again.value.length);
    }
  };
  let lastRetrying = 0;

  return (state) => {
    paint(panels.tabs, state.tab, () => tabs(state, dispatch));
    panels.ask.hidden = state.tab !== 'ask';
    panels.track.hidden = state.tab !== 'track';
    const done = state.submission.phase === 'done';
    panels.confirmation.hidden = !done;
    panels.catalogue.hidden = done;
    panels.form.hidden = done;
    paint(panels.confirmation, state.submission, () => confirmation(state, dispatch));
    const { draft } = state;
    paint(
      panels.catalogue,
      [state.catalogue, state.places.status, draft.projectId, placeOf(state), state.submission.phase],
      () => catalogueSection(state, dispatch),
    );
    paint(
      panels.form,
      [
        state.places,
        state.catalogue.status,
        draft.townId,
        draft.villageId,
        draft.projectId,
        state.errors,
        state.submission.phase,
        state.formProblem,
        state.today,
      ],
      () => formSection(state, dispatch),
    );
    const { tracking } = state;
    paint(panels.trackForm, [tracking.errors, tracking.looking !== undefined, tracking.shown?.query], () =>
      trackForm(state, dispatch),
    );
    panels.trackResult.hidden = tracking.shown === undefined && tracking.problem === undefined;
    paint(
      panels.trackResult,
      [
        tracking.shown,
        tracking.problem,
        tracking.done,
        tracking.looking !== undefined,
        {
          ...tracking.cancel,
          reason: CANCEL_REASONS.some((key) => t(key) === tracking.cancel.reason)
            ? tracking.cancel.reason
            : '',
        },
        { ...tracking.rating, comment: '' },
      ],
      () => trackResult(state, dispatch),
    );
    if (state.retrying !== lastRetrying) {
      lastRetrying = state.retrying;
      shell.notify('info', t('error.NETWORK_RETRYING'));
    }
  };
}
