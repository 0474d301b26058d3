import { VolunteerPath } from '../platform/contract/common';
import { ALL_SIGNED_IN, type RouteDefinition } from '../platform/route-definition';
import { CardRequest, CardResponse, ScanRequest, ScanResponse, VolunteerCode } from './contract/codes';
import {
  Redemption,
  RedemptionPath,
  RedemptionRequest,
  StoreDay,
  StoreDayQuery,
  VoidRequest,
  VoidResponse,
} from './contract/redemptions';
import {
  Catalogue,
  PutStoreItemRequest,
  PutStoreRequest,
  StockChangeRequest,
  StockHistory,
  StockHistoryQuery,
  StocktakeRequest,
  StocktakeResult,
  Store,
  StoreItem,
  StoreItemList,
  StoreItemPath,
  StoreList,
  StorePath,
  Transfer,
  TransferRequest,
} from './contract/stores';

export const PutStore = {
  id: 'PutStore',
  method: 'PUT',
  path: '/v1/stores/{storeId}',
  entry: 'functions/stores/put-store.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Open a store (fixed or mobile) or rename it',
  params: StorePath,
  body: PutStoreRequest,
  response: Store,
} as const satisfies RouteDefinition;

/** Every signed-in user's page may show it: a few dozen shops, read together. */
const CATALOGUE_THROTTLE = { rate: 20, burst: 50 } as const;

export const GetCatalogue = {
  id: 'GetCatalogue',
  method: 'GET',
  path: '/v1/catalogue',
  entry: 'functions/stores/get-catalogue.ts',
  auth: 'jwt',
  roles: ALL_SIGNED_IN,
  table: ['read', 'query-indexes'],
  throttle: CATALOGUE_THROTTLE,
  scope: 'county',
  summary:
    "积分能换什么: every shop's goods and prices (in stock or not), a fixed shop's place, the van's weekly stops",
  response: Catalogue,
} as const satisfies RouteDefinition;

export const ListStores = {
  id: 'ListStores',
  method: 'GET',
  path: '/v1/stores',
  entry: 'functions/stores/list-stores.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'query-indexes'],
  scope: 'caller',
  summary: "Every store (admin), or the counter's own",
  response: StoreList,
} as const satisfies RouteDefinition;

export const GetStore = {
  id: 'GetStore',
  method: 'GET',
  path: '/v1/stores/{storeId}',
  entry: 'functions/stores/get-store.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read'],
  scope: 'store',
  summary: 'One store',
  params: StorePath,
  response: Store,
} as const satisfies RouteDefinition;

export const PutStoreItem = {
  id: 'PutStoreItem',
  method: 'PUT',
  path: '/v1/stores/{storeId}/items/{sku}',
  entry: 'functions/stores/put-store-item.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: 'Add a catalogue item (with its first stock) or change its name and price',
  params: StoreItemPath,
  body: PutStoreItemRequest,
  response: StoreItem,
} as const satisfies RouteDefinition;

export const ListStoreItems = {
  id: 'ListStoreItems',
  method: 'GET',
  path: '/v1/stores/{storeId}/items',
  entry: 'functions/stores/list-store-items.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read'],
  scope: 'store',
  summary: "A store's catalogue with prices and stock",
  params: StorePath,
  response: StoreItemList,
} as const satisfies RouteDefinition;

export const GetStockHistory = {
  id: 'GetStockHistory',
  method: 'GET',
  path: '/v1/stores/{storeId}/items/{sku}/history',
  entry: 'functions/stores/get-stock-history.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read'],
  scope: 'store',
  summary:
    "One item's stock ledger, newest first: first stock, restocks, write-offs, transfers, stocktakes, why, by whom, the stock after each (redemptions are in the day list)",
  params: StoreItemPath,
  query: StockHistoryQuery,
  response: StockHistory,
} as const satisfies RouteDefinition;

export const PostStockChange = {
  id: 'PostStockChange',
  method: 'POST',
  path: '/v1/stores/{storeId}/items/{sku}/stock',
  entry: 'functions/stores/post-stock-change.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'store',
  summary: 'Restock or write off goods: a stock movement; stock never below zero',
  params: StoreItemPath,
  body: StockChangeRequest,
  response: StoreItem,
} as const satisfies RouteDefinition;

export const PostStocktake = {
  id: 'PostStocktake',
  method: 'POST',
  path: '/v1/stores/{storeId}/items/{sku}/stocktake',
  entry: 'functions/stores/post-stocktake.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'store',
  summary: 'Set the stock to what was counted, recorded as a movement of the difference',
  params: StoreItemPath,
  body: StocktakeRequest,
  response: StocktakeResult,
} as const satisfies RouteDefinition;

export const PostTransfer = {
  id: 'PostTransfer',
  method: 'POST',
  path: '/v1/stores/{storeId}/transfers',
  entry: 'functions/stores/post-transfer.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'county',
  summary: 'Move goods to another store in one transaction',
  params: StorePath,
  body: TransferRequest,
  response: Transfer,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const PostVolunteerCode = {
  id: 'PostVolunteerCode',
  method: 'POST',
  path: '/v1/volunteers/{id}/code',
  entry: 'functions/stores/post-volunteer-code.ts',
  auth: 'jwt',
  roles: ['volunteer'],
  // Reads only the caller's sign-in state (is the token still current?); the code needs no table.
  table: ['read'],
  signingKey: true,
  scope: 'self',
  summary: 'A signed, single-use code valid for two minutes, shown as a QR code',
  params: VolunteerPath,
  response: VolunteerCode,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const PostScan = {
  id: 'PostScan',
  method: 'POST',
  path: '/v1/scan',
  entry: 'functions/stores/post-scan.ts',
  auth: 'jwt',
  roles: ['counter'],
  table: ['read', 'write'],
  signingKey: true,
  throttle: { rate: 30, burst: 60 },
  scope: 'caller',
  summary: "Whose code or card this is: masked name and balance (a card's right PIN gives a code)",
  body: ScanRequest,
  response: ScanResponse,
} as const satisfies RouteDefinition;

export const PutVolunteerCard = {
  id: 'PutVolunteerCard',
  method: 'PUT',
  path: '/v1/volunteers/{id}/card',
  entry: 'functions/stores/put-volunteer-card.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  scope: 'county',
  summary: "Issue a volunteer's printed card or set its PIN (which also unlocks it)",
  params: VolunteerPath,
  body: CardRequest,
  response: CardResponse,
} as const satisfies RouteDefinition;

export const PostRedemption = {
  id: 'PostRedemption',
  method: 'POST',
  path: '/v1/stores/{storeId}/redemptions',
  entry: 'functions/stores/post-redemption.ts',
  auth: 'jwt',
  roles: ['counter'],
  table: ['read', 'write'],
  signingKey: true,
  idempotent: true,
  throttle: { rate: 30, burst: 60 },
  scope: 'store',
  summary: 'Hand over goods for points: points, stock and the code move together or not at all',
  params: StorePath,
  body: RedemptionRequest,
  response: Redemption,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListRedemptions = {
  id: 'ListRedemptions',
  method: 'GET',
  path: '/v1/stores/{storeId}/redemptions',
  entry: 'functions/stores/list-redemptions.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'query-indexes'],
  scope: 'store',
  summary: "One day's redemptions at a store with points in against goods out",
  params: StorePath,
  query: StoreDayQuery,
  response: StoreDay,
} as const satisfies RouteDefinition;

export const PostRedemptionVoid = {
  id: 'PostRedemptionVoid',
  method: 'POST',
  path: '/v1/stores/{storeId}/redemptions/{id}/void',
  entry: 'functions/stores/post-redemption-void.ts',
  auth: 'jwt',
  roles: ['admin', 'counter'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'store',
  summary: 'Void a redemption: points and stock restored once (counter staff on the same day)',
  params: RedemptionPath,
  body: VoidRequest,
  response: VoidResponse,
} as const satisfies RouteDefinition;

/** The stores area's routes, in the order the API lists them. */
export const STORES_ROUTES = [
  PutStore,
  GetCatalogue,
  ListStores,
  GetStore,
  PutStoreItem,
  ListStoreItems,
  GetStockHistory,
  PostStockChange,
  PostStocktake,
  PostTransfer,
  PostVolunteerCode,
  PostScan,
  PutVolunteerCard,
  PostRedemption,
  ListRedemptions,
  PostRedemptionVoid,
] as const;
