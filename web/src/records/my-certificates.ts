import type { Certificate, CertificateList } from '../../../shared/records/contract/certificates';
import { call, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { formValues, h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { fieldProblemsOf, showFieldProblems } from '../platform/field-problems';
import { formatNumber, formatWrittenDate, type MessageKey, t } from '../platform/i18n';
import { ApiError } from '../platform/problem';

/** A certificate's state in words: 等待办理, 已开具, 未开具（why）, 已作废（why）. */
export function certificateStatusText(certificate: Pick<Certificate, 'status' | 'reason'>): string {
  const words = t(`certificates.status.${certificate.status}` as MessageKey);
  return certificate.reason === undefined ? words : `${words}：${certificate.reason}`;
}

/**
 * 志愿服务证明 on the volunteer's page: theirs and their requests, and a short form to ask for one
 * (free; the office issues it). One Idempotency-Key per request, kept until it is answered.
 */
export function myCertificates(
  volunteerId: string,
  onError: (error: unknown) => void,
): { section: HTMLElement; load(): Promise<void> } {
  const list = h('ul', { class: 'certificate-list', id: 'certificate-list' });
  const today = chinaDate();
  const outcome = h('p', { class: 'hint', id: 'certificate-outcome', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'form-grid', id: 'certificate-form' },
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: 'certificate-from' }, t('certificates.from')),
      h('input', {
        id: 'certificate-from',
        name: 'from',
        type: 'date',
        value: `${today.slice(0, 4)}-01-01`,
        max: today,
        required: true,
      }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: 'certificate-to' }, t('certificates.to')),
      h('input', {
        id: 'certificate-to',
        name: 'to',
        type: 'date',
        value: today,
        max: today,
        required: true,
      }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { class: 'field-label', for: 'certificate-purpose' }, t('certificates.purpose')),
      h('input', {
        id: 'certificate-purpose',
        name: 'purpose',
        maxlength: 60,
        placeholder: t('certificates.purposeExample'),
      }),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button big primary' }, t('certificates.ask')),
    ),
    outcome,
  );
  let key = newIdempotencyKey();

  function paint(answer: CertificateList): void {
    if (answer.certificates.length === 0) {
      show(list, h('li', { class: 'hint' }, t('certificates.none')));
      return;
    }
    show(
      list,
      ...answer.certificates.map((certificate) =>
        h(
          'li',
          { 'data-certificate': certificate.certificateId, 'data-status': certificate.status },
          h(
            'strong',
            null,
            t('certificates.period', {
              from: formatWrittenDate(certificate.from),
              to: formatWrittenDate(certificate.to),
            }),
          ),
          h('span', { class: 'certificate-state' }, ` · ${certificateStatusText(certificate)}`),
          certificate.totalHours === undefined
            ? null
            : h(
                'span',
                null,
                ` · ${t('certificates.hours', { hours: formatNumber(certificate.totalHours) })}`,
              ),
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
        ),
      ),
    );
  }

  async function load(): Promise<void> {
    try {
      paint(
        await call<CertificateList>('GET', `/volunteers/${encodeURIComponent(volunteerId)}/certificates`),
      );
    } catch (error) {
      onError(error);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = formValues(form);
    const button = form.querySelector('button');
    if (button !== null) button.disabled = true;
    void (async () => {
      try {
        await call<Certificate>('POST', '/certificates', {
          body: {
            volunteerId,
            from: values.from,
            to: values.to,
            ...(values.purpose?.trim() ? { purpose: values.purpose.trim() } : {}),
          },
          idempotencyKey: key,
        });
        key = newIdempotencyKey();
        outcome.textContent = t('certificates.asked');
        await load();
      } catch (error) {
        // A lost answer keeps the key, so asking again is the same request.
        if (!outcomeUnknown(error)) key = newIdempotencyKey();
        const problems = error instanceof ApiError ? fieldProblemsOf(error.body) : [];
        if (problems.length > 0) showFieldProblems(form, problems);
        outcome.textContent = describeError(error);
      } finally {
        if (button !== null) button.disabled = false;
      }
    })();
  });

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
