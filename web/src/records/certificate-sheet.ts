import type { Certificate } from '../../../shared/records/contract/certificates';
import { h } from '../platform/dom';
import { formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { qrSvg } from '../platform/qr';
import { certificateSentence } from './certificates-state';

/**
 * 志愿服务证明 on A4, in Chinese (民政部令第67号 asks a certificate to state the time, the content and
 * the issuing organisation): the number, the person (the ID number masked), the period and the total
 * hours, one line per day of service, the issuer and date, the purpose, and a QR code to the public
 * check. A revoked one carries a large 已作废 and why. On a phone the table's lines become blocks,
 * each cell named by its column (data-label), so nothing is squeezed to one character a line.
 */
export function certificateSheet(certificate: Certificate, origin: string, foot: HTMLElement): HTMLElement {
  const verifyUrl = certificate.verifyPath === undefined ? undefined : `${origin}${certificate.verifyPath}`;
  const revoked = certificate.status === 'revoked';
  const cell = (labelKey: Parameters<typeof t>[0], text: string, extra: Record<string, string> = {}) =>
    h('td', { 'data-label': t(labelKey), ...extra }, text);
  return h(
    'article',
    {
      class: `certificate-sheet${revoked ? ' revoked' : ''}`,
      id: 'certificate',
      'data-status': certificate.status,
    },
    revoked
      ? h(
          'div',
          { class: 'revoked-mark', id: 'certificate-revoked', role: 'note' },
          h('p', { class: 'revoked-word' }, t('certificate.revokedTitle')),
          h(
            'p',
            { class: 'revoked-reason', id: 'certificate-revoked-reason' },
            t('certificate.revokedReason', {
              reason: certificate.reason ?? '',
              at: certificate.decidedAt === undefined ? '' : formatWrittenDate(certificate.decidedAt),
            }),
          ),
        )
      : null,
    h('h2', { class: 'certificate-title' }, t('certificate.title')),
    h(
      'p',
      { class: 'certificate-number mono', id: 'certificate-number' },
      t('certificate.number', { number: certificate.number ?? '' }),
    ),
    h('p', { class: 'certificate-body', id: 'certificate-body' }, certificateSentence(certificate)),
    certificate.purpose === undefined
      ? null
      : h(
          'p',
          { class: 'certificate-purpose', id: 'certificate-purpose' },
          t('certificate.purpose', { purpose: certificate.purpose }),
        ),
    h(
      'table',
      { class: 'sheet-table certificate-lines' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, t('certificate.date')),
          h('th', { scope: 'col' }, t('certificate.content')),
          h('th', { scope: 'col' }, t('certificate.place')),
          h('th', { scope: 'col' }, t('certificate.organiser')),
          h('th', { scope: 'col', class: 'num' }, t('certificate.hours')),
        ),
      ),
      h(
        'tbody',
        null,
        (certificate.lines ?? []).map((line) =>
          h(
            'tr',
            null,
            cell('certificate.date', formatWrittenDate(line.date), { class: 'sheet-date' }),
            cell('certificate.content', line.content),
            cell('certificate.place', line.place ?? '—'),
            cell('certificate.organiser', line.organiser),
            cell('certificate.hours', formatNumber(line.hours), { class: 'num' }),
          ),
        ),
      ),
      h(
        'tfoot',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'row', colspan: 4 }, t('certificate.totalHours')),
          h(
            'td',
            { class: 'num', id: 'certificate-total', 'data-label': t('certificate.totalHours') },
            formatNumber(certificate.totalHours ?? 0),
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'certificate-foot' },
      h(
        'dl',
        { class: 'sheet-facts' },
        h('dt', null, t('certificate.issuer')),
        h('dd', { id: 'certificate-issuer' }, certificate.issuer ?? ''),
        h('dt', null, t('certificate.issuedAt')),
        h(
          'dd',
          { id: 'certificate-issued-at' },
          certificate.issuedAt === undefined ? '' : formatWrittenDate(certificate.issuedAt),
        ),
      ),
      verifyUrl === undefined
        ? null
        : h(
            'figure',
            { class: 'certificate-qr', id: 'certificate-qr', 'data-verify-url': verifyUrl },
            qrSvg(verifyUrl, t('certificate.scan')),
            h('figcaption', null, t('certificate.scan')),
          ),
    ),
    foot,
  );
}
