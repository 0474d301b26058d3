import type { Certificate } from '../../../shared/records/contract/certificates';
import { call } from '../platform/api';
import { countyFoot } from '../platform/county';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { t } from '../platform/i18n';
import { mountShell, requireRole } from '../platform/shell';
import { certificateSheet } from '../records/certificate-sheet';
import { notPrintable, sayText } from '../records/certificates-state';

/**
 * 志愿服务证明, to print on A4: the volunteer prints their own, the office anyone's it may see
 * (`?id=`). A revoked one prints with a large 已作废 and why; a request not yet issued, or refused,
 * says so instead of a paper.
 */
async function main(): Promise<void> {
  const session = await requireRole(['volunteer', 'admin', 'coordinator'], 'certificate.title');
  if (session === undefined) return;
  const shell = mountShell('certificate.title', session);
  document.body.classList.add('large-type', 'printable');
  const id = new URLSearchParams(location.search).get('id') ?? '';
  const back = h(
    'a',
    {
      class: 'button big',
      href: session.claims.volunteerId === undefined ? '/office.html#certificates' : '/volunteer.html',
    },
    t('passbook.back'),
  );
  if (id === '') {
    show(shell.main, h('p', { class: 'lead' }, t('certificate.none')), back);
    document.body.dataset.ready = 'true';
    return;
  }
  show(shell.main, h('p', { class: 'loading' }, t('common.loading')));
  try {
    const certificate = await call<Certificate>('GET', `/certificates/${encodeURIComponent(id)}`);
    const none = notPrintable(certificate);
    if (none !== undefined) {
      show(shell.main, h('p', { class: 'lead', id: 'certificate-none' }, sayText(none)), back);
    } else {
      show(
        shell.main,
        certificateSheet(certificate, location.origin, countyFoot(session)),
        h(
          'div',
          { class: 'no-print actions' },
          h(
            'button',
            { type: 'button', class: 'button primary big', onclick: () => window.print() },
            t('certificate.print'),
          ),
          back,
        ),
      );
    }
  } catch (error) {
    show(shell.main, h('p', { class: 'lead' }, describeError(error)), back);
  }
  document.body.dataset.ready = 'true';
}

void main();
