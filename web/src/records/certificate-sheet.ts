import type { Certificate } from '../../../shared/records/contract/certificates';
import { h } from '../platform/dom';
import { formatNumber, formatWrittenDate, t } from '../platform/i18n';
import { qrSvg } from '../platform/qr';

/**
 * 志愿服务证明 on A4, in Chinese (民政部令第67号 asks a certificate to state the time, the content and
 * the issuing organisation): the number, the person (the ID number masked), the period and the total
 * hours, one line per record, the issuer and date, and a QR code to the public check.
 */
export function certificateSheet(certificate: Certificate, origin: string, foot: HTMLElement): HTMLElement {
  const verifyUrl = certificate.verifyPath === undefined ? undefined : `${origin}${certificate.verifyPath}`;
  const revoked = certificate.status === 'revoked';
  return h(
    'article',
    {
      class: `certificate-sheet${revoked ? ' revoked' : ''}`,
      id: 'certificate',
      'data-status': certificate.status,
    },
    revoked
      ? h(
          'p',
          { class: 'revoked-mark', id: 'certificate-revoked' },
          t('certificate.revokedMark', { reason: certificate.reason ?? '' }),
        )
      : null,
    h('h2', { class: 'certificate-title' }, t('certificate.title')),
    h(
      'p',
      { class: 'certificate-number mono', id: 'certificate-number' },
      t('certificate.number', { number: certificate.number ?? '' }),
    ),
    h(
      'p',
      { class: 'certificate-body', id: 'certificate-body' },
      t('certificate.body', {
        name: certificate.name,
        id:
          certificate.idNumberMasked === undefined
            ? ''
            : t('certificate.idPart', { id: certificate.idNumberMasked }),
        from: formatWrittenDate(certificate.from),
        to: formatWrittenDate(certificate.to),
        hours: formatNumber(certificate.totalHours ?? 0),
      }),
    ),
    certificate.purpose === undefined
      ? null
      : h('p', null, t('certificate.purpose', { purpose: certificate.purpose })),
    h(
      'table',
      { class: 'sheet-table certificate-lines' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', null, t('certificate.date')),
          h('th', null, t('certificate.content')),
          h('th', null, t('certificate.place')),
          h('th', null, t('certificate.organiser')),
          h('th', { class: 'num' }, t('certificate.hours')),
        ),
      ),
      h(
        'tbody',
        null,
        (certificate.lines ?? []).map((line) =>
          h(
            'tr',
            null,
            h('td', { class: 'sheet-date' }, formatWrittenDate(line.date)),
            h('td', null, line.content),
            h('td', null, line.place ?? ''),
            h('td', null, line.organiser),
            h('td', { class: 'num' }, formatNumber(line.hours)),
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
        h('dd', null, certificate.issuedAt === undefined ? '' : formatWrittenDate(certificate.issuedAt)),
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
