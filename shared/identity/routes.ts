import { VolunteerPath } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import {
  ActivateRequest,
  ActivationResponse,
  ChangePasswordRequest,
  CreateStaffRequest,
  DeviceList,
  DevicePath,
  Jwks,
  OpenIdConfiguration,
  RefreshRequest,
  ResetPasswordRequest,
  SignInRequest,
  SignOutRequest,
  StaffList,
  StaffMember,
  StaffPath,
  TokenResponse,
  UpdateStaffRequest,
} from './contract/identity';

/** Sign-in routes anyone may call: small, hot when a whole village signs in, so throttled. */
const SIGN_IN_THROTTLE = { rate: 20, burst: 40 } as const;

export const GetOpenIdConfiguration = {
  id: 'GetOpenIdConfiguration',
  method: 'GET',
  path: '/v1/auth/.well-known/openid-configuration',
  entry: 'functions/identity/get-openid-configuration.ts',
  auth: 'public',
  roles: 'anyone',
  table: [],
  scope: 'none',
  summary: "The issuer's OpenID discovery document (API Gateway's JWT authorizer reads it)",
  response: OpenIdConfiguration,
} as const satisfies RouteDefinition;

export const GetJwks = {
  id: 'GetJwks',
  method: 'GET',
  path: '/v1/auth/jwks.json',
  entry: 'functions/identity/get-jwks.ts',
  auth: 'public',
  roles: 'anyone',
  table: [],
  signsTokens: true,
  scope: 'none',
  summary: "The issuer's public keys (JWKS): RS256, the private half stays in KMS",
  response: Jwks,
} as const satisfies RouteDefinition;

export const SignIn = {
  id: 'SignIn',
  method: 'POST',
  path: '/v1/auth/sign-in',
  entry: 'functions/identity/sign-in.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  signsTokens: true,
  throttle: SIGN_IN_THROTTLE,
  scope: 'none',
  summary: 'Staff sign in with username and password (admins add a TOTP code)',
  body: SignInRequest,
  response: TokenResponse,
} as const satisfies RouteDefinition;

export const RefreshSession = {
  id: 'RefreshSession',
  method: 'POST',
  path: '/v1/auth/refresh',
  entry: 'functions/identity/refresh.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  signsTokens: true,
  throttle: SIGN_IN_THROTTLE,
  scope: 'none',
  summary: 'A new access token for a refresh or device token (which is replaced, usable once)',
  body: RefreshRequest,
  response: TokenResponse,
} as const satisfies RouteDefinition;

export const SignOut = {
  id: 'SignOut',
  method: 'POST',
  path: '/v1/auth/sign-out',
  entry: 'functions/identity/sign-out.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  throttle: SIGN_IN_THROTTLE,
  scope: 'none',
  summary: 'Ends the session or device a refresh token names',
  body: SignOutRequest,
  responseStatus: 204,
} as const satisfies RouteDefinition;

export const ActivateDevice = {
  id: 'ActivateDevice',
  method: 'POST',
  path: '/v1/auth/activate',
  entry: 'functions/identity/activate.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  signsTokens: true,
  throttle: SIGN_IN_THROTTLE,
  scope: 'none',
  summary: "A volunteer's phone uses its one-time activation (QR token or 6-digit code) and stays signed in",
  body: ActivateRequest,
  response: TokenResponse,
} as const satisfies RouteDefinition;

export const ChangePassword = {
  id: 'ChangePassword',
  method: 'POST',
  path: '/v1/auth/password',
  entry: 'functions/identity/change-password.ts',
  auth: 'jwt',
  whilePasswordPending: true,
  roles: ['admin', 'coordinator', 'counter'],
  table: ['read', 'write'],
  scope: 'caller',
  summary: 'A staff member changes their own password',
  body: ChangePasswordRequest,
  response: StaffMember,
} as const satisfies RouteDefinition;

export const StartActivation = {
  id: 'StartActivation',
  method: 'POST',
  path: '/v1/volunteers/{id}/activations',
  entry: 'functions/identity/start-activation.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  scope: 'volunteer',
  summary: "A one-time QR link and 6-digit code (15 minutes) that signs a volunteer's phone in",
  params: VolunteerPath,
  response: ActivationResponse,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListDevices = {
  id: 'ListDevices',
  method: 'GET',
  path: '/v1/volunteers/{id}/devices',
  entry: 'functions/identity/list-devices.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'volunteer',
  summary: 'The phones a volunteer is signed in on',
  params: VolunteerPath,
  response: DeviceList,
} as const satisfies RouteDefinition;

export const RevokeDevice = {
  id: 'RevokeDevice',
  method: 'DELETE',
  path: '/v1/volunteers/{id}/devices/{deviceId}',
  entry: 'functions/identity/revoke-device.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  scope: 'volunteer',
  summary: 'Signs a lost phone out at once (its tokens are refused from the next request)',
  params: DevicePath,
  responseStatus: 204,
} as const satisfies RouteDefinition;

export const ListStaff = {
  id: 'ListStaff',
  method: 'GET',
  path: '/v1/staff',
  entry: 'functions/identity/list-staff.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary: 'The staff accounts: admins, coordinators and counter clerks',
  response: StaffList,
} as const satisfies RouteDefinition;

export const CreateStaff = {
  id: 'CreateStaff',
  method: 'POST',
  path: '/v1/staff',
  entry: 'functions/identity/create-staff.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Creates a coordinator, counter clerk or admin with a first password',
  body: CreateStaffRequest,
  response: StaffMember,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const UpdateStaff = {
  id: 'UpdateStaff',
  method: 'PUT',
  path: '/v1/staff/{userId}',
  entry: 'functions/identity/update-staff.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary:
    "Changes a member's name, roles, store or organisation, or disables them (their tokens stop at once)",
  params: StaffPath,
  body: UpdateStaffRequest,
  response: StaffMember,
} as const satisfies RouteDefinition;

export const ResetStaffPassword = {
  id: 'ResetStaffPassword',
  method: 'POST',
  path: '/v1/staff/{userId}/password',
  entry: 'functions/identity/reset-staff-password.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Sets a new first password for a member who forgot theirs (and lifts a lock)',
  params: StaffPath,
  body: ResetPasswordRequest,
  response: StaffMember,
} as const satisfies RouteDefinition;

/** The identity area's routes, in the order the API lists them. */
export const IDENTITY_ROUTES = [
  GetOpenIdConfiguration,
  GetJwks,
  SignIn,
  RefreshSession,
  SignOut,
  ActivateDevice,
  ChangePassword,
  StartActivation,
  ListDevices,
  RevokeDevice,
  ListStaff,
  CreateStaff,
  UpdateStaff,
  ResetStaffPassword,
] as const;
