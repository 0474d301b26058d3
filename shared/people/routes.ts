import { PageQuery } from '../platform/contract/common';
import type { RouteDefinition } from '../platform/route-definition';
import { OrgList, OrgPath, OrgView, PlaceList, PutOrgRequest } from './contract/orgs';
import {
  ErasureRequest,
  ErasureResult,
  ImportRequest,
  ImportResponse,
  OrgVolunteerPage,
  OrgVolunteersPath,
  RegisterVolunteerRequest,
  RevealedIdNumber,
  RevealIdNumberRequest,
  UpdateVolunteerRequest,
  VolunteerIdPath,
  VolunteerProfile,
  VolunteerSearchQuery,
  VolunteerSearchResult,
} from './contract/volunteers';

export const PutOrg = {
  id: 'PutOrg',
  method: 'PUT',
  path: '/v1/orgs/{orgId}',
  entry: 'functions/people/put-org.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Create or update an organisation of the tree (county, team, town, village, group)',
  params: OrgPath,
  body: PutOrgRequest,
  response: OrgView,
} as const satisfies RouteDefinition;

export const GetOrg = {
  id: 'GetOrg',
  method: 'GET',
  path: '/v1/orgs/{orgId}',
  entry: 'functions/people/get-org.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'org',
  summary: 'One organisation with its path from the county',
  params: OrgPath,
  response: OrgView,
} as const satisfies RouteDefinition;

export const GetOrgs = {
  id: 'GetOrgs',
  method: 'GET',
  path: '/v1/orgs',
  entry: 'functions/people/get-orgs.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'caller',
  summary: "The organisation tree (a coordinator's subtree), parents before children",
  response: OrgList,
} as const satisfies RouteDefinition;

export const ListPlaces = {
  id: 'ListPlaces',
  method: 'GET',
  path: '/v1/places',
  entry: 'functions/people/list-places.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read'],
  scope: 'none',
  summary: "The county's towns and villages, for a resident's request (names only)",
  response: PlaceList,
} as const satisfies RouteDefinition;

export const GetOrgVolunteers = {
  id: 'GetOrgVolunteers',
  method: 'GET',
  path: '/v1/orgs/{orgId}/volunteers',
  entry: 'functions/people/get-org-volunteers.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'query-indexes'],
  signingKey: true,
  scope: 'org',
  summary: 'The volunteers registered in one organisation, a page at a time; phones masked',
  params: OrgVolunteersPath,
  query: PageQuery,
  response: OrgVolunteerPage,
} as const satisfies RouteDefinition;

export const PostVolunteer = {
  id: 'PostVolunteer',
  method: 'POST',
  path: '/v1/volunteers',
  entry: 'functions/people/post-volunteer.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idNumbers: 'write',
  scope: 'body-org',
  summary: 'Register a volunteer and open their account; the same person again answers with that volunteer',
  body: RegisterVolunteerRequest,
  response: VolunteerProfile,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const SearchVolunteers = {
  id: 'SearchVolunteers',
  method: 'GET',
  path: '/v1/volunteers',
  entry: 'functions/people/search-volunteers.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'query-indexes'],
  // Each search reads the organisations' index partitions: bounded, but not free.
  throttle: { rate: 10, burst: 20 },
  scope: 'caller',
  summary:
    "Find up to 20 volunteers of the caller's part of the county by part of the name or the phone's last digits; names and phones masked",
  query: VolunteerSearchQuery,
  response: VolunteerSearchResult,
} as const satisfies RouteDefinition;

export const GetVolunteer = {
  id: 'GetVolunteer',
  method: 'GET',
  path: '/v1/volunteers/{id}',
  entry: 'functions/people/get-volunteer.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator', 'volunteer'],
  table: ['read'],
  scope: 'volunteer',
  summary: "A volunteer's profile, phone masked",
  params: VolunteerIdPath,
  response: VolunteerProfile,
} as const satisfies RouteDefinition;

export const PostVolunteerImport = {
  id: 'PostVolunteerImport',
  method: 'POST',
  path: '/v1/volunteers/import',
  entry: 'functions/people/post-volunteer-import.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idNumbers: 'write',
  throttle: { rate: 2, burst: 4 },
  scope: 'county',
  summary: 'Register up to 200 spreadsheet rows; safe to send again',
  body: ImportRequest,
  response: ImportResponse,
} as const satisfies RouteDefinition;

export const UpdateVolunteer = {
  id: 'UpdateVolunteer',
  method: 'PUT',
  path: '/v1/volunteers/{id}',
  entry: 'functions/people/put-volunteer.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idNumbers: 'write',
  scope: 'volunteer',
  summary:
    "Change a volunteer's gender, ID document, skills or service intentions (left out: unchanged; null: removed); the ID number answered masked",
  params: VolunteerIdPath,
  body: UpdateVolunteerRequest,
  response: VolunteerProfile,
} as const satisfies RouteDefinition;

export const EraseVolunteer = {
  id: 'EraseVolunteer',
  method: 'POST',
  path: '/v1/volunteers/{id}/erasure',
  entry: 'functions/people/erase-volunteer.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write', 'query-indexes'],
  idempotent: true,
  throttle: { rate: 1, burst: 5 },
  scope: 'county',
  summary:
    "注销: a volunteer's personal information erased at their request (the office, with the reason, logged); their points stay under the same opaque id",
  params: VolunteerIdPath,
  body: ErasureRequest,
  response: ErasureResult,
} as const satisfies RouteDefinition;

export const RevealIdNumber = {
  id: 'RevealIdNumber',
  method: 'POST',
  path: '/v1/volunteers/{id}/id-number/reveal',
  entry: 'functions/people/reveal-id-number.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read'],
  idNumbers: 'reveal',
  // Each reveal is a deliberate look at a whole ID number: a few a minute is plenty for an office.
  throttle: { rate: 1, burst: 5 },
  scope: 'county',
  summary:
    "A volunteer's whole ID number, for the office, with the reason it is needed (each reveal is logged)",
  params: VolunteerIdPath,
  body: RevealIdNumberRequest,
  response: RevealedIdNumber,
} as const satisfies RouteDefinition;

/** The people area's routes, in the order the API lists them. */
export const PEOPLE_ROUTES = [
  ListPlaces,
  PutOrg,
  GetOrg,
  GetOrgs,
  GetOrgVolunteers,
  PostVolunteer,
  SearchVolunteers,
  GetVolunteer,
  UpdateVolunteer,
  RevealIdNumber,
  EraseVolunteer,
  PostVolunteerImport,
] as const;
