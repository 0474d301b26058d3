/**
 * 志愿服务证明: the certificate's life as a table (D1). A volunteer's request waits for the office
 * (requested); the office issues it (issued, numbered then) or refuses it with a reason (refused);
 * an issued certificate can only be revoked with a reason (revoked). Nothing is edited: a wrong
 * certificate is revoked and a new one issued. docs/records.md draws the diagram.
 *
 *   requested ──issue──▶ issued ──revoke──▶ revoked
 *       │
 *       └──refuse──▶ refused
 *
 * The office may also issue at once (a certificate is born issued).
 */
export const CERTIFICATE_STATUSES = ['requested', 'issued', 'refused', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const CERTIFICATE_ACTIONS = ['issue', 'refuse', 'revoke'] as const;
export type CertificateAction = (typeof CERTIFICATE_ACTIONS)[number];

/** Each action: the one status it starts from, and the status it leads to. */
export const CERTIFICATE_FLOW: Readonly<
  Record<CertificateAction, { from: CertificateStatus; to: CertificateStatus }>
> = {
  issue: { from: 'requested', to: 'issued' },
  refuse: { from: 'requested', to: 'refused' },
  revoke: { from: 'issued', to: 'revoked' },
};

/** The rule the store's condition enforces (`status = :from`): one test drives both. */
export const canCertificate = (status: CertificateStatus, action: CertificateAction): boolean =>
  CERTIFICATE_FLOW[action].from === status;

/** A certificate lists at most this many days of service; a longer period is split in two. */
export const CERTIFICATE_LINES_MAX = 366;
/** A certificate covers at most this many days (ten years), so one read stays bounded. */
export const CERTIFICATE_PERIOD_DAYS_MAX = 3660;
/** Certificates one register page shows at most. */
export const CERTIFICATES_PAGE_MAX = 100;
/** A volunteer's open requests at once (asked and not yet answered). */
export const OPEN_REQUESTS_MAX = 3;

/** The county's prefix on every number: 2 to 6 capital letters (GL for 皋兰). */
export const CERTIFICATE_PREFIX_PATTERN = /^[A-Z]{2,6}$/;

/**
 * A certificate's number: the county's prefix, the year of issue (China time) and a sequence that
 * starts at 1 each year and has no gaps: GL-2026-000127. Six digits hold a county's year.
 */
export function certificateNumber(prefix: string, year: number, sequence: number): string {
  if (!CERTIFICATE_PREFIX_PATTERN.test(prefix)) throw new Error(`Bad certificate prefix ${prefix}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999_999) throw new Error('Bad sequence');
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

export const CERTIFICATE_NUMBER_PATTERN = /^[A-Z]{2,6}-\d{4}-\d{6}$/;

/** Whole days from `from` to `to`, both counted. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Hours as the product counts them: quarter hours, summed without floating-point drift. */
export function sumHours(hours: readonly number[]): number {
  return hours.reduce((quarters, value) => quarters + Math.round(value * 4), 0) / 4;
}
