import type { RouteDefinition } from '../platform/route-definition';
import {
  EnterOrderRequest,
  OrderPath,
  OrderQueue,
  OrderQueueQuery,
  OrderStepRequest,
  OrderView,
  Project,
  ProjectList,
  ProjectListQuery,
  ProjectPath,
  PutProjectRequest,
  ResidentCancelRequest,
  ResidentRateRequest,
  SubmitOrderRequest,
  SubmittedOrder,
  TrackedOrder,
  TrackQuery,
} from './contract/orders';
import { ScorecardExportQuery, ScorecardQuery, Scorecards } from './contract/scorecards';

/** Public routes residents use from a phone: small, throttled (a wish wall may fill at once). */
const RESIDENT_THROTTLE = { rate: 10, burst: 20 } as const;

export const ListProjects = {
  id: 'ListProjects',
  method: 'GET',
  path: '/v1/projects',
  entry: 'functions/orders/list-projects.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'query-indexes'],
  scope: 'none',
  summary: 'The service project catalogue (中心制单); active projects unless asked otherwise',
  query: ProjectListQuery,
  response: ProjectList,
} as const satisfies RouteDefinition;

export const GetProject = {
  id: 'GetProject',
  method: 'GET',
  path: '/v1/projects/{projectId}',
  entry: 'functions/orders/get-project.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read'],
  scope: 'none',
  summary: 'One service project',
  params: ProjectPath,
  response: Project,
} as const satisfies RouteDefinition;

export const PutProject = {
  id: 'PutProject',
  method: 'PUT',
  path: '/v1/projects/{projectId}',
  entry: 'functions/orders/put-project.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Creates or changes a service project (title, category, team, places, point rule, status)',
  params: ProjectPath,
  body: PutProjectRequest,
  response: Project,
} as const satisfies RouteDefinition;

export const SubmitOrder = {
  id: 'SubmitOrder',
  method: 'POST',
  path: '/v1/orders',
  entry: 'functions/orders/submit-order.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  idempotent: true,
  throttle: RESIDENT_THROTTLE,
  scope: 'none',
  summary: 'A resident asks for help (群众点单), with no account; answers the order number',
  body: SubmitOrderRequest,
  response: SubmittedOrder,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const EnterOrder = {
  id: 'EnterOrder',
  method: 'POST',
  path: '/v1/entered-orders',
  entry: 'functions/orders/enter-order.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'body-org',
  summary: 'A coordinator or the office enters a request for someone (a call, a visit, a paper form)',
  body: EnterOrderRequest,
  response: OrderView,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const TrackOrder = {
  id: 'TrackOrder',
  method: 'GET',
  path: '/v1/order-tracking',
  entry: 'functions/orders/track-order.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  throttle: RESIDENT_THROTTLE,
  scope: 'none',
  summary: 'A resident follows their order by its number and the last four digits of their phone',
  query: TrackQuery,
  response: TrackedOrder,
} as const satisfies RouteDefinition;

export const CancelOwnOrder = {
  id: 'CancelOwnOrder',
  method: 'POST',
  path: '/v1/order-tracking/cancel',
  entry: 'functions/orders/cancel-own-order.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  throttle: RESIDENT_THROTTLE,
  scope: 'none',
  summary: 'A resident cancels their order before a team accepted it',
  body: ResidentCancelRequest,
  response: TrackedOrder,
} as const satisfies RouteDefinition;

export const RateOwnOrder = {
  id: 'RateOwnOrder',
  method: 'POST',
  path: '/v1/order-tracking/rating',
  entry: 'functions/orders/rate-own-order.ts',
  auth: 'public',
  roles: 'anyone',
  table: ['read', 'write'],
  throttle: RESIDENT_THROTTLE,
  scope: 'none',
  summary: 'The people served rate a done order once (社会评单)',
  body: ResidentRateRequest,
  response: TrackedOrder,
} as const satisfies RouteDefinition;

export const ListOrders = {
  id: 'ListOrders',
  method: 'GET',
  path: '/v1/orders',
  entry: 'functions/orders/list-orders.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'query-indexes'],
  scope: 'caller',
  summary: "The office's queue (by status, team, town, overdue) or a team's own, overdue first",
  query: OrderQueueQuery,
  response: OrderQueue,
} as const satisfies RouteDefinition;

export const GetOrder = {
  id: 'GetOrder',
  method: 'GET',
  path: '/v1/orders/{orderId}',
  entry: 'functions/orders/get-order.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read'],
  scope: 'record',
  summary: 'One order with its timeline',
  params: OrderPath,
  response: OrderView,
} as const satisfies RouteDefinition;

export const OrderStep = {
  id: 'OrderStep',
  method: 'POST',
  path: '/v1/orders/{orderId}/steps',
  entry: 'functions/orders/order-step.ts',
  auth: 'jwt',
  roles: ['admin', 'coordinator'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'record',
  summary:
    'One step of the flow: reject, dispatch, reassign (office); accept, return, serve, finish (team); rate on paper; review, close, cancel (office)',
  params: OrderPath,
  body: OrderStepRequest,
  response: OrderView,
} as const satisfies RouteDefinition;

/** A scorecard reads up to 12 months of figures and monthly reports: as rare and heavy as the report. */
const SCORECARD_THROTTLE = { rate: 2, burst: 5 } as const;

export const GetScorecards = {
  id: 'GetScorecards',
  method: 'GET',
  path: '/v1/scorecards',
  entry: 'functions/orders/get-scorecards.ts',
  auth: 'jwt',
  roles: ['admin'],
  // The monthly report keeps a final month once (write); it reads the movements' month index.
  table: ['read', 'write', 'query-indexes'],
  throttle: SCORECARD_THROTTLE,
  scope: 'county',
  summary:
    '六单 scorecards per team or town for a month, quarter or year: orders, timeliness, ratings, hours, points, and the ranking',
  query: ScorecardQuery,
  response: Scorecards,
} as const satisfies RouteDefinition;

export const ExportScorecards = {
  id: 'ExportScorecards',
  method: 'GET',
  path: '/v1/scorecards/export',
  entry: 'functions/orders/export-scorecards.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write', 'query-indexes'],
  throttle: SCORECARD_THROTTLE,
  scope: 'county',
  summary: 'The same scorecard as a file for Excel: CSV (UTF-8 with a BOM) or XLSX',
  query: ScorecardExportQuery,
} as const satisfies RouteDefinition;

/** The orders area's routes, in the order the API lists them. */
export const ORDERS_ROUTES = [
  ListProjects,
  GetProject,
  PutProject,
  SubmitOrder,
  EnterOrder,
  TrackOrder,
  CancelOwnOrder,
  RateOwnOrder,
  ListOrders,
  GetOrder,
  OrderStep,
  GetScorecards,
  ExportScorecards,
] as const;
