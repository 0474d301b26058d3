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
import { ServiceRecordExportQuery, VolunteerExportQuery } from './contract/export';
import {
  Correction,
  CorrectionDecision,
  CorrectionList,
  CorrectionListQuery,
  CorrectionPath,
  CorrectionRequest,
  RecordEntryRequest,
  RecordEntryView,
  RecordQuery,
  VolunteerRecord,
} from './contract/record';

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

export const GetVolunteerRecord = {
  id: 'GetVolunteerRecord',
  method: 'GET',
  path: '/v1/volunteers/{id}/record',
  entry: 'functions/records/get-volunteer-record.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read', 'query-indexes'],
  scope: 'volunteer',
  summary:
    "志愿服务记录: one year of a volunteer's record (service, training, honours, evaluations), their hours, star level and correction requests",
  params: VolunteerPath,
  query: RecordQuery,
  response: VolunteerRecord,
} as const satisfies RouteDefinition;

export const AddRecordEntry = {
  id: 'AddRecordEntry',
  method: 'POST',
  path: '/v1/volunteers/{id}/record-entries',
  entry: 'functions/records/add-record-entry.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write', 'query-indexes'],
  idempotent: true,
  scope: 'volunteer',
  summary:
    'The office records a training (培训), an honour (表彰, admins) or an evaluation (评价), or withdraws one by a new entry',
  params: VolunteerPath,
  body: RecordEntryRequest,
  response: RecordEntryView,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const FileCorrection = {
  id: 'FileCorrection',
  method: 'POST',
  path: '/v1/volunteers/{id}/corrections',
  entry: 'functions/records/file-correction.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read', 'write', 'query-indexes'],
  idempotent: true,
  scope: 'volunteer',
  summary: '更正申请: a volunteer asks for something on their record to be corrected, with a reason',
  params: VolunteerPath,
  body: CorrectionRequest,
  response: Correction,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListCorrections = {
  id: 'ListCorrections',
  method: 'GET',
  path: '/v1/corrections',
  entry: 'functions/records/list-corrections.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'query-indexes'],
  scope: 'caller',
  summary: "The office's queue of correction requests, oldest first (a coordinator's: their tree's)",
  query: CorrectionListQuery,
  response: CorrectionList,
} as const satisfies RouteDefinition;

export const DecideCorrection = {
  id: 'DecideCorrection',
  method: 'POST',
  path: '/v1/corrections/{correctionId}/decision',
  entry: 'functions/records/decide-correction.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'record',
  summary:
    'The office accepts a correction request, saying what it did (a corrective record, a reversal: never an edit), or refuses it with a reason',
  params: CorrectionPath,
  body: CorrectionDecision,
  response: Correction,
} as const satisfies RouteDefinition;

/**
 * An export opens every ID number it holds (an X25519 opening each in AWS, a KMS Decrypt with
 * `-c customerKeys=true`) and reads thousands of items: an office asks for one now and then, so one
 * a second at most.
 */
const EXPORT_THROTTLE = { rate: 1, burst: 2 } as const;

export const ExportVolunteers = {
  id: 'ExportVolunteers',
  method: 'GET',
  path: '/v1/volunteers/export',
  entry: 'functions/records/export-volunteers.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  idNumbers: 'reveal',
  throttle: EXPORT_THROTTLE,
  scope: 'county',
  summary:
    'The volunteers of the county (or one organisation) for the national system and county files: XLSX or CSV (UTF-8/GB18030), whole ID numbers and phones, 1,000 a part; logged',
  query: VolunteerExportQuery,
} as const satisfies RouteDefinition;

export const ExportServiceRecords = {
  id: 'ExportServiceRecords',
  method: 'GET',
  path: '/v1/service-records/export',
  entry: 'functions/records/export-service-records.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  idNumbers: 'reveal',
  throttle: EXPORT_THROTTLE,
  scope: 'county',
  summary:
    'The approved service of a period, one line per volunteer per record (reversed ones left out), as XLSX or CSV (UTF-8/GB18030), 1,000 lines a part; logged',
  query: ServiceRecordExportQuery,
} as const satisfies RouteDefinition;

/** The records area's routes, in the order the API lists them. */
export const RECORDS_ROUTES = [
  GetVolunteerRecord,
  AddRecordEntry,
  FileCorrection,
  ListCorrections,
  DecideCorrection,
  RequestCertificate,
  ListCertificates,
  GetCertificate,
  CertificateStep,
  VerifyCertificate,
  GetVolunteerCertificates,
  ExportVolunteers,
  ExportServiceRecords,
] as const;
