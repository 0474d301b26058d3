import type { ServiceRecord } from '../../../shared/earning/contract/service-records';
import type { Project } from '../../../shared/orders/contract/orders';
import { foundLine, volunteerPicker } from '../people/volunteer-picker';
import { ApiError, call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatNumber, points, t } from '../platform/i18n';
import { type Office, sectionFrame } from '../platform/office';
import {
  type DetailField,
  type Field,
  type HandEntryEvent,
  type HandEntryState,
  openedEntry,
  problemsOfRefusal,
  reduceEntry,
  type Say,
} from './hand-entry-state';

/**
 * 录入服务时长: the hours people served, entered by hand from a paper sign-in sheet or a phone
 * call, for the county office to approve (审核). State and rules in hand-entry-state.ts; this is
 * its render and its one effect (the submission, with the form's Idempotency-Key).
 */
export function renderHandEntry(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.entry.title', 'office.entry.lead');
  root.id = 'hand-entry';
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement): Promise<void> {
  // The project is optional: without the catalogue the form still works.
  const projects = await call<{ projects: Project[] }>('GET', '/projects')
    .then((answer) => answer.projects)
    .catch(() => [] as Project[]);
  mountForm(office, body, projects);
}

export const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

/** A labelled field with the line that shows its problem. */
function problemField(label: string, control: HTMLElement, id: string) {
  const problem = h('p', { class: 'field-error', id: `${id}-problem`, hidden: true });
  control.setAttribute('aria-describedby', `${id}-problem`);
  const root = h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control, problem);
  return {
    root,
    set(say: Say | undefined) {
      root.classList.toggle('has-error', say !== undefined);
      problem.hidden = say === undefined;
      problem.textContent = say === undefined ? '' : sayText(say);
      if (say === undefined) control.removeAttribute('aria-invalid');
      else control.setAttribute('aria-invalid', 'true');
    },
  };
}

function mountForm(office: Office, body: HTMLElement, projects: readonly Project[]): void {
  let state = openedEntry(newIdempotencyKey(), chinaDate());

  const name = h('input', { id: 'entry-name', maxlength: 100, autocomplete: 'off', required: true });
  const date = h('input', { id: 'entry-date', type: 'date', value: state.date, max: state.today });
  const project = h(
    'select',
    { id: 'entry-project' },
    h('option', { value: '' }, t('office.entry.noProject')),
    projects.map((one) => h('option', { value: one.projectId }, one.title)),
  );
  const detailInput = (field: DetailField, attributes: Record<string, string | number>) =>
    h('input', { id: `entry-${field}`, autocomplete: 'off', ...attributes });
  const place = detailInput('place', { maxlength: 100 });
  const startTime = detailInput('startTime', { type: 'time' });
  const endTime = detailInput('endTime', { type: 'time' });
  const responsible = detailInput('responsible', { maxlength: 30 });
  const details = [
    ['place', place, 'office.entry.place'],
    ['startTime', startTime, 'office.entry.startTime'],
    ['endTime', endTime, 'office.entry.endTime'],
    ['responsible', responsible, 'office.entry.responsible'],
  ] as const;
  const detailFields = details.map(([field, input, label]) => ({
    field,
    input,
    shown: problemField(t(label), input, `entry-${field}`),
  }));
  const nameField = problemField(t('office.entry.name'), name, 'entry-name');
  const dateField = problemField(t('office.entry.date'), date, 'entry-date');
  const projectField = problemField(t('office.entry.project'), project, 'entry-project');
  const peopleProblem = h('p', { class: 'field-error', id: 'entry-people-problem', hidden: true });
  const peopleList = h('div', { id: 'entry-people' });
  const formProblem = h('p', { class: 'form-problem', id: 'entry-problem', role: 'alert', hidden: true });
  const submit = h(
    'button',
    { type: 'button', class: 'button primary big', id: 'entry-submit' },
    t('office.entry.submit'),
  );
  const picker = volunteerPicker({
    id: 'entry-search',
    pickKey: 'office.search.add',
    onPick: (volunteer) => dispatch({ type: 'personAdded', volunteer }),
    picked: () => new Set(state.people.map((person) => person.volunteer.id)),
  });
  const form = h(
    'div',
    { class: 'form-grid', id: 'entry-form' },
    nameField.root,
    dateField.root,
    projectField.root,
    h(
      'details',
      { class: 'more-details', id: 'entry-more' },
      h('summary', null, t('office.entry.more')),
      detailFields.map((one) => one.shown.root),
    ),
    h('h3', null, t('office.entry.people')),
    h('p', { class: 'hint' }, t('office.entry.peopleHint')),
    picker.root,
    peopleList,
    peopleProblem,
    formProblem,
    h('div', { class: 'actions' }, submit),
  );
  show(body, form);

  let shownPeople = '';
  const hoursSetters = new Map<string, (say: Say | undefined) => void>();

  const renderPeople = () => {
    hoursSetters.clear();
    if (state.people.length === 0) {
      show(peopleList, h('p', { class: 'hint', id: 'entry-nobody' }, t('office.entry.nobody')));
      return;
    }
    show(
      peopleList,
      h(
        'table',
        { class: 'table' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            h('th', null, t('office.entry.person')),
            h('th', null, t('office.entry.hours')),
            h('th', null, t('common.actions')),
          ),
        ),
        h(
          'tbody',
          null,
          state.people.map((person) => {
            const id = person.volunteer.id;
            const hours = h('input', {
              class: 'hours-input',
              'data-volunteer': id,
              type: 'text',
              inputmode: 'decimal',
              maxlength: 6,
              value: person.hours,
              placeholder: '1.5',
              'aria-label': t('office.entry.hoursOf', { name: person.volunteer.name }),
              oninput: (event: Event) =>
                dispatch({
                  type: 'hoursTyped',
                  volunteerId: id,
                  text: (event.target as HTMLInputElement).value,
                }),
            });
            const problem = h('p', { class: 'field-error', hidden: true });
            hoursSetters.set(id, (say) => {
              problem.hidden = say === undefined;
              problem.textContent = say === undefined ? '' : sayText(say);
              if (say === undefined) hours.removeAttribute('aria-invalid');
              else hours.setAttribute('aria-invalid', 'true');
            });
            return h(
              'tr',
              { 'data-volunteer': id },
              h('td', null, foundLine(person.volunteer)),
              h('td', null, hours, h('span', { class: 'hint' }, ` ${t('office.entry.hoursUnit')}`), problem),
              h(
                'td',
                null,
                h(
                  'button',
                  {
                    type: 'button',
                    class: 'link-button',
                    onclick: () => dispatch({ type: 'personRemoved', volunteerId: id }),
                  },
                  t('office.entry.remove'),
                ),
              ),
            );
          }),
        ),
      ),
    );
  };

  const problemAt = (field: Field): Say | undefined =>
    state.problems.find((problem) => problem.field === field)?.say;

  const render = () => {
    if (state.phase === 'sent' && state.sent !== undefined) {
      show(body, sentPanel(office, body, projects, state.sent));
      return;
    }
    const locked = state.phase !== 'editing';
    for (const control of [name, date, project, place, startTime, endTime, responsible])
      control.disabled = locked;
    const signature = state.people.map((person) => person.volunteer.id).join(',');
    if (signature !== shownPeople) {
      shownPeople = signature;
      renderPeople();
      picker.refresh();
    }
    for (const input of Array.from(
      peopleList.querySelectorAll<HTMLInputElement | HTMLButtonElement>('input, button'),
    )) {
      input.disabled = locked;
    }
    picker.root.hidden = locked;
    nameField.set(problemAt('name'));
    dateField.set(problemAt('date'));
    projectField.set(problemAt('project'));
    for (const one of detailFields) one.shown.set(problemAt(one.field));
    for (const [id, set] of hoursSetters) set(problemAt(`hours:${id}`));
    const people = problemAt('people');
    peopleProblem.hidden = people === undefined;
    peopleProblem.textContent = people === undefined ? '' : sayText(people);
    const whole = problemAt('form');
    formProblem.hidden = whole === undefined;
    formProblem.textContent = whole === undefined ? '' : sayText(whole);
    submit.disabled = state.phase === 'sending';
    submit.textContent =
      state.phase === 'sending'
        ? t('office.entry.sending')
        : state.phase === 'unknown'
          ? t('office.entry.sendAgain')
          : t('office.entry.submit');
  };

  const send = async (sending: HandEntryState) => {
    try {
      const record = await call<ServiceRecord>('POST', '/service-records', {
        body: sending.request,
        idempotencyKey: sending.key,
        onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
      });
      dispatch({ type: 'answered', record });
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'unanswered' });
        return;
      }
      const body = error instanceof ApiError ? error.body : {};
      const fields = Array.isArray(body.errors) ? (body.errors as { path: string; message: string }[]) : [];
      const volunteerIds = Array.isArray(body.volunteerIds) ? (body.volunteerIds as string[]) : [];
      const refusal = {
        code: error instanceof ApiError ? error.code : 'UNKNOWN',
        message: describeError(error),
        fields,
        volunteerIds,
      };
      dispatch({
        type: 'refused',
        problems: problemsOfRefusal(refusal, state.people),
        nextKey: newIdempotencyKey(),
      });
    }
  };

  function dispatch(event: HandEntryEvent): void {
    const before = state;
    state = reduceEntry(state, event);
    render();
    if (state.phase === 'sending' && before.phase !== 'sending') void send(state);
    if (event.type === 'submitted' && state.problems.length > 0 && state.phase === 'editing') {
      form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    }
  }

  name.addEventListener('input', () => dispatch({ type: 'edited', field: 'name', value: name.value }));
  date.addEventListener('change', () => dispatch({ type: 'edited', field: 'date', value: date.value }));
  date.addEventListener('input', () => dispatch({ type: 'edited', field: 'date', value: date.value }));
  project.addEventListener('change', () =>
    dispatch({ type: 'edited', field: 'projectId', value: project.value }),
  );
  for (const one of detailFields) {
    const edited = () => dispatch({ type: 'edited', field: one.field, value: one.input.value });
    one.input.addEventListener('input', edited);
    one.input.addEventListener('change', edited);
  }
  submit.addEventListener('click', () => dispatch({ type: 'submitted', today: chinaDate() }));
  render();
  renderPeople();
}

function sentPanel(office: Office, body: HTMLElement, projects: readonly Project[], record: ServiceRecord) {
  return h(
    'div',
    { class: 'confirmation', id: 'entry-sent', 'data-record': record.id },
    h('h3', { class: 'ok-title' }, t('office.entry.sent')),
    h(
      'p',
      null,
      t('office.entry.sentMeta', {
        name: record.activity.name,
        people: formatNumber(record.entries.length),
        hours: formatNumber(record.hours),
        points: points(record.points),
      }),
    ),
    h(
      'p',
      { class: 'hint' },
      office.isAdmin ? t('office.entry.sentAdmin') : t('office.entry.sentCoordinator'),
    ),
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button primary', href: '#approvals' }, t('office.entry.toQueue')),
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          id: 'entry-another',
          onclick: () => mountForm(office, body, projects),
        },
        t('office.entry.another'),
      ),
    ),
  );
}
