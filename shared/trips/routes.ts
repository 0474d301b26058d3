import type { RouteDefinition } from '../platform/route-definition';
import {
  CloseTripRequest,
  OpenTripRequest,
  RevokeTripRequest,
  Trip,
  TripBasket,
  TripBasketRequest,
  TripList,
  TripListQuery,
  TripPack,
  TripPath,
} from './contract/trips';

/** The mobile shop's trips (流动超市, docs/mobile-shop.md). */

export const OpenTrip = {
  id: 'OpenTrip',
  method: 'POST',
  path: '/v1/trips',
  entry: 'functions/trips/open-trip.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write', 'query-indexes'],
  scope: 'store',
  idempotent: true,
  summary:
    "出车: open a trip for a store, a day and its villages, holding each volunteer's offline allowance (202 while holds are still being placed: send the same request again)",
  body: OpenTripRequest,
  response: Trip,
  responseStatus: 201,
  continues: true,
} as const satisfies RouteDefinition;

export const ListTrips = {
  id: 'ListTrips',
  method: 'GET',
  path: '/v1/trips',
  entry: 'functions/trips/list-trips.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'query-indexes'],
  scope: 'caller',
  summary: "The newest trips: the county's or one store's (admin), the counter's own store's",
  query: TripListQuery,
  response: TripList,
} as const satisfies RouteDefinition;

export const GetTrip = {
  id: 'GetTrip',
  method: 'GET',
  path: '/v1/trips/{tripId}',
  entry: 'functions/trips/get-trip.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read'],
  scope: 'store',
  summary: 'One trip, with its reconciliation (账物相符) once it has ended',
  params: TripPath,
  response: Trip,
} as const satisfies RouteDefinition;

export const GetTripPack = {
  id: 'GetTripPack',
  method: 'GET',
  path: '/v1/trips/{tripId}/pack',
  entry: 'functions/trips/get-trip-pack.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read'],
  scope: 'store',
  summary:
    "The trip pack for the van's phone: goods at the trip's prices, the route's volunteers masked with their card and PIN verifier and allowance (logged)",
  params: TripPath,
  response: TripPack,
} as const satisfies RouteDefinition;

export const PostTripBasket = {
  id: 'PostTripBasket',
  method: 'POST',
  path: '/v1/trips/{tripId}/baskets',
  entry: 'functions/trips/post-trip-basket.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write'],
  scope: 'store',
  idempotent: true,
  summary:
    "A basket made at the van (online or synced later), settled against the volunteer's hold: the basket's own key, once per trip",
  params: TripPath,
  body: TripBasketRequest,
  response: TripBasket,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const CloseTrip = {
  id: 'CloseTrip',
  method: 'POST',
  path: '/v1/trips/{tripId}/close',
  entry: 'functions/trips/close-trip.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write'],
  scope: 'store',
  idempotent: true,
  summary:
    "收车: end the trip with the goods that came back, give back every hold's rest, and answer the reconciliation (202 while still giving back)",
  params: TripPath,
  body: CloseTripRequest,
  response: Trip,
  continues: true,
} as const satisfies RouteDefinition;

export const RevokeTrip = {
  id: 'RevokeTrip',
  method: 'POST',
  path: '/v1/trips/{tripId}/revoke',
  entry: 'functions/trips/revoke-trip.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  idempotent: true,
  summary:
    'End a trip whose phone is lost: nothing more settles on it, every hold is given back (baskets settled before stand)',
  params: TripPath,
  body: RevokeTripRequest,
  response: Trip,
  continues: true,
} as const satisfies RouteDefinition;

export const TRIPS_ROUTES = [
  OpenTrip,
  ListTrips,
  GetTrip,
  GetTripPack,
  PostTripBasket,
  CloseTrip,
  RevokeTrip,
] as const satisfies readonly RouteDefinition[];
