import { foundLine, volunteerPicker } from '../people/volunteer-picker';
import { ApiError, call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { points, t } from '../platform/i18n';
import { type Office, sectionFrame } from '../platform/office';
import {
  type AdjustEvent,
  type AdjustField,
  type AdjustState,
  openedAdjustment,
  problemsOfRefusal,
  reduceAdjust,
  type Say,
} from './adjust-state';

/**
 * 积分调整 (admins): find a volunteer, then add or take away points with a reason. The points move
 * through POST /v1/volunteers/{id}/adjustments, the ledger's own conditional write: a debit over
 * the balance is refused there, and this page says so in Chinese. State in adjust-state.ts.
 */
export function renderAdjust(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.adjust.title', 'office.adjust.lead');
  root.id = 'adjust';
  mountAdjust(office, body);
  return root;
}

const sayText = (say: Say): string => ('key' in say ? t(say.key, say.params) : say.text);

function mountAdjust(office: Office, body: HTMLElement): void {
  let state = openedAdjustment(newIdempotencyKey());

  const chosen = h('div', { id: 'adjust-chosen', 'aria-live': 'polite' });
  const volunteerProblem = h('p', { class: 'field-error', id: 'adjust-volunteer-problem', hidden: true });
  const radio = (value: 'credit' | 'debit') =>
    h(
      'label',
      { class: 'radio' },
      h('input', {
        type: 'radio',
        name: 'adjust-direction',
        value,
        id: `adjust-${value}`,
        checked: value === 'credit',
        onchange: () => dispatch({ type: 'edited', field: 'direction', value }),
      }),
      t(value === 'credit' ? 'office.adjust.credit' : 'office.adjust.debit'),
    );
  const pointsInput = h('input', {
    id: 'adjust-points',
    type: 'text',
    inputmode: 'numeric',
    maxlength: 12,
    autocomplete: 'off',
    'aria-describedby': 'adjust-points-problem',
    oninput: () => dispatch({ type: 'edited', field: 'points', value: pointsInput.value }),
  });
  const reasonInput = h('input', {
    id: 'adjust-reason',
    maxlength: 500,
    autocomplete: 'off',
    'aria-describedby': 'adjust-reason-problem',
    oninput: () => dispatch({ type: 'edited', field: 'reason', value: reasonInput.value }),
  });
  const pointsProblem = h('p', { class: 'field-error', id: 'adjust-points-problem', hidden: true });
  const reasonProblem = h('p', { class: 'field-error', id: 'adjust-reason-problem', hidden: true });
  const formProblem = h('p', { class: 'form-problem', id: 'adjust-problem', role: 'alert', hidden: true });
  const pointsField = h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, t('office.adjust.points')),
    pointsInput,
    pointsProblem,
  );
  const reasonField = h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, t('office.adjust.reason')),
    reasonInput,
    reasonProblem,
  );
  const submit = h(
    'button',
    { type: 'button', class: 'button primary big', id: 'adjust-submit' },
    t('office.adjust.submit'),
  );
  const picker = volunteerPicker({
    id: 'adjust-search',
    pickKey: 'office.search.choose',
    onPick: (volunteer) => {
      dispatch({ type: 'picked', volunteer });
      call<{ balance: number }>('GET', `/volunteers/${encodeURIComponent(volunteer.id)}/balance`).then(
        (answer) => dispatch({ type: 'balanceRead', volunteerId: volunteer.id, balance: answer.balance }),
        () => undefined,
      );
    },
    picked: () => new Set(state.volunteer === undefined ? [] : [state.volunteer.id]),
  });
  const form = h(
    'div',
    { class: 'form-grid', id: 'adjust-form' },
    h('h3', null, t('office.adjust.who')),
    picker.root,
    chosen,
    volunteerProblem,
    h(
      'fieldset',
      { class: 'field' },
      h('legend', { class: 'field-label' }, t('office.adjust.direction')),
      radio('credit'),
      radio('debit'),
    ),
    pointsField,
    reasonField,
    formProblem,
    h('div', { class: 'actions' }, submit),
  );
  show(body, form);

  const put = (element: HTMLElement, field: HTMLElement | undefined, say: Say | undefined) => {
    element.hidden = say === undefined;
    element.textContent = say === undefined ? '' : sayText(say);
    field?.classList.toggle('has-error', say !== undefined);
  };
  const problemAt = (field: AdjustField) => state.problems.find((problem) => problem.field === field)?.say;

  const render = () => {
    if (state.phase === 'done') {
      show(body, donePanel(office, body, state));
      return;
    }
    const locked = state.phase !== 'editing';
    for (const control of Array.from(
      form.querySelectorAll<HTMLInputElement>('fieldset input, #adjust-points, #adjust-reason'),
    )) {
      control.disabled = locked;
    }
    picker.root.hidden = locked;
    show(
      chosen,
      state.volunteer === undefined
        ? h('p', { class: 'hint' }, t('office.adjust.nobody'))
        : h(
            'p',
            { class: 'chosen-volunteer', 'data-volunteer': state.volunteer.id },
            t('office.adjust.chosen', { who: foundLine(state.volunteer) }),
            state.balance === undefined
              ? null
              : h(
                  'strong',
                  { id: 'adjust-balance' },
                  ` ${t('office.adjust.balance', { points: points(state.balance) })}`,
                ),
          ),
    );
    put(volunteerProblem, undefined, problemAt('volunteer'));
    put(pointsProblem, pointsField, problemAt('points'));
    put(reasonProblem, reasonField, problemAt('reason'));
    put(formProblem, undefined, problemAt('form'));
    submit.disabled = state.phase === 'sending';
    submit.textContent =
      state.phase === 'sending'
        ? t('office.adjust.sending')
        : state.phase === 'unknown'
          ? t('office.adjust.sendAgain')
          : t('office.adjust.submit');
  };

  const send = async (sending: AdjustState) => {
    const volunteer = sending.volunteer;
    if (volunteer === undefined) return;
    try {
      const answer = await call<{ balanceAfter: number }>(
        'POST',
        `/volunteers/${encodeURIComponent(volunteer.id)}/adjustments`,
        {
          body: sending.request,
          idempotencyKey: sending.key,
          onRetry: () => office.shell.notify('info', t('error.NETWORK_RETRYING')),
        },
      );
      dispatch({ type: 'answered', balanceAfter: answer.balanceAfter });
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'unanswered' });
        return;
      }
      const balance = error instanceof ApiError ? error.body.balance : undefined;
      const refusal = {
        code: error instanceof ApiError ? error.code : 'UNKNOWN',
        message: describeError(error),
        balance: typeof balance === 'number' ? balance : undefined,
      };
      dispatch({
        type: 'refused',
        problems: problemsOfRefusal(refusal, state),
        nextKey: newIdempotencyKey(),
      });
    }
  };

  function dispatch(event: AdjustEvent): void {
    const before = state;
    state = reduceAdjust(state, event);
    render();
    if (state.phase === 'sending' && before.phase !== 'sending') void send(state);
  }

  submit.addEventListener('click', () => dispatch({ type: 'submitted' }));
  render();
}

function donePanel(office: Office, body: HTMLElement, state: AdjustState): HTMLElement {
  const amount = state.request?.points ?? 0;
  return h(
    'div',
    { class: 'confirmation', id: 'adjust-done' },
    h('h3', { class: 'ok-title' }, t('office.adjust.done')),
    h(
      'p',
      null,
      t(state.direction === 'credit' ? 'office.adjust.credited' : 'office.adjust.debited', {
        who: state.volunteer === undefined ? '' : foundLine(state.volunteer),
        points: points(amount),
        balance: points(state.balanceAfter ?? 0),
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      state.volunteer === undefined
        ? null
        : h(
            'a',
            { class: 'button', href: `/passbook.html?volunteer=${encodeURIComponent(state.volunteer.id)}` },
            t('office.volunteers.passbook'),
          ),
      h(
        'button',
        {
          type: 'button',
          class: 'button primary',
          id: 'adjust-another',
          onclick: () => mountAdjust(office, body),
        },
        t('office.adjust.another'),
      ),
    ),
  );
}
