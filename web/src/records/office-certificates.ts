import type { VolunteerFound } from '../../../shared/people/contract/volunteers';
import type { Certificate, CertificateList } from '../../../shared/records/contract/certificates';
import { foundLine, volunteerPicker } from '../people/volunteer-picker';
import { call, newIdempotencyKey } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { formValues, h, show } from '../platform/dom';
import { formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { busy, field, type Office, sectionFrame, showFailure } from '../platform/office';
import { certificateStatusText } from './my-certificates';

/**
 * 证明 (the office): the register of 志愿服务证明 — the requests waiting first — to issue (numbered
 * then), refuse with a reason, print or revoke with a reason; and a certificate issued at once for
 * a volunteer found by name or phone.
 */
export function renderCertificates(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.certificates.title', 'office.certificates.lead');
  const status = h(
    'select',
    { id: 'certificates-status' },
    (['requested', 'issued', 'refused', 'revoked', ''] as const).map((value) =>
      h('option', { value }, value === '' ? t('office.certificates.all') : t(`certificates.status.${value}`)),
    ),
  );
  const list = h('div', { id: 'certificates-list' });
  status.addEventListener('change', () => void load(office, list, status.value));
  show(
    body,
    field(t('office.certificates.show'), status),
    list,
    issueForm(office, () => void load(office, list, status.value)),
  );
  void load(office, list, status.value);
  return root;
}

async function load(office: Office, list: HTMLElement, status: string): Promise<void> {
  let answer: CertificateList;
  try {
    answer = await call<CertificateList>('GET', '/certificates', {
      query: { limit: 100, status: status || undefined },
    });
  } catch (error) {
    showFailure(list, error);
    return;
  }
  if (answer.certificates.length === 0) {
    show(list, h('p', { class: 'hint' }, t('office.certificates.none')));
    return;
  }
  show(
    list,
    h(
      'ul',
      { class: 'certificate-register' },
      answer.certificates.map((certificate) =>
        row(office, certificate, () => void load(office, list, status)),
      ),
    ),
  );
}

function row(office: Office, certificate: Certificate, reload: () => void): HTMLElement {
  const step = (action: 'issue' | 'refuse' | 'revoke', reason?: string) =>
    call<Certificate>('POST', `/certificates/${encodeURIComponent(certificate.certificateId)}/steps`, {
      body: reason === undefined ? { action } : { action, reason },
      idempotencyKey: newIdempotencyKey(),
    });
  const withReason = (action: 'refuse' | 'revoke', label: string) => {
    const form = h(
      'form',
      { class: 'inline-form compact', 'data-action': action },
      h('input', {
        name: 'reason',
        required: true,
        maxlength: 200,
        'aria-label': t('office.certificates.reason'),
        placeholder: t('office.certificates.reason'),
      }),
      h('button', { type: 'submit', class: action === 'revoke' ? 'button danger' : 'button' }, label),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void busy(form, async () => {
        try {
          await step(action, formValues(form).reason);
          office.shell.notify('ok', t('common.saved'));
          reload();
        } catch (error) {
          office.onError(error);
        }
      });
    });
    return form;
  };
  const issue = h(
    'button',
    { type: 'button', class: 'button primary', 'data-action': 'issue' },
    t('office.certificates.issue'),
  );
  issue.addEventListener('click', () => {
    issue.disabled = true;
    void (async () => {
      try {
        const done = await step('issue');
        office.shell.notify('ok', t('office.certificates.issued', { number: done.number ?? '' }));
        reload();
      } catch (error) {
        office.onError(error);
        issue.disabled = false;
      }
    })();
  });
  return h(
    'li',
    { 'data-certificate': certificate.certificateId, 'data-status': certificate.status },
    h('strong', null, certificate.number ?? t('office.certificates.notNumbered')),
    ` · ${certificate.name} · ${t('certificates.period', { from: formatWrittenDate(certificate.from), to: formatWrittenDate(certificate.to) })}`,
    certificate.totalHours === undefined
      ? null
      : ` · ${t('certificates.hours', { hours: formatNumber(certificate.totalHours) })}`,
    h('span', { class: 'certificate-state' }, ` · ${certificateStatusText(certificate)}`),
    h(
      'div',
      { class: 'row-actions' },
      certificate.status === 'requested'
        ? [issue, withReason('refuse', t('office.certificates.refuse'))]
        : null,
      certificate.number === undefined
        ? null
        : h(
            'a',
            {
              class: 'button',
              href: `/certificate.html?id=${encodeURIComponent(certificate.certificateId)}`,
            },
            t('office.certificates.print'),
          ),
      certificate.status === 'issued' ? withReason('revoke', t('office.certificates.revoke')) : null,
    ),
  );
}

/** 为志愿者开具: the office issues a certificate at once, for a volunteer it finds by name or phone. */
function issueForm(office: Office, reload: () => void): HTMLElement {
  let chosen: VolunteerFound | undefined;
  const who = h('p', { class: 'hint', id: 'certificate-for' }, t('office.certificates.pickFirst'));
  const today = chinaDate();
  const form = h(
    'form',
    { class: 'form-grid', id: 'certificate-issue-form' },
    who,
    field(
      t('certificates.from'),
      h('input', {
        name: 'from',
        type: 'date',
        value: `${today.slice(0, 4)}-01-01`,
        max: today,
        required: true,
      }),
    ),
    field(
      t('certificates.to'),
      h('input', { name: 'to', type: 'date', value: today, max: today, required: true }),
    ),
    field(t('certificates.purpose'), h('input', { name: 'purpose', maxlength: 60 })),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.certificates.issueNow')),
    ),
  );
  const picker = volunteerPicker({
    id: 'certificate-search',
    pickKey: 'office.search.add',
    onPick: (volunteer) => {
      chosen = volunteer;
      who.textContent = t('office.certificates.for', { who: foundLine(volunteer) });
    },
  });
  let key = newIdempotencyKey();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (chosen === undefined) {
      office.shell.notify('error', t('office.certificates.pickFirst'));
      return;
    }
    const volunteer = chosen;
    void busy(form, async () => {
      const values = formValues(form);
      try {
        const made = await call<Certificate>('POST', '/certificates', {
          body: {
            volunteerId: volunteer.id,
            from: values.from,
            to: values.to,
            ...(values.purpose?.trim() ? { purpose: values.purpose.trim() } : {}),
          },
          idempotencyKey: key,
        });
        key = newIdempotencyKey();
        office.shell.notify('ok', t('office.certificates.issued', { number: made.number ?? '' }));
        reload();
      } catch (error) {
        office.onError(error);
      }
    });
  });
  return h(
    'div',
    { class: 'issue-now' },
    h('h3', null, t('office.certificates.issueTitle')),
    picker.root,
    form,
  );
}
