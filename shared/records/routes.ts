import { VolunteerPath } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import {
  Certificate,
  CertificateList,
  CertificateListQuery,
  CertificatePath,
  CertificateRequest,
  CertificateStepRequest,
  CertificateVerification,
  VerificationQuery,
} from './contract/certificates';

export const RequestCertificate = {
  id: 'RequestCertificate',
  method: 'POST',
  path: '/v1/certificates',
  entry: 'functions/records/request-certificate.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read', 'write', 'query-indexes'],
  signingKey: true,
  idempotent: true,
  scope: 'body-volunteer',
  summary:
    '志愿服务证明: a volunteer asks for one for a period (the office issues it later), or the office issues one at once, numbered',
  body: CertificateRequest,
  response: Certificate,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListCertificates = {
  id: 'ListCertificates',
  method: 'GET',
  path: '/v1/certificates',
  entry: 'functions/records/list-certificates.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  signingKey: true,
  scope: 'county',
  summary: 'The register of every certificate (登记簿), newest first; one status or all',
  query: CertificateListQuery,
  response: CertificateList,
} as const satisfies RouteDefinition;

export const GetCertificate = {
  id: 'GetCertificate',
  method: 'GET',
  path: '/v1/certificates/{certificateId}',
  entry: 'functions/records/get-certificate.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read'],
  scope: 'volunteer',
  summary: 'One certificate with its lines, for printing: its volunteer, or the office over them',
  params: CertificatePath,
  response: Certificate,
} as const satisfies RouteDefinition;

export const CertificateStep = {
  id: 'CertificateStep',
  method: 'POST',
  path: '/v1/certificates/{certificateId}/steps',
  entry: 'functions/records/certificate-step.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  signingKey: true,
  idempotent: true,
  scope: 'record',
  summary:
    'The office issues a requested certificate (numbered then), refuses a request, or revokes one, with a reason',
  params: CertificatePath,
  body: CertificateStepRequest,
  response: Certificate,
} as const satisfies RouteDefinition;

export const VerifyCertificate = {
  id: 'VerifyCertificate',
  method: 'GET',
  path: '/v1/certificates/{certificateId}/verification',
  entry: 'functions/records/verify-certificate.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read'],
  throttle: { rate: 10, burst: 20 },
  scope: 'none',
  summary:
    "Anyone checks a certificate from its QR code's link: its core facts (the name masked) and whether it is valid or revoked",
  params: CertificatePath,
  query: VerificationQuery,
  response: CertificateVerification,
} as const satisfies RouteDefinition;

export const GetVolunteerCertificates = {
  id: 'GetVolunteerCertificates',
  method: 'GET',
  path: '/v1/volunteers/{id}/certificates',
  entry: 'functions/records/get-volunteer-certificates.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read', 'query-indexes'],
  scope: 'volunteer',
  summary: "A volunteer's certificates and requests, newest first",
  params: VolunteerPath,
  response: CertificateList,
} as const satisfies RouteDefinition;

/** The records area's routes, in the order the API lists them. */
export const RECORDS_ROUTES = [
  RequestCertificate,
  ListCertificates,
  GetCertificate,
  CertificateStep,
  VerifyCertificate,
  GetVolunteerCertificates,
] as const;
