import type { VolunteerFound } from '../../../shared/people/contract/volunteers';
import type { Certificate, CertificateList } from '../../../shared/records/contract/certificates';
import { foundLine, volunteerPicker } from '../people/volunteer-picker';
import { call, isCode, newIdempotencyKey, outcomeUnknown } from '../platform/api';
import { chinaDate } from '../platform/clock';
import { h, show } from '../platform/dom';
import { t } from '../platform/i18n';
import { busy, field, moreButton, type Office, sectionFrame, showFailure } from '../platform/office';
import {
  askProblems,
  askRequest,
  defaultPeriod,
  keyForStep,
  PURPOSE_MAX,
  registerWords,
  type StepKeys,
  sayText,
  stepPurpose,
  stepSettled,
  stepsOffered,
} from './certificates-state';
import { certificateRefusal } from './my-certificates';

/**
 * 证明 (the office): the register of 志愿服务证明 — the requests waiting first — to issue (numbered
 * then), refuse with a reason, print or revoke with a reason; and a certificate issued at once for
 * a volunteer found by name or phone. Each step keeps its Idempotency-Key until it is answered
 * (certificates-state.ts), so pressing again after a lost answer is the same step.
 */
const STATUS_CHOICES = ['requested', 'issued', 'refused', 'revoked', ''] as const;
const REASON_MAX = 500;

export function renderCertificates(office: Office): HTMLElement {
  const { root, body } = sectionFrame('office.certificates.title', 'office.certificates.lead');
  let keys: StepKeys = {};
  /** Sends a step with the key kept for it; drops the key once answered. */
  const keyed = async <T>(purpose: string, run: (key: string) => Promise<T>): Promise<T> => {
    const made = keyForStep(keys, purpose, newIdempotencyKey());
    keys = made.keys;
    try {
      const answer = await run(made.key);
      keys = stepSettled(keys, purpose, true);
      return answer;
    } catch (error) {
      keys = stepSettled(keys, purpose, !outcomeUnknown(error));
      throw error;
    }
  };
  /** A refusal shown where it happened (the row, the form); field problems beside their fields. */
  const refused = (error: unknown, where: HTMLElement) => {
    if (isCode(error, 'VALIDATION_FAILED', 'UNAUTHENTICATED')) office.onError(error);
    where.textContent = certificateRefusal(error);
    where.hidden = false;
  };

  const status = h(
    'select',
    { id: 'certificates-status' },
    STATUS_CHOICES.map((value) =>
      h('option', { value }, value === '' ? t('office.certificates.all') : t(`certificates.status.${value}`)),
    ),
  );
  const list = h('ul', { class: 'certificate-register', id: 'certificates-list' });
  const reload = () => void load(undefined);

  async function load(cursor: string | undefined): Promise<void> {
    let answer: CertificateList;
    try {
      answer = await call<CertificateList>('GET', '/certificates', {
        query: { limit: 50, status: status.value || undefined, cursor },
      });
    } catch (error) {
      showFailure(list, error);
      return;
    }
    if (cursor === undefined) list.replaceChildren();
    if (cursor === undefined && answer.certificates.length === 0) {
      show(list, h('li', { class: 'hint' }, t('office.certificates.none')));
      return;
    }
    for (const certificate of answer.certificates) list.append(row(certificate));
    if (answer.nextCursor !== null) {
      const next = answer.nextCursor;
      list.append(
        h(
          'li',
          { class: 'more' },
          moreButton(() => void load(next)),
        ),
      );
    }
  }

  function row(certificate: Certificate): HTMLElement {
    const words = registerWords(certificate);
    const problem = h('p', { class: 'form-problem', role: 'alert', hidden: true });
    const step = (action: 'issue' | 'refuse' | 'revoke', reason?: string) =>
      keyed(stepPurpose(action, certificate.certificateId), (key) =>
        call<Certificate>('POST', `/certificates/${encodeURIComponent(certificate.certificateId)}/steps`, {
          body: reason === undefined ? { action } : { action, reason },
          idempotencyKey: key,
        }),
      );
    const withReason = (action: 'refuse' | 'revoke', label: string) => {
      const reason = h('input', {
        name: 'reason',
        maxlength: REASON_MAX,
        'aria-label': t('office.certificates.reason'),
        placeholder: t('office.certificates.reason'),
      });
      const form = h(
        'form',
        { class: 'inline-form compact', 'data-action': action, novalidate: true },
        reason,
        h('button', { type: 'submit', class: action === 'revoke' ? 'button danger' : 'button' }, label),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        problem.hidden = true;
        const said = reason.value.trim();
        if (said === '') {
          reason.setAttribute('aria-invalid', 'true');
          refusedLocally(problem, t('office.certificates.needReason'));
          reason.focus();
          return;
        }
        reason.removeAttribute('aria-invalid');
        void busy(form, async () => {
          try {
            await step(action, said);
            office.shell.notify(
              'ok',
              action === 'revoke' ? t('office.certificates.revoked') : t('office.certificates.refused'),
            );
            reload();
          } catch (error) {
            refused(error, problem);
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
      problem.hidden = true;
      void (async () => {
        try {
          const done = await step('issue');
          office.shell.notify('ok', t('office.certificates.issued', { number: done.number ?? '' }));
          reload();
        } catch (error) {
          refused(error, problem);
          issue.disabled = false;
        }
      })();
    });
    const offered = stepsOffered(certificate.status);
    return h(
      'li',
      {
        class: 'certificate-row',
        'data-certificate': certificate.certificateId,
        'data-status': certificate.status,
      },
      h(
        'p',
        null,
        h('strong', { class: 'mono' }, words.number),
        ` · ${words.name} · ${words.period}`,
        words.hours === undefined ? null : ` · ${words.hours}`,
      ),
      h('p', { class: `certificate-state status-${certificate.status}` }, words.status),
      certificate.purpose === undefined
        ? null
        : h('p', { class: 'hint' }, t('certificate.purpose', { purpose: certificate.purpose })),
      h(
        'div',
        { class: 'row-actions' },
        offered.includes('issue') ? issue : null,
        offered.includes('refuse') ? withReason('refuse', t('office.certificates.refuse')) : null,
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
        offered.includes('revoke') ? withReason('revoke', t('office.certificates.revoke')) : null,
      ),
      problem,
    );
  }

  status.addEventListener('change', reload);
  show(body, field(t('office.certificates.show'), status), list, issueForm(office, keyed, refused, reload));
  reload();
  return root;
}

function refusedLocally(where: HTMLElement, sentence: string): void {
  where.textContent = sentence;
  where.hidden = false;
}

/** 直接为志愿者开具: the office issues a certificate at once, for a volunteer it finds by name or phone. */
function issueForm(
  office: Office,
  keyed: <T>(purpose: string, run: (key: string) => Promise<T>) => Promise<T>,
  refused: (error: unknown, where: HTMLElement) => void,
  reload: () => void,
): HTMLElement {
  let chosen: VolunteerFound | undefined;
  const who = h('p', { class: 'hint', id: 'certificate-for' }, t('office.certificates.pickFirst'));
  const problem = h('p', {
    class: 'form-problem',
    id: 'certificate-issue-problem',
    role: 'alert',
    hidden: true,
  });
  const today = chinaDate();
  const period = defaultPeriod(today);
  const from = h('input', { name: 'from', type: 'date', value: period.from, max: today, required: true });
  const to = h('input', { name: 'to', type: 'date', value: period.to, max: today, required: true });
  const purpose = h('input', { name: 'purpose', maxlength: PURPOSE_MAX });
  const form = h(
    'form',
    { class: 'form-grid', id: 'certificate-issue-form', novalidate: true },
    who,
    field(t('certificates.from'), from),
    field(t('certificates.to'), to),
    field(t('certificates.purpose'), purpose),
    problem,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'button primary' }, t('office.certificates.issueNow')),
    ),
  );
  const picker = volunteerPicker({
    id: 'certificate-search',
    pickKey: 'office.search.choose',
    picked: () => new Set(chosen === undefined ? [] : [chosen.id]),
    onPick: (volunteer) => {
      chosen = volunteer;
      problem.hidden = true;
      who.textContent = t('office.certificates.for', { who: foundLine(volunteer) });
    },
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    problem.hidden = true;
    if (chosen === undefined) {
      refusedLocally(problem, t('office.certificates.pickFirst'));
      return;
    }
    const values = { from: from.value, to: to.value, purpose: purpose.value };
    const found = askProblems(values, chinaDate());
    if (found.length > 0) {
      refusedLocally(problem, found.map((one) => sayText(one.say)).join(' '));
      return;
    }
    const request = askRequest(chosen.id, values);
    void busy(form, async () => {
      try {
        // One key per request as written: a changed form is another certificate.
        const made = await keyed(`now:${JSON.stringify(request)}`, (key) =>
          call<Certificate>('POST', '/certificates', { body: request, idempotencyKey: key }),
        );
        office.shell.notify('ok', t('office.certificates.issued', { number: made.number ?? '' }));
        reload();
      } catch (error) {
        refused(error, problem);
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
