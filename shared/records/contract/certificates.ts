import * as z from 'zod/mini';
import { Id } from '../../platform/contract/common';
import '../../platform/contract/locale';
import { CalendarDate, HumanText, QueryInt, Reason } from '../../platform/contract/text';
import { CERTIFICATE_STATUSES, CERTIFICATES_PAGE_MAX } from '../rules/certificate';

/**
 * 志愿服务证明 over HTTP (民政部令第67号《志愿服务记录与证明出具办法（试行）》): a volunteer asks
 * for one, or the office issues one, for a period; free; numbered at issuance without gaps; checked
 * by anyone through the signed link its QR code carries; revoked with a reason, never edited.
 */

/** What the certificate is for (升学, 就业, 评优…), printed on it; optional. */
const Purpose = HumanText({ max: 60, label: '用途', field: 'purpose' });

export const CertificateRequest = z
  .strictObject({
    volunteerId: Id,
    /** The service days it covers, inclusive, by the day the service was done (China time). */
    from: CalendarDate,
    to: CalendarDate,
    purpose: z.optional(Purpose),
  })
  .check(
    z.refine((request) => request.from <= request.to, {
      error: '开始日期应不晚于结束日期 (from must not be after to)',
      path: ['to'],
    }),
  )
  .register(z.globalRegistry, { id: 'CertificateRequest' });
export type CertificateRequest = z.infer<typeof CertificateRequest>;

export const CertificatePath = z.strictObject({ certificateId: Id });

export const CertificateStepRequest = z
  .discriminatedUnion('action', [
    z.strictObject({ action: z.literal('issue') }),
    z.strictObject({ action: z.literal('refuse'), reason: Reason }),
    z.strictObject({ action: z.literal('revoke'), reason: Reason }),
  ])
  .register(z.globalRegistry, { id: 'CertificateStepRequest' });
export type CertificateStepRequest = z.infer<typeof CertificateStepRequest>;

/** One line of a certificate: a day's service, as it stood when the certificate was issued. */
const CertificateLine = z.object({
  date: z.string(),
  content: z.string(),
  place: z.optional(z.string()),
  organiser: z.string(),
  hours: z.number(),
});

export const Certificate = z
  .object({
    certificateId: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    volunteerId: z.string(),
    /** The volunteer's name: whole on their own certificate and for the office, masked otherwise. */
    name: z.string(),
    from: z.string(),
    to: z.string(),
    purpose: z.optional(z.string()),
    requestedAt: z.string(),
    /** Set at issuance: the number (county prefix, year, sequence), the issuer, the facts. */
    number: z.optional(z.string()),
    issuedAt: z.optional(z.string()),
    issuer: z.optional(z.string()),
    totalHours: z.optional(z.number()),
    lines: z.optional(z.array(CertificateLine)),
    /** The ID document, masked (520***********1234), when the volunteer has one on file. */
    idNumberMasked: z.optional(z.string()),
    /** The path of the public check its QR code points to (`/verify.html?…`), once issued. */
    verifyPath: z.optional(z.string()),
    /** Why it was refused or revoked, and when. */
    reason: z.optional(z.string()),
    decidedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'Certificate' });
export type Certificate = z.infer<typeof Certificate>;

export const CertificateListQuery = z.strictObject({
  status: z.optional(z.enum(CERTIFICATE_STATUSES)),
  limit: QueryInt({ min: 1, max: CERTIFICATES_PAGE_MAX, fallback: 50 }),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(512))),
});
export type CertificateListQuery = z.infer<typeof CertificateListQuery>;

/** The register (登记簿): newest first; lines are left out (open one to see them). */
export const CertificateList = z
  .object({ certificates: z.array(Certificate), nextCursor: z.nullable(z.string()) })
  .register(z.globalRegistry, { id: 'CertificateList' });
export type CertificateList = z.infer<typeof CertificateList>;

export const VerificationQuery = z.strictObject({
  code: z.string().check(z.minLength(1), z.maxLength(200)),
});

/** What anyone holding the certificate's link may see: its core facts, and whether it stands. */
export const CertificateVerification = z
  .object({
    status: z.enum(['valid', 'revoked']),
    number: z.string(),
    /** Masked: the holder of the paper knows the name; the page must not reveal it to others. */
    name: z.string(),
    issuer: z.string(),
    issuedAt: z.string(),
    from: z.string(),
    to: z.string(),
    totalHours: z.number(),
    reason: z.optional(z.string()),
    revokedAt: z.optional(z.string()),
  })
  .register(z.globalRegistry, { id: 'CertificateVerification' });
export type CertificateVerification = z.infer<typeof CertificateVerification>;
