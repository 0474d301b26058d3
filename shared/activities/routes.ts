import { VolunteerPath } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import {
  ActivityList,
  ActivityListQuery,
  ActivityPath,
  ActivityStepRequest,
  ActivityView,
  AttendeePath,
  AttendeeView,
  CreateActivityRequest,
  DecisionRequest,
  DoorAnswer,
  DoorCodeView,
  DoorScanRequest,
  EvidencePhoto,
  LateEntryList,
  LateEntryQuery,
  LateEntryRequest,
  MarkAttendanceRequest,
  Roster,
  RosterExportQuery,
  SignUpRequest,
  VolunteerActivities,
  VolunteerActivitiesQuery,
} from './contract/activities';

const STAFF = ['admin', 'coordinator'] as const;
const STAFF_AND_VOLUNTEERS = ['admin', 'coordinator', 'volunteer'] as const;

/**
 * A town rally: hundreds of phones scan within minutes. The stage limit still applies above this;
 * each scan is one read of the activity and one write of the person's own item.
 */
const DOOR_THROTTLE = { rate: 50, burst: 200 } as const;

export const CreateActivity = {
  id: 'CreateActivity',
  method: 'POST',
  path: '/v1/activities',
  entry: 'functions/activities/create-activity.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read', 'write'],
  idempotent: true,
  scope: 'body-org',
  summary:
    'A team coordinator plans an activity (周周有活动), as a draft: place, time, places, sign-up window',
  body: CreateActivityRequest,
  response: ActivityView,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListActivities = {
  id: 'ListActivities',
  method: 'GET',
  path: '/v1/activities',
  entry: 'functions/activities/list-activities.ts',
  auth: 'jwt',
  roles: STAFF_AND_VOLUNTEERS,
  table: ['read', 'query-indexes'],
  scope: 'caller',
  summary:
    "One month's calendar by town (月月有主题): the county's for the office, a coordinator's subtree, what is open to a volunteer",
  query: ActivityListQuery,
  response: ActivityList,
} as const satisfies RouteDefinition;

export const GetActivity = {
  id: 'GetActivity',
  method: 'GET',
  path: '/v1/activities/{activityId}',
  entry: 'functions/activities/get-activity.ts',
  auth: 'jwt',
  roles: STAFF_AND_VOLUNTEERS,
  table: ['read'],
  scope: 'record',
  summary: 'One activity; for a volunteer, with their own place in it',
  params: ActivityPath,
  response: ActivityView,
} as const satisfies RouteDefinition;

export const ActivityStep = {
  id: 'ActivityStep',
  method: 'POST',
  path: '/v1/activities/{activityId}/steps',
  entry: 'functions/activities/activity-step.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read', 'write', 'query-indexes'],
  idempotent: true,
  scope: 'record',
  summary:
    'One step: publish (sign-up opens), start (sign-in opens), finish, reopen, cancel with a reason, record (the attendance becomes one service record)',
  params: ActivityPath,
  body: ActivityStepRequest,
  response: ActivityView,
} as const satisfies RouteDefinition;

export const SignUp = {
  id: 'SignUp',
  method: 'POST',
  path: '/v1/activities/{activityId}/sign-ups',
  entry: 'functions/activities/sign-up.ts',
  auth: 'jwt',
  roles: STAFF_AND_VOLUNTEERS,
  table: ['read', 'write'],
  scope: 'record',
  summary:
    '报名: a volunteer signs up (or a coordinator adds someone); a place while there is one, else the waitlist',
  params: ActivityPath,
  body: SignUpRequest,
  response: AttendeeView,
} as const satisfies RouteDefinition;

export const Withdraw = {
  id: 'Withdraw',
  method: 'DELETE',
  path: '/v1/activities/{activityId}/sign-ups/{volunteerId}',
  entry: 'functions/activities/withdraw.ts',
  auth: 'jwt',
  roles: STAFF_AND_VOLUNTEERS,
  table: ['read', 'write'],
  scope: 'volunteer',
  summary: 'Gives up a place before the activity starts; the first on the waitlist moves up',
  params: AttendeePath,
  response: AttendeeView,
} as const satisfies RouteDefinition;

export const GetDoorCode = {
  id: 'GetDoorCode',
  method: 'GET',
  path: '/v1/activities/{activityId}/door-code',
  entry: 'functions/activities/get-door-code.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read'],
  signingKey: true,
  scope: 'record',
  summary:
    "The code the organiser's phone shows as a QR code, renewed every 30 seconds, while sign-in is open",
  params: ActivityPath,
  response: DoorCodeView,
} as const satisfies RouteDefinition;

export const ScanDoorCode = {
  id: 'ScanDoorCode',
  method: 'POST',
  path: '/v1/door-scans',
  entry: 'functions/activities/scan-door-code.ts',
  auth: 'jwt',
  roles: ['volunteer'],
  table: ['read', 'write'],
  signingKey: true,
  throttle: DOOR_THROTTLE,
  scope: 'caller',
  summary:
    "A volunteer scans the activity's code: the first scan signs in, the next signs out, a repeat changes nothing",
  body: DoorScanRequest,
  response: DoorAnswer,
} as const satisfies RouteDefinition;

export const MarkAttendance = {
  id: 'MarkAttendance',
  method: 'POST',
  path: '/v1/activities/{activityId}/attendance',
  entry: 'functions/activities/mark-attendance.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read', 'write'],
  signingKey: true,
  throttle: DOOR_THROTTLE,
  scope: 'record',
  summary:
    "The organiser signs someone in or out: their volunteer code, their card's number, or picked from the roster",
  params: ActivityPath,
  body: MarkAttendanceRequest,
  response: DoorAnswer,
} as const satisfies RouteDefinition;

export const GetRoster = {
  id: 'GetRoster',
  method: 'GET',
  path: '/v1/activities/{activityId}/roster',
  entry: 'functions/activities/get-roster.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read'],
  scope: 'record',
  summary:
    "The activity's roster with live counts: sign-ups, waitlist, here now, signed out, walk-ins, flags",
  params: ActivityPath,
  response: Roster,
} as const satisfies RouteDefinition;

export const ExportRoster = {
  id: 'ExportRoster',
  method: 'GET',
  path: '/v1/activities/{activityId}/roster/export',
  entry: 'functions/activities/export-roster.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read'],
  scope: 'record',
  summary: 'The roster as a file for Excel: CSV (UTF-8 with a BOM) or XLSX',
  params: ActivityPath,
  query: RosterExportQuery,
} as const satisfies RouteDefinition;

export const EnterLate = {
  id: 'EnterLate',
  method: 'POST',
  path: '/v1/activities/{activityId}/late-entries',
  entry: 'functions/activities/enter-late.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read', 'write'],
  scope: 'record',
  summary:
    '补录: attendance entered afterwards with a reason and evidence (a photo of the paper sheet, or text)',
  params: ActivityPath,
  body: LateEntryRequest,
  response: AttendeeView,
} as const satisfies RouteDefinition;

export const ListLateEntries = {
  id: 'ListLateEntries',
  method: 'GET',
  path: '/v1/late-entries',
  entry: 'functions/activities/list-late-entries.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary: "The office's queue of 补录 awaiting its decision (or decided), oldest first",
  query: LateEntryQuery,
  response: LateEntryList,
} as const satisfies RouteDefinition;

export const DecideLate = {
  id: 'DecideLate',
  method: 'POST',
  path: '/v1/activities/{activityId}/late-entries/{volunteerId}/decision',
  entry: 'functions/activities/decide-late.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'The office approves a 补录 (it counts, marked 补录) or rejects it with a reason',
  params: AttendeePath,
  body: DecisionRequest,
  response: AttendeeView,
} as const satisfies RouteDefinition;

export const GetLatePhoto = {
  id: 'GetLatePhoto',
  method: 'GET',
  path: '/v1/activities/{activityId}/late-entries/{volunteerId}/photo',
  entry: 'functions/activities/get-late-photo.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read'],
  scope: 'county',
  summary: "The photo of a 补录's paper sign-in sheet (the office only; each look is logged)",
  params: AttendeePath,
  response: EvidencePhoto,
} as const satisfies RouteDefinition;

export const DecideOvertime = {
  id: 'DecideOvertime',
  method: 'POST',
  path: '/v1/activities/{activityId}/overtime/{volunteerId}',
  entry: 'functions/activities/decide-overtime.ts',
  auth: 'jwt',
  roles: STAFF,
  table: ['read', 'write'],
  scope: 'record',
  summary:
    "The parent organisation's coordinator (or the office) decides a day over 8 hours: approved it counts up to 12, refused up to 8",
  params: AttendeePath,
  body: DecisionRequest,
  response: AttendeeView,
} as const satisfies RouteDefinition;

export const GetVolunteerActivities = {
  id: 'GetVolunteerActivities',
  method: 'GET',
  path: '/v1/volunteers/{id}/activities',
  entry: 'functions/activities/get-volunteer-activities.ts',
  auth: 'jwt',
  roles: STAFF_AND_VOLUNTEERS,
  table: ['read', 'query-indexes'],
  scope: 'volunteer',
  summary: "A volunteer's month of activities: sign-ups vs show-ups, and hours at the door",
  params: VolunteerPath,
  query: VolunteerActivitiesQuery,
  response: VolunteerActivities,
} as const satisfies RouteDefinition;

/** The activities area's routes, in the order the API lists them. */
export const ACTIVITIES_ROUTES = [
  CreateActivity,
  ListActivities,
  GetActivity,
  ActivityStep,
  SignUp,
  Withdraw,
  GetDoorCode,
  ScanDoorCode,
  MarkAttendance,
  GetRoster,
  ExportRoster,
  EnterLate,
  ListLateEntries,
  DecideLate,
  GetLatePhoto,
  DecideOvertime,
  GetVolunteerActivities,
] as const;
