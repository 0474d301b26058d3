import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { assertMayAskAbout, coordinatorCovers } from '../../people/use-cases/volunteer-access';
import { chinaDate } from '../../platform/china-time';
import { AppError } from '../../platform/errors';
import { maskName } from '../../platform/masking';
import { hasRole, type Principal } from '../../platform/principal';
import { signToken, verifyToken } from '../../platform/signed-token';
import type {
  Certificate,
  CertificateList,
  CertificateListQuery,
  CertificateRequest,
  CertificateStepRequest,
  CertificateVerification,
} from '../contract/certificates';
import type { CertificateState, IssuedFacts, RecordsDeps, ServiceLine } from '../port';
import {
  CERTIFICATE_LINES_MAX,
  CERTIFICATE_PERIOD_DAYS_MAX,
  canCertificate,
  OPEN_REQUESTS_MAX,
  periodDays,
  sumHours,
} from '../rules/certificate';

type Idempotency = { key: string; fingerprint: string };

/** Token purpose of a certificate's check link: it can never pass as a cursor or a code. */
const VERIFY_PURPOSE = 'certificate';
/** 128 bits of the HMAC: 22 characters in the link, beyond guessing. */
const VERIFY_CODE_BYTES = 16;
const CURSOR_PURPOSE = 'certificate-register';

const validation = (path: string, message: string, detail: string) =>
  new AppError('VALIDATION_FAILED', detail, { fields: [{ path, message }] });

const isOffice = (principal: Principal) => hasRole(principal, 'admin') || hasRole(principal, 'coordinator');

/** A certificate's id, from who asked and their Idempotency-Key: the same request makes it once. */
const certificateIdFor = (userId: string, key: string): string =>
  `c${createHash('sha256').update(`certificate\n${userId}\n${key}`).digest('base64url').slice(0, 15)}`;

/**
 * The signed part of a certificate's check link: an HMAC of its id under the county's signing key,
 * made when it is issued and kept on it. The public check compares the link's code with the kept
 * one, so the public function never holds the key, and a made-up or altered link finds nothing.
 */
async function verifyCodeFor(deps: RecordsDeps, certificateId: string): Promise<string> {
  const keys = await deps.signing();
  const secret = keys.secrets.get(keys.currentId);
  if (secret === undefined) throw new Error('No current signing key');
  return createHmac('sha256', secret)
    .update(`${VERIFY_PURPOSE}\n${certificateId}`)
    .digest()
    .subarray(0, VERIFY_CODE_BYTES)
    .toString('base64url');
}

const sameCode = (given: string, kept: string): boolean => {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(kept, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
};

function view(certificate: CertificateState, withLines = true): Certificate {
  const issued = certificate.number !== undefined;
  return {
    certificateId: certificate.certificateId,
    status: certificate.status,
    volunteerId: certificate.volunteerId,
    name: certificate.name,
    from: certificate.from,
    to: certificate.to,
    ...(certificate.purpose === undefined ? {} : { purpose: certificate.purpose }),
    requestedAt: certificate.requestedAt,
    ...(issued
      ? {
          number: certificate.number,
          issuedAt: certificate.issuedAt,
          issuer: certificate.issuer,
          totalHours: certificate.totalHours,
          ...(withLines ? { lines: certificate.lines ?? [] } : {}),
          ...(certificate.idNumberMasked === undefined ? {} : { idNumberMasked: certificate.idNumberMasked }),
          verifyPath: `/verify.html?id=${encodeURIComponent(certificate.certificateId)}&code=${encodeURIComponent(
            certificate.verifyCode ?? '',
          )}`,
        }
      : {}),
    ...(certificate.reason === undefined ? {} : { reason: certificate.reason }),
    ...(certificate.decidedAt === undefined ? {} : { decidedAt: certificate.decidedAt }),
  } as Certificate;
}

/** Who may see or act on one volunteer's certificates: the office over them, or the volunteer. */
async function assertMaySee(deps: RecordsDeps, principal: Principal, volunteerId: string, orgId: string) {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'volunteer') && principal.volunteerId === volunteerId) return;
  if (coordinatorCovers(principal, await deps.sources.orgTree(), orgId)) return;
  if (hasRole(principal, 'volunteer') && !isOffice(principal))
    throw new AppError('FORBIDDEN', '只能查看自己的证明 (you may see only your own certificates)');
  throw new AppError('NOT_FOUND', 'No such certificate');
}

/** The issuing organisation: the staff member's own, else the county (the tree's root). */
async function issuerOf(deps: RecordsDeps, principal: Principal): Promise<string> {
  const tree = await deps.sources.orgTree();
  const own = principal.orgId === undefined ? undefined : tree.get(principal.orgId);
  const root = tree.all().find((org) => org.parentId === undefined);
  return own?.name ?? root?.name ?? '志愿服务组织';
}

/** The approved service a certificate would list: none, or more than one certificate holds, is refused. */
async function certifiableLines(
  deps: RecordsDeps,
  certificate: Pick<CertificateState, 'volunteerId' | 'from' | 'to'>,
): Promise<ServiceLine[]> {
  const lines = await deps.sources.serviceLines(
    certificate.volunteerId,
    certificate.from,
    certificate.to,
    CERTIFICATE_LINES_MAX,
  );
  if (lines === 'too-many')
    throw new AppError(
      'CERTIFICATE_TOO_LONG',
      `这段时间的服务超过 ${CERTIFICATE_LINES_MAX} 天，请分成较短的时间段开具 (more than ${CERTIFICATE_LINES_MAX} days of service; split the period)`,
    );
  if (lines.length === 0)
    throw new AppError(
      'CERTIFICATE_EMPTY',
      '这段时间还没有审核通过的服务记录，请换一个时间段 (no approved service in this period)',
    );
  return lines;
}

/** The facts issuance fixes: every approved day of service in the period, and their total. */
async function factsFor(
  deps: RecordsDeps,
  principal: Principal,
  certificate: Pick<CertificateState, 'certificateId' | 'volunteerId' | 'from' | 'to'>,
  at: string,
  stepWith: string | undefined,
  idNumberMasked: string | undefined,
): Promise<IssuedFacts> {
  const lines = await certifiableLines(deps, certificate);
  return {
    issuedAt: at,
    issuedBy: principal.userId,
    verifyCode: await verifyCodeFor(deps, certificate.certificateId),
    issuer: await issuerOf(deps, principal),
    totalHours: sumHours(lines.map((line) => line.hours)),
    // What the paper says, without the product's own record ids.
    lines: lines.map(({ recordId: _recordId, ...line }) => line),
    ...(idNumberMasked === undefined ? {} : { idNumberMasked }),
    ...(stepWith === undefined ? {} : { lastStepWith: stepWith }),
  };
}

/**
 * A volunteer asks for a certificate (it waits for the office), or the office issues one at once.
 * Free, for any period of up to ten years that has approved service; the same Idempotency-Key
 * answers the same certificate.
 */
export async function requestCertificate(
  deps: RecordsDeps,
  principal: Principal,
  request: CertificateRequest,
  idempotency: Idempotency,
): Promise<Certificate> {
  assertMayAskAbout(principal, request.volunteerId);
  const certificateId = certificateIdFor(principal.userId, idempotency.key);
  const existing = await deps.certificates.get(certificateId);
  if (existing !== undefined) {
    if (existing.createdWith !== idempotency.fingerprint)
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another certificate');
    return view(existing);
  }
  const now = deps.now();
  const today = chinaDate(now);
  if (request.to > today)
    throw validation('body.to', 'in the future', '结束日期不能晚于今天 (to must not be after today)');
  if (periodDays(request.from, request.to) > CERTIFICATE_PERIOD_DAYS_MAX)
    throw validation('body.from', 'period too long', '一份证明最长覆盖十年 (at most ten years)');
  const volunteer = await deps.sources.volunteer(request.volunteerId);
  if (volunteer === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  await assertMaySee(deps, principal, request.volunteerId, volunteer.orgId);
  const at = now.toISOString();
  const certificate: CertificateState = {
    certificateId,
    status: 'requested',
    volunteerId: request.volunteerId,
    orgId: volunteer.orgId,
    name: volunteer.name,
    from: request.from,
    to: request.to,
    ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
    requestedAt: at,
    requestedBy: principal.userId,
    createdWith: idempotency.fingerprint,
    updatedAt: at,
  };
  if (isOffice(principal)) {
    // The office issues at once: numbered, with the facts of the day it is issued.
    const facts = await factsFor(deps, principal, certificate, at, undefined, volunteer.idNumberMasked);
    const outcome = await deps.certificates.issue(
      certificate,
      facts,
      { prefix: deps.certificatePrefix, year: Number(today.slice(0, 4)) },
      true,
    );
    if (outcome.kind === 'issued') return view(outcome.certificate);
    // Made meanwhile by a retry of this same request: answer it as it is.
    if (outcome.certificate?.createdWith === idempotency.fingerprint) return view(outcome.certificate);
    throw new AppError('CONFLICT', 'Made meanwhile by another request; try again');
  }
  // A volunteer's request: it must have something to certify, and a few wait at most.
  await certifiableLines(deps, certificate);
  const open = (await deps.certificates.ofVolunteer(request.volunteerId, 50)).filter(
    (other) => other.status === 'requested',
  );
  if (open.length >= OPEN_REQUESTS_MAX)
    throw new AppError(
      'CERTIFICATE_STATE',
      `已有 ${open.length} 份申请在等待办理，办好后再申请 (${open.length} requests are already waiting)`,
    );
  if (!(await deps.certificates.create(certificate))) {
    const made = await deps.certificates.get(certificateId);
    if (made !== undefined && made.createdWith === idempotency.fingerprint) return view(made);
    throw new AppError('CONFLICT', 'Made meanwhile by another request; try again');
  }
  return view(certificate);
}

/** The office issues a requested certificate, refuses a request, or revokes an issued one. */
export async function actOnCertificate(
  deps: RecordsDeps,
  principal: Principal,
  certificateId: string,
  step: CertificateStepRequest,
  idempotency: Idempotency,
): Promise<Certificate> {
  const current = await deps.certificates.get(certificateId);
  if (current === undefined) throw new AppError('NOT_FOUND', 'No such certificate');
  await assertMaySee(deps, principal, current.volunteerId, current.orgId);
  if (!isOffice(principal)) throw new AppError('FORBIDDEN', 'Only the office decides on certificates');
  // A retried step (its answer lost) answers the certificate as that step left it.
  if (current.lastStepWith === stepFingerprint(idempotency)) return view(current);
  if (!canCertificate(current.status, step.action)) throw stateError(current.status, step.action);
  const at = deps.now().toISOString();
  if (step.action === 'issue') {
    const volunteer = await deps.sources.volunteer(current.volunteerId);
    const facts = await factsFor(
      deps,
      principal,
      current,
      at,
      stepFingerprint(idempotency),
      volunteer?.idNumberMasked,
    );
    const outcome = await deps.certificates.issue(
      current,
      facts,
      { prefix: deps.certificatePrefix, year: Number(chinaDate(at).slice(0, 4)) },
      false,
    );
    if (outcome.kind === 'issued') return view(outcome.certificate);
    const now = outcome.certificate;
    if (now?.lastStepWith === stepFingerprint(idempotency)) return view(now);
    throw stateError(now?.status ?? current.status, step.action);
  }
  const moved = await deps.certificates.decide(certificateId, step.action, {
    reason: step.reason,
    at,
    by: principal.userId,
    stepWith: stepFingerprint(idempotency),
  });
  const after = await deps.certificates.get(certificateId);
  if (after === undefined) throw new AppError('NOT_FOUND', 'No such certificate');
  if (!moved && after.lastStepWith !== stepFingerprint(idempotency))
    throw stateError(after.status, step.action);
  return view(after);
}

const stepFingerprint = (idempotency: Idempotency) => `${idempotency.key}\n${idempotency.fingerprint}`;

const STATUS_WORDS = {
  requested: '等待办理',
  issued: '已开具',
  refused: '未通过',
  revoked: '已作废',
} as const;
const ACTION_WORDS = { issue: '开具', refuse: '拒绝', revoke: '作废' } as const;

function stateError(status: CertificateState['status'], action: keyof typeof ACTION_WORDS): AppError {
  return new AppError(
    'CERTIFICATE_STATE',
    `这份证明${STATUS_WORDS[status]}，不能再${ACTION_WORDS[action]} (the certificate is ${status}; it cannot be ${action}d)`,
    { extra: { status } },
  );
}

export async function getCertificate(deps: RecordsDeps, principal: Principal, certificateId: string) {
  const certificate = await deps.certificates.get(certificateId);
  if (certificate === undefined) throw new AppError('NOT_FOUND', 'No such certificate');
  await assertMaySee(deps, principal, certificate.volunteerId, certificate.orgId);
  return view(certificate);
}

/** One volunteer's certificates, newest first (the volunteer's own page, the office's view of them). */
export async function volunteerCertificates(
  deps: RecordsDeps,
  principal: Principal,
  volunteerId: string,
): Promise<CertificateList> {
  assertMayAskAbout(principal, volunteerId);
  const volunteer = await deps.sources.volunteer(volunteerId);
  if (volunteer === undefined) throw new AppError('NOT_FOUND', 'No such volunteer');
  await assertMaySee(deps, principal, volunteerId, volunteer.orgId);
  const certificates = await deps.certificates.ofVolunteer(volunteerId, 50);
  return {
    certificates: await Promise.all(certificates.map((certificate) => view(certificate, false))),
    nextCursor: null,
  };
}

/** The office's register (登记簿) of every certificate, newest first, one status or all. */
export async function listCertificates(
  deps: RecordsDeps,
  principal: Principal,
  query: CertificateListQuery,
): Promise<CertificateList> {
  if (!hasRole(principal, 'admin')) throw new AppError('FORBIDDEN', 'The register is the office’s');
  const keys = await deps.signing();
  let after: Record<string, unknown> | undefined;
  if (query.cursor !== undefined) {
    const decoded = verifyToken(query.cursor, keys, CURSOR_PURPOSE) as
      | { after?: Record<string, unknown>; status?: string }
      | undefined;
    if (decoded?.after === undefined || decoded.status !== (query.status ?? ''))
      throw validation(
        'query.cursor',
        'not a cursor of this list',
        '翻页标记无效，请从第一页重新开始 (invalid cursor)',
      );
    after = decoded.after;
  }
  const page = await deps.certificates.page(query.status, query.limit, after);
  return {
    certificates: await Promise.all(page.certificates.map((certificate) => view(certificate, false))),
    nextCursor:
      page.next === undefined
        ? null
        : signToken({ after: page.next, status: query.status ?? '' }, keys, CURSOR_PURPOSE),
  };
}

/**
 * Anyone with the certificate's link checks it: a link whose code was not made by us, or made for
 * another certificate, finds nothing (as a certificate that does not exist); a revoked one says so.
 */
export async function verifyCertificate(
  deps: RecordsDeps,
  certificateId: string,
  code: string,
): Promise<CertificateVerification> {
  const notFound = () =>
    new AppError(
      'NOT_FOUND',
      '查不到这份证明：编号或二维码不对 (no such certificate; the link is not valid)',
    );
  const certificate = await deps.certificates.get(certificateId);
  if (
    certificate === undefined ||
    certificate.number === undefined ||
    certificate.verifyCode === undefined ||
    !sameCode(code, certificate.verifyCode) ||
    (certificate.status !== 'issued' && certificate.status !== 'revoked')
  )
    throw notFound();
  return {
    status: certificate.status === 'issued' ? 'valid' : 'revoked',
    number: certificate.number,
    name: maskName(certificate.name),
    issuer: certificate.issuer ?? '',
    issuedAt: certificate.issuedAt ?? '',
    from: certificate.from,
    to: certificate.to,
    totalHours: certificate.totalHours ?? 0,
    ...(certificate.status === 'revoked'
      ? { reason: certificate.reason ?? '', revokedAt: certificate.decidedAt ?? '' }
      : {}),
  };
}
