import type { Certificate, CertificateList } from '../../../shared/records/contract/certificates';
import { ApiError, call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { fieldProblemsOf, messageIn } from '../platform/field-problems';
import { t } from '../platform/i18n';
import {
  type AskField,
  certificateStatusText,
  defaultPeriod,
  hoursText,
  initialMyCertificates,
  type MyCertificatesEvent,
  type MyCertificatesState,
  PURPOSE_MAX,
  periodText,
  problemsOfAskRefusal,
  reduceMyCertificates,
  sayText,
} from './certificates-state';

/**
 * 志愿服务证明 on the volunteer's page: theirs and their requests with their state in words, and a
 * short form to ask for one (free; the office issues it). State in certificates-state.ts; this is
 * its render and its effects (the list, and the one request out at a time with its kept key).
 */

/** A certificate refusal in a sentence: the API's own words (no approved service in the period, three
 * requests already waiting) when it says them in the reader's language, ours otherwise. */
export function certificateRefusal(error: unknown): string {
  if (
    isCode(error, 'CERTIFICATE_EMPTY', 'CERTIFICATE_STATE', 'CERTIFICATE_TOO_LONG') &&
    /\p{Script=Han}/u.test(error.detail)
  ) {
    const said = messageIn(error.detail);
    if (said !== undefined) return said;
  }
  return describeError(error);
}

const FIELD_IDS: Record<Exclude<AskField, 'form'>, string> = {
  from: 'certificate-from',
  to: 'certificate-to',
  purpose: 'certificate-purpose',
};

export function myCertificates(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  let state: MyCertificatesState = initialMyCertificates(volunteerId, newIdempotencyKey());
  const today = chinaDate();
  const period = defaultPeriod(today);
  const list = h('ul', { class: 'certificate-list', id: 'certificate-list' });
  const outcome = h('p', { class: 'hint', id: 'certificate-outcome', 'aria-live': 'polite' });
  const formProblem = h('p', { class: 'form-problem', id: 'certificate-form-problem', role: 'alert' });
  const inputs = {
    from: h('input', {
      id: FIELD_IDS.from,
      name: 'from',
      type: 'date',
      value: period.from,
      max: today,
      required: true,
    }),
    to: h('input', {
      id: FIELD_IDS.to,
      name: 'to',
      type: 'date',
      value: period.to,
      max: today,
      required: true,
    }),
    purpose: h('input', {
      id: FIELD_IDS.purpose,
      name: 'purpose',
      maxlength: PURPOSE_MAX,
      placeholder: t('certificates.purposeExample'),
    }),
  };
  const problemOf = {
    from: h('p', { class: 'field-error', id: `${FIELD_IDS.from}-problem`, hidden: true }),
    to: h('p', { class: 'field-error', id: `${FIELD_IDS.to}-problem`, hidden: true }),
    purpose: h('p', { class: 'field-error', id: `${FIELD_IDS.purpose}-problem`, hidden: true }),
  };
  const fieldBox = (
    name: Exclude<AskField, 'form'>,
    labelKey: 'certificates.from' | 'certificates.to' | 'certificates.purpose',
  ) =>
    h(
      'div',
      { class: 'field', 'data-field': name },
      h('label', { class: 'field-label', for: FIELD_IDS[name] }, t(labelKey)),
      inputs[name],
      problemOf[name],
    );
  const submit = h(
    'button',
    { type: 'submit', class: 'button big primary', id: 'certificate-send' },
    t('certificates.ask'),
  );
  const form = h(
    'form',
    { class: 'form-grid', id: 'certificate-form', novalidate: true },
    fieldBox('from', 'certificates.from'),
    fieldBox('to', 'certificates.to'),
    fieldBox('purpose', 'certificates.purpose'),
    formProblem,
    h('div', { class: 'actions' }, submit),
    outcome,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    dispatch({
      type: 'askSubmitted',
      values: { from: inputs.from.value, to: inputs.to.value, purpose: inputs.purpose.value },
      today: chinaDate(),
    });
  });

  const item = (certificate: Certificate): HTMLElement => {
    const hours = hoursText(certificate);
    return h(
      'li',
      {
        class: 'certificate-item',
        'data-certificate': certificate.certificateId,
        'data-status': certificate.status,
      },
      h('p', { class: 'certificate-period' }, h('strong', null, periodText(certificate))),
      h('p', { class: `certificate-state status-${certificate.status}` }, certificateStatusText(certificate)),
      hours === undefined && certificate.number === undefined
        ? null
        : h(
            'p',
            { class: 'hint' },
            [
              certificate.number === undefined ? '' : t('certificate.number', { number: certificate.number }),
              hours ?? '',
            ]
              .filter((part) => part !== '')
              .join(' · '),
          ),
      certificate.purpose === undefined
        ? null
        : h('p', { class: 'hint' }, t('certificate.purpose', { purpose: certificate.purpose })),
      certificate.number === undefined
        ? null
        : h(
            'a',
            {
              class: 'button',
              href: `/certificate.html?id=${encodeURIComponent(certificate.certificateId)}`,
            },
            t('certificates.open'),
          ),
    );
  };

  function render(): void {
    const listed = state.list;
    if (listed.status === 'loading') show(list, h('li', { class: 'loading' }, t('common.loading')));
    else if (listed.status === 'failed') show(list, h('li', { class: 'warning' }, sayText(listed.problem)));
    else if (listed.certificates.length === 0) show(list, h('li', { class: 'hint' }, t('certificates.none')));
    else show(list, ...listed.certificates.map(item));

    const ask = state.ask;
    for (const name of ['from', 'to', 'purpose'] as const) {
      const problem = ask.problems.find((one) => one.field === name);
      const input = inputs[name];
      const said = problemOf[name];
      input.disabled = ask.phase !== 'editing';
      input.closest('.field')?.classList.toggle('has-error', problem !== undefined);
      if (problem === undefined) {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
      } else {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', `${FIELD_IDS[name]}-problem`);
      }
      said.textContent = problem === undefined ? '' : sayText(problem.say);
      said.hidden = problem === undefined;
    }
    const general = ask.problems.find((one) => one.field === 'form');
    formProblem.textContent = general === undefined ? '' : sayText(general.say);
    formProblem.hidden = general === undefined;
    submit.disabled = ask.phase === 'sending';
    submit.textContent =
      ask.phase === 'sending'
        ? t('certificates.sending')
        : ask.phase === 'unknown'
          ? t('certificates.askAgain')
          : t('certificates.ask');
    outcome.textContent = state.asked === undefined ? '' : sayText(state.asked);
  }

  async function send(): Promise<void> {
    const { key, request } = state.ask;
    try {
      const certificate = await call<Certificate>('POST', '/certificates', {
        body: request,
        idempotencyKey: key,
      });
      dispatch({ type: 'asked', certificate, nextKey: newIdempotencyKey() });
    } catch (error) {
      if (outcomeUnknown(error)) {
        dispatch({ type: 'askUnanswered' });
        return;
      }
      if (isCode(error, 'UNAUTHENTICATED')) onError(error);
      dispatch({
        type: 'askRefused',
        problems: problemsOfAskRefusal({
          message: certificateRefusal(error),
          fields: error instanceof ApiError ? fieldProblemsOf(error.body) : [],
        }),
        nextKey: newIdempotencyKey(),
      });
    }
  }

  function dispatch(event: MyCertificatesEvent): void {
    const before = state;
    state = reduceMyCertificates(state, event);
    if (state === before) return;
    render();
    if (state.ask.phase === 'sending' && before.ask.phase !== 'sending') void send();
    if (event.type === 'askSubmitted' && state.ask.phase === 'editing') {
      const first = state.ask.problems.find((one) => one.field !== 'form');
      if (first !== undefined && first.field !== 'form') inputs[first.field].focus();
    }
  }

  async function load(): Promise<void> {
    try {
      const answer = await call<CertificateList>(
        'GET',
        `/volunteers/${encodeURIComponent(volunteerId)}/certificates`,
      );
      dispatch({ type: 'listArrived', certificates: answer.certificates });
    } catch (error) {
      onError(error);
      dispatch({ type: 'listFailed', problem: { text: describeError(error) } });
    }
  }

  render();
  return {
    section: h(
      'section',
      { class: 'card', id: 'certificates' },
      h('h2', null, t('certificates.title')),
      h('p', { class: 'hint' }, t('certificates.lead')),
      list,
      h('h3', null, t('certificates.askTitle')),
      form,
    ),
    load,
  };
}
