import type {
  ActivityStepRequest,
  ActivityView,
  CreateActivityRequest,
} from '../../../shared/activities/contract/activities';
import { call, currentSession, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate, chinaMonth } from '../platform/clock';
import { type Child, h, show } from '../platform/dom';
import { formatNumber, type MessageKey, t } from '../platform/i18n';
import { monthPicker } from '../platform/month-picker';
import {
  field,
  type Office,
  type Org,
  orgOptions,
  orgsOrFailure,
  sectionFrame,
  showFailure,
} from '../platform/office';
import { problemFromResponse } from '../platform/problem';
import { signInAgain } from '../platform/shell';
import { boardEffects } from './board/effects';
import { mountBoard } from './board/render';
import { type BoardEvent, type BoardState, initialBoard, reduce } from './board/state';
import { lateEntryForm } from './late-entry';
import { type ActivityAction, activityWindow, stepActions } from './plan';
import { explain, hoursText, placesText, statusBadge, stepText, whenText, whereText } from './words';

/**
 * 活动 (the organiser's phone): a team's activities this month, a short form to plan one, and one
 * activity at a time with the next step as a big button (发布报名 → 开始签到 → 结束 → 登记工时, or
 * 取消 with a reason). While it runs: the door code as a big QR code that renews itself every 30
 * seconds, the live counts, scanning a volunteer's code (or typing it, or their card's number), the
 * roster with its flags and a sign-in / sign-out button per person. Afterwards: forgotten
 * sign-outs at their time, 补录 with a photo of the paper sheet, overtime decisions, and the
 * roster as CSV or Excel.
 *
 * Each step is sent with an Idempotency-Key kept until an answer comes (a double tap takes it once).
 */
const stepKeys = new Map<string, string>();
let createKey: { key: string; body: string } | undefined;

const DEFAULT_FROM = '09:00';
const DEFAULT_TO = '11:00';
const DEFAULT_CAPACITY = 20;
const CAPACITY_MAX = 1000;

interface Context {
  office: Office;
  orgs: Org[];
  /** The list or one activity, in the section's body. */
  body: HTMLElement;
  month: string;
  /** Stops the board of the activity on screen (its timer and camera). */
  stopBoard: () => void;
}

export function renderOrganiser(office: Office): HTMLElement {
  const { root, body } = sectionFrame('activities.organiser.title', 'activities.organiser.lead');
  root.id = 'activities';
  void mount(office, body);
  return root;
}

async function mount(office: Office, body: HTMLElement): Promise<void> {
  const orgs = await orgsOrFailure(office, body);
  if (orgs === undefined) return;
  const context: Context = { office, orgs, body, month: chinaMonth(), stopBoard: () => {} };
  showList(context);
}

/* ---------- the month's list ---------- */

function showList(context: Context): void {
  context.stopBoard();
  const month = monthPicker({ id: 'activities-month', value: context.month });
  const list = h('div', { class: 'records activity-list', id: 'activity-list' });
  const formHolder = h('div', { id: 'activity-form-holder' });
  const reload = () => void loadList(context, list);
  month.addEventListener('change', () => {
    if (/^\d{4}-\d{2}$/.test(month.value)) {
      context.month = month.value;
      reload();
    }
  });
  const newButton = h(
    'button',
    {
      type: 'button',
      class: 'button primary big',
      id: 'activity-new',
      onclick: () => {
        if (formHolder.childElementCount > 0) show(formHolder);
        else show(formHolder, createForm(context));
      },
    },
    t('activities.organiser.new'),
  );
  show(
    context.body,
    newButton,
    formHolder,
    h(
      'div',
      { class: 'inline-form' },
      field(t('activities.organiser.month'), month),
      h(
        'button',
        { type: 'button', class: 'button', id: 'activities-refresh', onclick: reload },
        t('activities.refresh'),
      ),
    ),
    list,
  );
  reload();
}

async function loadList(context: Context, list: HTMLElement): Promise<void> {
  show(list, h('p', { class: 'loading' }, t('common.loading')));
  let activities: ActivityView[];
  try {
    activities = (
      await call<{ activities: ActivityView[] }>('GET', '/activities', { query: { month: context.month } })
    ).activities;
  } catch (error) {
    showFailure(list, error);
    return;
  }
  const sorted = [...activities].sort((a, b) => a.start.localeCompare(b.start));
  show(
    list,
    sorted.length === 0
      ? h('p', { class: 'hint', id: 'activities-empty' }, t('activities.organiser.empty'))
      : sorted.map((activity) => activityCard(context, activity)),
  );
}

function activityCard(context: Context, activity: ActivityView): HTMLElement {
  return h(
    'article',
    { class: 'record activity-card', 'data-activity': activity.activityId, 'data-status': activity.status },
    h('h3', null, activity.title, ' ', statusBadge(activity.status)),
    h('p', { class: 'record-meta' }, whenText(activity)),
    h('p', { class: 'record-meta' }, whereText(activity)),
    h('p', { class: 'hint' }, placesText(activity)),
    h(
      'button',
      {
        type: 'button',
        class: 'button primary',
        'data-action': 'open',
        onclick: () => showDetail(context, activity),
      },
      t('activities.organiser.open'),
    ),
  );
}

/* ---------- planning one ---------- */

function createForm(context: Context): HTMLElement {
  const claims = context.office.session.claims;
  const teams = context.orgs.filter((org) => org.level !== 'county' || context.office.isAdmin);
  const places = context.orgs.filter((org) => org.level === 'village' || org.level === 'town');
  const title = h('input', { id: 'activity-title', name: 'title', maxlength: 100, required: true });
  const team = h(
    'select',
    { id: 'activity-team', name: 'teamOrgId' },
    orgOptions(teams, claims.orgId ?? teams[0]?.orgId),
  );
  const village = h(
    'select',
    { id: 'activity-village', name: 'villageOrgId' },
    h('option', { value: '' }, t('activities.form.chooseVillage')),
    orgOptions(places),
  );
  const address = h('input', { id: 'activity-address', name: 'address', maxlength: 200 });
  const date = h('input', { id: 'activity-date', name: 'date', type: 'date', value: chinaDate() });
  const from = h('input', { id: 'activity-from', name: 'from', type: 'time', value: DEFAULT_FROM });
  const to = h('input', { id: 'activity-to', name: 'to', type: 'time', value: DEFAULT_TO });
  const capacity = h('input', {
    id: 'activity-capacity',
    name: 'capacity',
    type: 'number',
    min: '1',
    max: String(CAPACITY_MAX),
    step: '1',
    inputmode: 'numeric',
    value: String(DEFAULT_CAPACITY),
  });
  const county = h('input', { type: 'checkbox', id: 'activity-county', name: 'county' });
  const description = h('textarea', {
    id: 'activity-description',
    name: 'description',
    rows: 3,
    maxlength: 500,
  });
  const problem = h('p', { class: 'warning', id: 'activity-form-problem', 'aria-live': 'polite' });
  const submit = h(
    'button',
    { type: 'submit', class: 'button primary big', id: 'activity-create' },
    t('activities.form.create'),
  );
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'form-grid',
      id: 'activity-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (submit.disabled) return;
        problem.textContent = '';
        const when = activityWindow(date.value, from.value, to.value);
        const places = Number(capacity.value);
        const say = (key: MessageKey) => {
          problem.textContent = t(key);
        };
        if (title.value.trim() === '') return say('activities.form.needTitle');
        if (team.value === '') return say('activities.form.needTeam');
        if (village.value === '') return say('activities.form.needVillage');
        if (address.value.trim() === '') return say('activities.form.needAddress');
        if (!when.ok) return say(`activities.form.bad.${when.field}` as MessageKey);
        if (!(Number.isInteger(places) && places >= 1 && places <= CAPACITY_MAX))
          return say('activities.form.badCapacity');
        const text = description.value.trim();
        const body: CreateActivityRequest = {
          title: title.value.trim(),
          teamOrgId: team.value,
          place: { villageOrgId: village.value, address: address.value.trim() },
          start: when.start,
          end: when.end,
          capacity: places,
          openTo: county.checked ? 'county' : 'team',
          ...(text === '' ? {} : { description: text }),
        };
        void create(context, body, submit, problem);
      },
    },
    field(t('activities.form.title'), title),
    field(t('activities.form.team'), team),
    field(t('activities.form.village'), village),
    field(t('activities.form.address'), address),
    field(t('activities.form.date'), date),
    h(
      'div',
      { class: 'inline-form' },
      field(t('activities.form.from'), from),
      field(t('activities.form.to'), to),
    ),
    h('p', { class: 'hint' }, t('activities.form.overnightHint')),
    field(t('activities.form.capacity'), capacity),
    h('label', { class: 'check-line' }, county, h('span', null, t('activities.form.county'))),
    field(t('activities.form.description'), description),
    problem,
    submit,
  );
  return form;
}

async function create(
  context: Context,
  body: CreateActivityRequest,
  submit: HTMLButtonElement,
  problem: HTMLElement,
): Promise<void> {
  // The same request keeps its key until an answer comes: a retry makes one activity.
  const text = JSON.stringify(body);
  if (createKey === undefined || createKey.body !== text)
    createKey = { key: newIdempotencyKey(), body: text };
  submit.disabled = true;
  try {
    const activity = await call<ActivityView>('POST', '/activities', {
      body,
      idempotencyKey: createKey.key,
      onRetry: () => context.office.shell.notify('info', t('error.NETWORK_RETRYING')),
    });
    createKey = undefined;
    showDetail(context, activity, { text: t('activities.form.created', { title: activity.title }) });
  } catch (error) {
    if (!outcomeUnknown(error)) createKey = undefined;
    problem.textContent = explain(error);
    context.office.onError(error);
  } finally {
    submit.disabled = false;
  }
}

/* ---------- one activity ---------- */

/** What the line under the title says after a step: what it did, or why it was refused. */
interface Said {
  text: string;
  refused?: true;
}

function showDetail(context: Context, activity: ActivityView, said?: Said): void {
  context.stopBoard();
  const outcome = h(
    'p',
    { class: said?.refused ? 'warning' : 'record-outcome', id: 'activity-outcome', 'aria-live': 'polite' },
    said?.text ?? '',
  );
  const forms = h('div', { class: 'order-forms', id: 'activity-step-forms' });
  const boardHolder = h('div', { class: 'activity-board', id: 'activity-board' });
  const back = h(
    'button',
    { type: 'button', class: 'button', id: 'activity-back', onclick: () => showList(context) },
    t('activities.organiser.back'),
  );
  const steps = stepActions(activity.status).map((action) =>
    h(
      'button',
      {
        type: 'button',
        class: `button big${action === 'cancel' || action === 'reopen' ? '' : ' primary'}`,
        'data-action': action,
        onclick: (event: Event) => {
          const button = event.currentTarget as HTMLButtonElement;
          if (action === 'cancel') {
            const open = forms.dataset.open === 'cancel';
            forms.dataset.open = open ? '' : 'cancel';
            show(forms, open ? null : cancelForm(context, activity, outcome));
            return;
          }
          void takeStep(context, activity, { action } as ActivityStepRequest, button, outcome);
        },
      },
      stepText(action),
    ),
  );
  const running = activity.status === 'running';
  const detail = h(
    'article',
    {
      class: 'activity-detail',
      id: 'activity-detail',
      'data-activity': activity.activityId,
      'data-status': activity.status,
    },
    back,
    h('h3', null, activity.title, ' ', statusBadge(activity.status)),
    outcome,
    // At the door the QR code comes first; the steps (结束, 取消) wait below it, out of a thumb's way.
    running ? boardHolder : null,
    facts(context, activity),
    steps.length === 0 ? null : h('div', { class: 'actions activity-steps' }, steps),
    forms,
    running ? null : boardHolder,
    activity.status === 'draft' ? null : exports(context, activity),
    activity.status === 'running' || activity.status === 'finished'
      ? lateSection(context, activity, boardHolder)
      : null,
  );
  show(context.body, detail);
  context.body.scrollIntoView?.({ block: 'start' });
  if (activity.status !== 'draft') startBoard(context, activity, boardHolder);
}

function facts(context: Context, activity: ActivityView): HTMLElement {
  const fact = (label: MessageKey, value: Child) => [h('dt', null, t(label)), h('dd', null, value)];
  const team = activity.teamName ?? context.orgs.find((org) => org.orgId === activity.teamOrgId)?.name;
  const recording = activity.recording;
  return h(
    'dl',
    { class: 'facts' },
    fact('activities.fact.when', whenText(activity)),
    fact('activities.fact.where', whereText(activity)),
    team === undefined ? null : fact('activities.fact.team', team),
    fact('activities.fact.places', placesText(activity)),
    fact('activities.fact.openTo', t(`activities.openTo.${activity.openTo}` as MessageKey)),
    activity.description === undefined ? null : fact('activities.fact.description', activity.description),
    activity.cancelReason === undefined ? null : fact('activities.fact.cancelReason', activity.cancelReason),
    recording === undefined
      ? null
      : fact(
          'activities.fact.recording',
          t('activities.recorded', {
            n: formatNumber(recording.entries),
            hours: hoursText(recording.hours),
          }) +
            (recording.leftOut.length === 0
              ? ''
              : t('activities.leftOutCount', { n: formatNumber(recording.leftOut.length) })),
        ),
    activity.recordId === undefined
      ? null
      : fact(
          'activities.fact.record',
          h('span', { class: 'mono', id: 'activity-record' }, activity.recordId),
        ),
  );
}

/** Sends one step; the answer redraws the activity, a refusal is said under the buttons. */
async function takeStep(
  context: Context,
  activity: ActivityView,
  body: ActivityStepRequest,
  button: HTMLButtonElement,
  outcome: HTMLElement,
): Promise<void> {
  const slot = `${activity.activityId}@${activity.updatedAt}/${body.action}`;
  const key = stepKeys.get(slot) ?? newIdempotencyKey();
  stepKeys.set(slot, key);
  button.disabled = true;
  outcome.textContent = '';
  outcome.className = 'record-outcome';
  const path = `/activities/${encodeURIComponent(activity.activityId)}`;
  try {
    const answer = await call<ActivityView>('POST', `${path}/steps`, {
      body,
      idempotencyKey: key,
      onRetry: () => context.office.shell.notify('info', t('error.NETWORK_RETRYING')),
    });
    stepKeys.delete(slot);
    showDetail(context, answer, { text: stepDone(body.action, answer) });
  } catch (error) {
    if (!outcomeUnknown(error)) stepKeys.delete(slot);
    button.disabled = false;
    outcome.textContent = explain(error);
    outcome.className = 'warning';
    if (isCode(error, 'ACTIVITY_STATE')) {
      // Someone else moved it meanwhile (or a decision is pending): show it as it is now.
      try {
        showDetail(context, await call<ActivityView>('GET', path), { text: explain(error), refused: true });
      } catch {
        // The message stays; 返回 reloads the list.
      }
      return;
    }
    context.office.onError(error);
  }
}

function stepDone(action: ActivityAction, answer: ActivityView): string {
  if (action === 'record') {
    const recording = answer.recording;
    if (answer.recordId === undefined || recording === undefined) return t('activities.done.recordNothing');
    return t('activities.done.record', {
      n: formatNumber(recording.entries),
      hours: hoursText(recording.hours),
    });
  }
  return t(`activities.done.${action}` as MessageKey, { title: answer.title });
}

function cancelForm(context: Context, activity: ActivityView, outcome: HTMLElement): HTMLElement {
  const reason = h('input', { name: 'reason', id: 'activity-cancel-reason', maxlength: 500, required: true });
  const button = h('button', { type: 'submit', class: 'button danger' }, t('activities.step.cancelConfirm'));
  return h(
    'form',
    {
      class: 'step-form form-grid',
      'data-form': 'cancel',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const text = reason.value.trim();
        if (text === '') {
          outcome.textContent = t('activities.needCancelReason');
          outcome.className = 'warning';
          return;
        }
        if (!button.disabled)
          void takeStep(context, activity, { action: 'cancel', reason: text }, button, outcome);
      },
    },
    field(t('activities.cancelReason'), reason),
    h('p', { class: 'hint' }, t('activities.cancelHint')),
    button,
  );
}

/** The board (QR code, counts, scanning, roster) of the activity on screen, wired as a reducer. */
function startBoard(context: Context, activity: ActivityView, holder: HTMLElement): void {
  let state: BoardState = initialBoard(activity, Date.now());
  const paint = mountBoard(holder, dispatch);
  const effects = boardEffects(dispatch, () => state, {
    alive: () => holder.isConnected,
    onActivity: (changed) => showDetail(context, changed),
    onUnauthenticated: (error) => context.office.shell.notify('error', explain(error), signInAgain()),
  });
  function dispatch(event: BoardEvent): void {
    const before = state;
    state = reduce(state, event);
    if (holder.isConnected) paint(state);
    effects.follow(event, before, state);
  }
  context.stopBoard = () => effects.stop();
  boardDispatchers.set(holder, dispatch);
  paint(state);
  effects.start();
}

/** The board's dispatch, for the 补录 form below it (a saved 补录 shows on the roster at once). */
const boardDispatchers = new WeakMap<HTMLElement, (event: BoardEvent) => void>();

function lateSection(context: Context, activity: ActivityView, boardHolder: HTMLElement): HTMLElement {
  const holder = h('div', { id: 'late-holder' });
  return h(
    'details',
    {
      class: 'late-entry',
      id: 'late-details',
      ontoggle: (event: Event) => {
        const open = (event.currentTarget as HTMLDetailsElement).open;
        if (open && holder.childElementCount === 0)
          show(
            holder,
            lateEntryForm(context.office, activity, context.orgs, (attendee) =>
              boardDispatchers.get(boardHolder)?.({ type: 'attendeeChanged', attendee }),
            ),
          );
      },
    },
    h('summary', null, t('activities.late.title')),
    holder,
  );
}

/** 导出: the roster as CSV (UTF-8 with its BOM) or an Excel workbook, saved by the browser. */
function exports(context: Context, activity: ActivityView): HTMLElement {
  const button = (format: 'csv' | 'xlsx', label: MessageKey) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button',
        'data-export': format,
        onclick: () => void download(context, activity, format),
      },
      t(label),
    );
  return h(
    'div',
    { class: 'inline-form activity-exports' },
    button('csv', 'activities.export.csv'),
    button('xlsx', 'activities.export.xlsx'),
  );
}

async function download(context: Context, activity: ActivityView, format: 'csv' | 'xlsx'): Promise<void> {
  try {
    const session = await currentSession();
    if (session === undefined) throw new Error('not signed in');
    const response = await fetch(
      `${session.apiBase}/activities/${encodeURIComponent(activity.activityId)}/roster/export?format=${format}`,
      { headers: { authorization: `Bearer ${session.token}` }, cache: 'no-store' },
    );
    if (!response.ok) throw await problemFromResponse(response);
    const blob = await response.blob();
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: `aixin-roster-${activity.activityId}.${format}` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (error) {
    context.office.onError(error);
  }
}
