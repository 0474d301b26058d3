import type { EnterOrderRequest, OrderView, Project } from '../../../shared/orders/contract/orders';
import { call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { type MessageKey, t } from '../platform/i18n';
import {
  busy,
  field,
  type Office,
  type Org,
  orgOptions,
  sectionFrame,
  showFailure,
} from '../platform/office';
import { mobileOf } from './request/state';
import { channelText, numberBadge } from './words';

/**
 * 代为点单: a coordinator or the office enters a request for someone who phoned, was visited,
 * filled in a paper form or wrote on the wish wall. The form's Idempotency-Key is kept until an
 * answer comes (the same request sent again makes no second order), then the number is shown
 * large, to be read out to the resident with the last four digits of their phone.
 */
const CHANNELS: readonly EnterOrderRequest['channel'][] = ['phone-call', 'visit', 'paper-form', 'wish-wall'];

export function renderEnterOrder(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.enter.title', 'office.enter.lead');
  root.id = 'enter-order';
  void load(office, body);
  return root;
}

async function load(office: Office, body: HTMLElement): Promise<void> {
  let orgs: Org[];
  let projects: Project[];
  try {
    [orgs, projects] = await Promise.all([
      office.orgs(),
      call<{ projects: Project[] }>('GET', '/projects').then((answer) => answer.projects),
    ]);
  } catch (error) {
    showFailure(body, error);
    return;
  }
  show(body, enterForm(office, body, orgs, projects));
}

function enterForm(office: Office, body: HTMLElement, orgs: readonly Org[], projects: readonly Project[]) {
  // Residents live in towns and villages; teams are not places.
  const places = orgs.filter((org) => org.level === 'town' || org.level === 'village');
  const start = places.find((org) => org.orgId === office.session.claims.orgId)?.orgId;
  const channel = h(
    'select',
    { name: 'channel', id: 'enter-channel' },
    CHANNELS.map((value) => h('option', { value }, channelText(value))),
  );
  const name = h('input', { name: 'name', id: 'enter-name', maxlength: 60, autocomplete: 'off' });
  const phone = h('input', {
    name: 'phone',
    id: 'enter-phone',
    type: 'tel',
    inputmode: 'tel',
    maxlength: 20,
  });
  const place = h(
    'select',
    { name: 'villageOrgId', id: 'enter-place' },
    h('option', { value: '' }, t('office.enter.choosePlace')),
    orgOptions(places, start),
  );
  const need = h('textarea', { name: 'need', id: 'enter-need', rows: 4, maxlength: 500 });
  const project = h(
    'select',
    { name: 'projectId', id: 'enter-project' },
    h('option', { value: '' }, t('request.noProject')),
    projects.map((one) => h('option', { value: one.projectId }, one.title)),
  );
  const date = h('input', { name: 'preferredDate', id: 'enter-date', type: 'date', min: chinaDate() });
  const time = h('input', { name: 'preferredTime', id: 'enter-time', maxlength: 40 });
  const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
  let attempt: { key: string; body: string } | undefined;

  const say = (key: MessageKey | string, isKey = true) => {
    problem.hidden = false;
    problem.textContent = isKey ? t(key as MessageKey) : key;
  };
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'form-grid',
      id: 'enter-form',
      onsubmit: (event: Event) => {
        event.preventDefault();
        problem.hidden = true;
        const mobile = mobileOf(phone.value);
        if (name.value.trim() === '') return say('request.error.name');
        if (mobile === undefined) return say('request.error.phoneFormat');
        if (place.value === '') return say('office.enter.needPlace');
        if (need.value.trim() === '') return say('request.error.need');
        if (date.value !== '' && date.value < chinaDate()) return say('request.error.datePast');
        const request: EnterOrderRequest = {
          channel: channel.value as EnterOrderRequest['channel'],
          name: name.value.trim(),
          phone: mobile,
          villageOrgId: place.value,
          need: need.value.trim(),
          ...(project.value === '' ? {} : { projectId: project.value }),
          ...(date.value === '' ? {} : { preferredDate: date.value }),
          ...(time.value.trim() === '' ? {} : { preferredTime: time.value.trim() }),
        };
        const text = JSON.stringify(request);
        // The same request after an unanswered try goes with the same key: one order, not two.
        if (attempt?.body !== text) attempt = { key: newIdempotencyKey(), body: text };
        const key = attempt.key;
        void busy(form, async () => {
          try {
            const order = await call<OrderView>('POST', '/entered-orders', {
              body: request,
              idempotencyKey: key,
              onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
            });
            attempt = undefined;
            show(body, entered(office, body, orgs, projects, order, mobile));
          } catch (error) {
            if (!outcomeUnknown(error)) attempt = undefined;
            say(outcomeUnknown(error) ? t('office.enter.unanswered') : describeError(error), false);
          }
        });
      },
    },
    field(t('office.enter.channel'), channel),
    field(t('request.name'), name),
    field(t('request.phone'), phone),
    field(t('office.enter.place'), place),
    field(t('request.need'), need),
    field(t('request.project'), project),
    field(t('request.date'), date),
    field(t('office.enter.time'), time),
    h(
      'button',
      { type: 'submit', class: 'button primary big', id: 'enter-submit' },
      t('office.enter.submit'),
    ),
    problem,
  );
  return form;
}

function entered(
  office: Office,
  body: HTMLElement,
  orgs: readonly Org[],
  projects: readonly Project[],
  order: OrderView,
  phone: string,
): HTMLElement {
  return h(
    'div',
    { class: 'confirmation', id: 'entered' },
    h('h3', { class: 'ok-title' }, t('office.enter.done')),
    h('p', { class: 'number-line' }, numberBadge(order.number, true)),
    h('p', { class: 'advice' }, t('office.enter.tellThem', { phone4: phone.slice(-4) })),
    h(
      'div',
      { class: 'actions' },
      office.isAdmin
        ? h('a', { class: 'button primary', href: '#dispatch' }, t('office.enter.toDispatch'))
        : null,
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          onclick: () => show(body, enterForm(office, body, orgs, projects)),
        },
        t('office.enter.another'),
      ),
    ),
  );
}
