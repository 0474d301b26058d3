import type { RouteDefinition } from '../platform/route-definition';
import { PointRule, PointRuleList, PointRulePath, PointRuleRequest } from './contract/point-rules';
import {
  RecordListQuery,
  RecordPage,
  RecordPath,
  RejectRequest,
  ReverseRequest,
  ServiceRecord,
  ServiceRecordRequest,
} from './contract/service-records';

export const PutPointRule = {
  id: 'PutPointRule',
  method: 'PUT',
  path: '/v1/point-rules/{ruleId}',
  entry: 'functions/earning/put-point-rule.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Create a point rule, or add its next version (versions are kept for ever)',
  params: PointRulePath,
  body: PointRuleRequest,
  response: PointRule,
} as const satisfies RouteDefinition;

export const ListPointRules = {
  id: 'ListPointRules',
  method: 'GET',
  path: '/v1/point-rules',
  entry: 'functions/earning/list-point-rules.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'county',
  summary: 'Every point rule with its history, the built-in rate and the rounding',
  response: PointRuleList,
} as const satisfies RouteDefinition;

export const PostServiceRecord = {
  id: 'PostServiceRecord',
  method: 'POST',
  path: '/v1/service-records',
  entry: 'functions/earning/post-service-record.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'body-org',
  summary: 'Submit the hours served at one activity; points move only on approval',
  body: ServiceRecordRequest,
  response: ServiceRecord,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListServiceRecords = {
  id: 'ListServiceRecords',
  method: 'GET',
  path: '/v1/service-records',
  entry: 'functions/earning/list-service-records.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'query-indexes'],
  signingKey: true,
  scope: 'caller',
  summary: 'Service records by status, oldest first (the approval queue)',
  query: RecordListQuery,
  response: RecordPage,
} as const satisfies RouteDefinition;

export const GetServiceRecord = {
  id: 'GetServiceRecord',
  method: 'GET',
  path: '/v1/service-records/{id}',
  entry: 'functions/earning/get-service-record.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'record',
  summary: 'One service record',
  params: RecordPath,
  response: ServiceRecord,
} as const satisfies RouteDefinition;

export const ApproveServiceRecord = {
  id: 'ApproveServiceRecord',
  method: 'POST',
  path: '/v1/service-records/{id}/approve',
  entry: 'functions/earning/approve-service-record.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  throttle: { rate: 5, burst: 10 },
  scope: 'county',
  summary: 'Approve a record: each entry credited exactly once, within 24 hours a day',
  params: RecordPath,
  response: ServiceRecord,
} as const satisfies RouteDefinition;

export const RejectServiceRecord = {
  id: 'RejectServiceRecord',
  method: 'POST',
  path: '/v1/service-records/{id}/reject',
  entry: 'functions/earning/reject-service-record.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Reject a pending record; no points move',
  params: RecordPath,
  body: RejectRequest,
  response: ServiceRecord,
} as const satisfies RouteDefinition;

export const ReverseServiceRecord = {
  id: 'ReverseServiceRecord',
  method: 'POST',
  path: '/v1/service-records/{id}/reverse',
  entry: 'functions/earning/reverse-service-record.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'county',
  summary: 'Reverse an approved record by a new record that takes its points and hours back',
  params: RecordPath,
  body: ReverseRequest,
  response: ServiceRecord,
  responseStatus: 201,
} as const satisfies RouteDefinition;

/** The earning area's routes, in the order the API lists them. */
export const EARNING_ROUTES = [
  PutPointRule,
  ListPointRules,
  PostServiceRecord,
  ListServiceRecords,
  GetServiceRecord,
  ApproveServiceRecord,
  RejectServiceRecord,
  ReverseServiceRecord,
] as const;
