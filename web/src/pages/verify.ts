import type { CertificateVerification } from '../../../shared/records/contract/certificates';
import { callOpen } from '../platform/api';
import { loadConfig } from '../platform/config';
import { h, show } from '../platform/dom';
import { describeError } from '../platform/errors';
import { formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { ApiError } from '../platform/problem';
import { mountShell } from '../platform/shell';
import { periodText } from '../records/certificates-state';

/**
 * 证明核验: what the QR code on a 志愿服务证明 opens, for anyone (a school, an employer), with no
 * account: whether it is valid or revoked, and its core facts, the name masked. A link that was not
 * made by the issuer finds nothing.
 */
async function main(): Promise<void> {
  const shell = mountShell('verify.title', undefined);
  document.body.classList.add('large-type');
  const query = new URLSearchParams(location.search);
  const id = query.get('id') ?? '';
  const code = query.get('code') ?? '';
  show(shell.main, h('p', { class: 'loading' }, t('common.loading')));
  const config = await loadConfig();
  try {
    if (id === '' || code === '') throw new ApiError(404, 'NOT_FOUND', '', {});
    const found = await callOpen<CertificateVerification>(
      config.apiBase,
      'GET',
      `/certificates/${encodeURIComponent(id)}/verification`,
      { query: { code } },
    );
    const valid = found.status === 'valid';
    show(
      shell.main,
      h(
        'article',
        {
          class: `verify-result ${valid ? 'valid' : 'revoked'}`,
          id: 'verify-result',
          'data-status': found.status,
        },
        h(
          'h2',
          { class: 'verify-status', id: 'verify-status' },
          valid ? t('verify.valid') : t('verify.revoked'),
        ),
        valid
          ? null
          : h(
              'p',
              { id: 'verify-reason' },
              t('verify.revokedBecause', {
                reason: found.reason ?? '',
                at: found.revokedAt === undefined ? '' : formatWrittenDate(found.revokedAt),
              }),
            ),
        h(
          'dl',
          { class: 'sheet-facts' },
          h('dt', null, t('certificate.numberLabel')),
          h('dd', { class: 'mono', id: 'verify-number' }, found.number),
          h('dt', null, t('verify.name')),
          h('dd', null, found.name),
          h('dt', null, t('certificate.period')),
          h('dd', { id: 'verify-period' }, periodText(found)),
          h('dt', null, t('certificate.totalHours')),
          h('dd', null, t('verify.hours', { hours: formatNumber(found.totalHours) })),
          h('dt', null, t('certificate.issuer')),
          h('dd', null, found.issuer),
          h('dt', null, t('certificate.issuedAt')),
          h('dd', null, formatWrittenDate(found.issuedAt)),
        ),
      ),
    );
  } catch (error) {
    const missing = error instanceof ApiError && error.status === 404;
    show(
      shell.main,
      h(
        'article',
        { class: 'verify-result unknown', id: 'verify-result', 'data-status': 'unknown' },
        h(
          'h2',
          { class: 'verify-status', id: 'verify-status' },
          missing ? t('verify.notFound') : describeError(error),
        ),
      ),
    );
  }
  document.body.dataset.ready = 'true';
}

void main();
