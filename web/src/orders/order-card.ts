import type { OrderStepRequest, OrderView, Project } from '../../../shared/orders/contract/orders';
import { canTake, type OrderAction, type OrderActor } from '../../../shared/orders/rules/order-flow';
import type { OrgVolunteerPage, VolunteerProfile } from '../../../shared/people/contract/volunteers';
import { call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { type Child, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatDateTime, formatNumber, type MessageKey, t } from '../platform/i18n';
import { field, type Office, type Org, orgOptions } from '../platform/office';
import {
  channelText,
  grouped,
  numberBadge,
  ratingFacts,
  scoreText,
  statusBadge,
  timelineList,
} from './words';

/**
 * One order on the office's queue (派单) or a team's (本队派单): who asked, where, what, by when,
 * the full timeline, and the steps this caller may take now (the flow's own rule, `canTake`,
 * decides which buttons show). Each step is sent with an Idempotency-Key kept until an answer
 * comes, so a double click or a retry after a lost answer takes the step once; the answer (the
 * order as it is now) replaces the card.
 */
export interface OrderContext {
  office: Office;
  actor: Extract<OrderActor, 'office' | 'team'>;
  orgs: readonly Org[];
  projects: readonly Project[];
  /** Called with the order after a step, to redraw its card (or drop it from the list). */
  replaced(order: OrderView): void;
}

const stepKeys = new Map<string, string>();
const DAY_MS = 86_400_000;
/** A dispatch is due this many days out when the resident named no date. */
const DEFAULT_DUE_DAYS = 7;
const HOURS_STEP = 0.25;
const HOURS_MAX = 24;

const nameOf = (context: OrderContext, orgId: string | undefined): string =>
  orgId === undefined ? '' : (context.orgs.find((org) => org.orgId === orgId)?.name ?? orgId);

const projectOf = (context: OrderContext, projectId: string | undefined): Project | undefined =>
  projectId === undefined ? undefined : context.projects.find((project) => project.projectId === projectId);

/** When the current stage is due, in words: 审核/接单/完成期限. */
function dueLine(order: OrderView): HTMLElement | null {
  if (order.dueAt === undefined) return null;
  const key: MessageKey =
    order.status === 'submitted' || order.status === 'returned'
      ? 'office.orders.dueReview'
      : order.status === 'dispatched'
        ? 'office.orders.dueAccept'
        : 'office.orders.dueFinish';
  return h(
    'p',
    { class: order.overdue ? 'due overdue-text' : 'due' },
    order.overdue ? h('strong', null, t('office.orders.overdue'), ' ') : null,
    t(key, { at: formatDateTime(order.dueAt) }),
  );
}

function facts(context: OrderContext, order: OrderView): HTMLElement {
  const fact = (label: MessageKey, value: Child) => [h('dt', null, t(label)), h('dd', null, value)];
  const village = nameOf(context, order.villageOrgId);
  const town =
    order.townOrgId === undefined || order.townOrgId === order.villageOrgId
      ? ''
      : nameOf(context, order.townOrgId);
  const wished = [order.preferredDate, order.preferredTime].filter((part) => part !== undefined).join(' ');
  const phoneWhole = /^\d{11}$/.test(order.phone);
  return h(
    'dl',
    { class: 'facts' },
    fact('office.orders.who', [
      order.name,
      ' ',
      phoneWhole ? h('a', { href: `tel:${order.phone}`, class: 'tel' }, order.phone) : order.phone,
    ]),
    fact('office.orders.place', town === '' ? village : `${town} ${village}`),
    order.projectId === undefined
      ? null
      : fact('office.orders.project', projectOf(context, order.projectId)?.title ?? order.projectId),
    wished === '' ? null : fact('office.orders.wished', wished),
    fact('office.orders.channel', channelText(order.channel)),
    order.teamOrgId === undefined ? null : fact('office.orders.team', nameOf(context, order.teamOrgId)),
    order.dueDate === undefined ? null : fact('office.orders.dueDate', order.dueDate),
    fact('office.orders.submittedAt', formatDateTime(order.submittedAt)),
    order.recordIds.length === 0
      ? null
      : fact(
          'office.orders.records',
          order.recordIds.map((id) => h('span', { class: 'mono' }, id, ' ')),
        ),
  );
}

/** The card of one order. */
export function orderCard(context: OrderContext, order: OrderView): HTMLElement {
  const forms = h('div', { class: 'order-forms' });
  const outcome = h('p', { class: 'record-outcome', 'aria-live': 'polite' });
  const card = h(
    'article',
    {
      class: `order-card${order.overdue ? ' overdue' : ''}`,
      'data-number': order.number,
      'data-status': order.status,
    },
    h(
      'header',
      { class: 'order-head' },
      numberBadge(order.number),
      statusBadge(order.status),
      order.overdue ? h('span', { class: 'badge overdue-badge' }, t('office.orders.overdueBadge')) : null,
    ),
    h('p', { class: 'order-need' }, order.need),
    dueLine(order),
    facts(context, order),
    order.rating === undefined ? null : [h('h4', null, t('office.orders.rating')), ratingFacts(order.rating)],
    actionButtons(context, order, forms, outcome),
    forms,
    outcome,
    h(
      'details',
      { class: 'order-timeline' },
      h('summary', null, t('office.orders.timeline', { n: order.timeline.length })),
      timelineList(order.timeline),
    ),
  );
  return card;
}

type FormMaker = (context: OrderContext, order: OrderView, send: Sender) => HTMLElement;
type Sender = (body: OrderStepRequest, button: HTMLButtonElement) => Promise<void>;

interface ActionSpec {
  action: OrderAction;
  label: MessageKey;
  /** No form: one click takes the step. */
  direct?: true;
  form?: FormMaker;
  danger?: true;
}

const OFFICE_ACTIONS: readonly ActionSpec[] = [
  { action: 'dispatch', label: 'office.orders.act.dispatch', form: dispatchForm },
  { action: 'reassign', label: 'office.orders.act.reassign', form: dispatchForm },
  { action: 'review', label: 'office.orders.act.review', form: noteForm('review') },
  { action: 'close', label: 'office.orders.act.close', form: closeForm },
  { action: 'reject', label: 'office.orders.act.reject', form: reasonForm('reject'), danger: true },
  { action: 'cancel', label: 'office.orders.act.cancel', form: reasonForm('cancel'), danger: true },
];

const TEAM_ACTIONS: readonly ActionSpec[] = [
  { action: 'accept', label: 'office.orders.act.accept', direct: true },
  { action: 'serve', label: 'office.orders.act.serve', form: serveForm },
  { action: 'finish', label: 'office.orders.act.finish', form: noteForm('finish') },
  { action: 'rate', label: 'office.orders.act.rate', form: paperRatingForm },
  { action: 'return', label: 'office.orders.act.return', form: reasonForm('return'), danger: true },
];

function actionButtons(
  context: OrderContext,
  order: OrderView,
  forms: HTMLElement,
  outcome: HTMLElement,
): HTMLElement {
  const specs = (context.actor === 'office' ? OFFICE_ACTIONS : TEAM_ACTIONS).filter((spec) =>
    canTake(order, spec.action, context.actor),
  );
  const send: Sender = (body, button) => takeStep(context, order, body, button, outcome);
  return h(
    'div',
    { class: 'actions order-actions' },
    specs.map((spec) => {
      const button: HTMLButtonElement = h(
        'button',
        {
          type: 'button',
          class: `button${spec.direct === true ? ' primary' : spec.danger === true ? '' : ' primary'}`,
          'data-action': spec.action,
          onclick: () => {
            if (spec.direct === true) {
              void send({ action: spec.action } as OrderStepRequest, button);
              return;
            }
            const open = forms.dataset.open === spec.action;
            forms.dataset.open = open ? '' : spec.action;
            if (open || spec.form === undefined) forms.replaceChildren();
            else show(forms, spec.form(context, order, send));
          },
        },
        t(spec.label),
      );
      return button;
    }),
  );
}

/** Sends one step; the answer replaces the card, a refusal is said where the buttons are. */
async function takeStep(
  context: OrderContext,
  order: OrderView,
  body: OrderStepRequest,
  button: HTMLButtonElement,
  outcome: HTMLElement,
): Promise<void> {
  const slot = `${order.number}@${order.version}/${body.action}`;
  const key = stepKeys.get(slot) ?? newIdempotencyKey();
  stepKeys.set(slot, key);
  button.disabled = true;
  outcome.textContent = '';
  try {
    const answer = await call<OrderView>('POST', `/orders/${encodeURIComponent(order.number)}/steps`, {
      body,
      idempotencyKey: key,
      onRetry: () => context.office.shell.notify('info', t('error.NETWORK_RETRYING')),
    });
    stepKeys.delete(slot);
    context.office.shell.notify(
      'ok',
      t(`office.orders.done.${body.action}` as MessageKey, { number: grouped(order.number) }),
    );
    context.replaced(answer);
  } catch (error) {
    if (!outcomeUnknown(error)) stepKeys.delete(slot);
    button.disabled = false;
    if (isCode(error, 'ORDER_STATE')) {
      // Someone else moved it meanwhile: show it as it is now.
      outcome.textContent = t('error.ORDER_STATE');
      try {
        context.replaced(await call<OrderView>('GET', `/orders/${encodeURIComponent(order.number)}`));
      } catch {
        // The message stays; 刷新 reloads the list.
      }
      return;
    }
    outcome.textContent = describeError(error);
    context.office.onError(error);
  }
}

/* ---------- the forms of the steps ---------- */

function stepForm(
  id: string,
  children: Child[],
  submitLabel: MessageKey,
  submit: (button: HTMLButtonElement) => void,
  danger = false,
): HTMLFormElement {
  const button = h(
    'button',
    { type: 'submit', class: `button ${danger ? 'danger' : 'primary'}` },
    t(submitLabel),
  );
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'step-form form-grid',
      'data-form': id,
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (!button.disabled) submit(button);
      },
    },
    children,
    button,
  );
  return form;
}

const missing = (context: OrderContext, key: MessageKey) => context.office.shell.notify('error', t(key));

function reasonForm(action: 'reject' | 'cancel' | 'return'): FormMaker {
  return (context, _order, send) => {
    const reason = h('input', { name: 'reason', maxlength: 200, required: true });
    return stepForm(
      action,
      [field(t('office.orders.reason'), reason)],
      `office.orders.confirm.${action}` as MessageKey,
      (button) => {
        const text = reason.value.trim();
        if (text === '') return missing(context, 'office.orders.needReason');
        void send({ action, reason: text }, button);
      },
      true,
    );
  };
}

function noteForm(action: 'review' | 'finish'): FormMaker {
  return (context, _order, send) => {
    const note = h('textarea', { name: 'note', rows: 3, maxlength: 500, required: true });
    return stepForm(
      action,
      [field(t(action === 'review' ? 'office.orders.reviewNote' : 'office.orders.finishNote'), note)],
      `office.orders.confirm.${action}` as MessageKey,
      (button) => {
        const text = note.value.trim();
        if (text === '') return missing(context, 'office.orders.needNote');
        void send({ action, note: text }, button);
      },
    );
  };
}

/** 派单 / 改派: a team from the organisation tree (the project's own team first), a due date. */
function dispatchForm(context: OrderContext, order: OrderView, send: Sender): HTMLElement {
  const action: 'dispatch' | 'reassign' = order.status === 'dispatched' ? 'reassign' : 'dispatch';
  const today = chinaDate();
  const suggested =
    order.teamOrgId ?? projectOf(context, order.projectId)?.teamOrgId ?? order.townOrgId ?? '';
  const team = h(
    'select',
    { name: 'teamOrgId' },
    h('option', { value: '' }, t('office.orders.chooseTeam')),
    orgOptions(context.orgs, suggested),
  );
  const wished =
    order.preferredDate !== undefined && order.preferredDate >= today ? order.preferredDate : undefined;
  const due = h('input', {
    name: 'dueDate',
    type: 'date',
    min: today,
    value: order.dueDate ?? wished ?? chinaDate(new Date(Date.now() + DEFAULT_DUE_DAYS * DAY_MS)),
  });
  const note = h('input', { name: 'note', maxlength: 200 });
  return stepForm(
    action,
    [
      field(t('office.orders.team'), team),
      field(t('office.orders.dueDate'), due),
      field(t('office.orders.dispatchNote'), note),
    ],
    `office.orders.confirm.${action}` as MessageKey,
    (button) => {
      if (team.value === '') return missing(context, 'office.orders.needTeam');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(due.value)) return missing(context, 'office.orders.needDue');
      const text = note.value.trim();
      void send(
        { action, teamOrgId: team.value, dueDate: due.value, ...(text === '' ? {} : { note: text }) },
        button,
      );
    },
  );
}

/** 安排服务: the activity that serves the order (its name and day), and a note. */
function serveForm(context: OrderContext, order: OrderView, send: Sender): HTMLElement {
  const name = h('input', {
    name: 'activity',
    maxlength: 60,
    value: projectOf(context, order.projectId)?.title ?? '',
  });
  const date = h('input', { name: 'date', type: 'date', value: chinaDate() });
  const note = h('input', { name: 'note', maxlength: 200 });
  return stepForm(
    'serve',
    [
      field(t('office.orders.activityName'), name),
      field(t('office.orders.activityDate'), date),
      field(t('office.orders.serveNote'), note),
    ],
    'office.orders.confirm.serve',
    (button) => {
      const activity = name.value.trim();
      if (activity === '') return missing(context, 'office.orders.needActivity');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date.value)) return missing(context, 'office.orders.needDate');
      const text = note.value.trim();
      void send(
        {
          action: 'serve',
          activity: { name: activity, date: date.value },
          ...(text === '' ? {} : { note: text }),
        },
        button,
      );
    },
  );
}

/** 录入纸质评价: the three scores from the paper form, its comment and whether it complains. */
function paperRatingForm(context: OrderContext, _order: OrderView, send: Sender): HTMLElement {
  const score = (name: string) =>
    h(
      'select',
      { name },
      h('option', { value: '' }, t('office.orders.chooseScore')),
      [5, 4, 3, 2, 1].map((n) => h('option', { value: String(n) }, `${n} · ${scoreText(n)}`)),
    );
  const attitude = score('attitude');
  const result = score('result');
  const timeliness = score('timeliness');
  const comment = h('input', { name: 'comment', maxlength: 200 });
  const complaint = h('input', { type: 'checkbox', name: 'complaint' });
  return stepForm(
    'rate',
    [
      field(t('orders.rating.attitude'), attitude),
      field(t('orders.rating.result'), result),
      field(t('orders.rating.timeliness'), timeliness),
      field(t('office.orders.ratingComment'), comment),
      h('label', { class: 'check-line' }, complaint, h('span', null, t('office.orders.complaint'))),
    ],
    'office.orders.confirm.rate',
    (button) => {
      const scores = [attitude, result, timeliness].map((select) => Number(select.value));
      if (scores.some((value) => !(value >= 1 && value <= 5)))
        return missing(context, 'office.orders.needScores');
      const text = comment.value.trim();
      void send(
        {
          action: 'rate',
          attitude: scores[0] ?? 0,
          result: scores[1] ?? 0,
          timeliness: scores[2] ?? 0,
          ...(text === '' ? {} : { comment: text }),
          complaint: complaint.checked,
        },
        button,
      );
    },
  );
}

interface HoursLine {
  volunteerId: string;
  name: string;
  hours: number;
}

/**
 * 办结 (考核定单): the office's assessment, and the hours of the volunteers who served, picked
 * from an organisation's volunteers. The hours become one service record linked to the order,
 * which is approved in 审核 like any other.
 */
function closeForm(context: OrderContext, order: OrderView, send: Sender): HTMLElement {
  const lines: HoursLine[] = [];
  const assessment = h('textarea', { name: 'assessment', rows: 3, maxlength: 500 });
  const start = order.teamOrgId ?? order.villageOrgId;
  const org = h(
    'select',
    { name: 'org', 'aria-label': t('office.orders.volunteerOrg') },
    orgOptions(context.orgs, start),
  );
  const volunteer = h('select', { name: 'volunteer', 'aria-label': t('office.orders.volunteer') });
  const hours = h('input', {
    name: 'hours',
    type: 'number',
    min: String(HOURS_STEP),
    max: String(HOURS_MAX),
    step: String(HOURS_STEP),
    value: '2',
    inputmode: 'decimal',
    'aria-label': t('office.orders.hours'),
  });
  const table = h('div', { class: 'hours-table' });
  const names = new Map<string, string>();
  const drawLines = () => {
    const total = lines.reduce((sum, line) => sum + line.hours, 0);
    show(
      table,
      lines.length === 0
        ? h('p', { class: 'hint' }, t('office.orders.noHours'))
        : h(
            'table',
            { class: 'table' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                h('th', null, t('office.orders.volunteer')),
                h('th', { class: 'num' }, t('office.orders.hours')),
                h('th', null, t('common.actions')),
              ),
            ),
            h(
              'tbody',
              null,
              lines.map((line, index) =>
                h(
                  'tr',
                  { 'data-volunteer': line.volunteerId },
                  h('td', null, line.name),
                  h('td', { class: 'num' }, formatNumber(line.hours)),
                  h(
                    'td',
                    null,
                    h(
                      'button',
                      {
                        type: 'button',
                        class: 'button',
                        onclick: () => {
                          lines.splice(index, 1);
                          drawLines();
                        },
                      },
                      t('office.orders.removeLine'),
                    ),
                  ),
                ),
              ),
            ),
            h(
              'tfoot',
              null,
              h(
                'tr',
                { class: 'total' },
                h('th', null, t('office.scorecards.total')),
                h('td', { class: 'num' }, formatNumber(total)),
                h('td', null, ''),
              ),
            ),
          ),
    );
  };
  const loadVolunteers = async () => {
    show(volunteer, h('option', { value: '' }, t('common.loading')));
    try {
      const page = await call<OrgVolunteerPage>('GET', `/orgs/${encodeURIComponent(org.value)}/volunteers`, {
        query: { limit: 100 },
      });
      const people: VolunteerProfile[] = page.volunteers;
      for (const person of people) names.set(person.id, person.name);
      show(
        volunteer,
        h(
          'option',
          { value: '' },
          people.length === 0 ? t('office.orders.nobodyHere') : t('office.orders.chooseVolunteer'),
        ),
        people.map((person) => h('option', { value: person.id }, `${person.name} ${person.phone}`)),
      );
    } catch (error) {
      show(volunteer, h('option', { value: '' }, describeError(error)));
    }
  };
  org.addEventListener('change', () => void loadVolunteers());
  void loadVolunteers();
  drawLines();
  const add = h(
    'button',
    {
      type: 'button',
      class: 'button',
      'data-action': 'add-hours',
      onclick: () => {
        const value = Number(hours.value);
        if (volunteer.value === '') return missing(context, 'office.orders.needVolunteer');
        if (!(value > 0 && value <= HOURS_MAX && Number.isInteger(value / HOURS_STEP)))
          return missing(context, 'office.orders.badHours');
        const name = names.get(volunteer.value) ?? volunteer.value;
        const existing = lines.find((line) => line.volunteerId === volunteer.value);
        if (existing !== undefined) existing.hours = value;
        else lines.push({ volunteerId: volunteer.value, name, hours: value });
        drawLines();
      },
    },
    t('office.orders.addLine'),
  );
  return stepForm(
    'close',
    [
      field(t('office.orders.assessment'), assessment),
      h('h4', null, t('office.orders.hoursTitle')),
      h('p', { class: 'hint' }, t('office.orders.hoursHint')),
      h('div', { class: 'inline-form' }, org, volunteer, hours, add),
      table,
    ],
    'office.orders.confirm.close',
    (button) => {
      const text = assessment.value.trim();
      if (text === '') return missing(context, 'office.orders.needAssessment');
      void send(
        {
          action: 'close',
          assessment: text,
          entries: lines.map((line) => ({ volunteerId: line.volunteerId, hours: line.hours })),
        },
        button,
      );
    },
  );
}
