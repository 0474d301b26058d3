import * as z from 'zod/mini';
import {
  CommittedDraw,
  DrawEntrantsPage,
  DrawEntrantsQuery,
  DrawnDraw,
  DrawPath,
  DrawRequest,
  DrawView,
} from './draws/contract/draws';
import { PointRule, PointRuleList, PointRulePath, PointRuleRequest } from './earning/contract/point-rules';
import {
  RecordListQuery,
  RecordPage,
  RecordPath,
  RejectRequest,
  ReverseRequest,
  ServiceRecord,
  ServiceRecordRequest,
} from './earning/contract/service-records';
import { AdjustmentRequest, AdjustmentResponse, Balance, LedgerPage } from './ledger/contract/ledger';
import { OrgList, OrgPath, OrgView, PutOrgRequest } from './people/contract/orgs';
import {
  ImportRequest,
  ImportResponse,
  OrgVolunteerPage,
  OrgVolunteersPath,
  RegisterVolunteerRequest,
  VolunteerIdPath,
  VolunteerProfile,
} from './people/contract/volunteers';
import { Health, PageQuery, VolunteerPath } from './platform/contract/common';
import { MonthlyReportQuery, MonthlyReportResponse } from './reports/contract/reports';
import type { RouteId } from './routes';
import { CardRequest, CardResponse, ScanRequest, ScanResponse, VolunteerCode } from './stores/contract/codes';
import {
  Redemption,
  RedemptionPath,
  RedemptionRequest,
  StoreDay,
  StoreDayQuery,
  VoidRequest,
  VoidResponse,
} from './stores/contract/redemptions';
import {
  PutStoreItemRequest,
  PutStoreRequest,
  StockChangeRequest,
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
} from './stores/contract/stores';

/**
 * The request and response schemas of each route. Handlers parse with the same schemas, and the
 * OpenAPI document is generated from them, so the document cannot drift from the code.
 */
export interface RouteSchemas {
  params?: z.ZodMiniObject;
  query?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  response?: z.ZodMiniType;
  responseStatus?: number;
}

export const ROUTE_SCHEMAS = {
  GetHealth: { response: Health },
  GetOpenApi: {},
  PutOrg: { params: OrgPath, body: PutOrgRequest, response: OrgView },
  GetOrg: { params: OrgPath, response: OrgView },
  GetOrgs: { response: OrgList },
  GetOrgVolunteers: { params: OrgVolunteersPath, query: PageQuery, response: OrgVolunteerPage },
  PostVolunteer: { body: RegisterVolunteerRequest, response: VolunteerProfile, responseStatus: 201 },
  GetVolunteer: { params: VolunteerIdPath, response: VolunteerProfile },
  PostVolunteerImport: { body: ImportRequest, response: ImportResponse },
  GetBalance: { params: VolunteerPath, response: z.pick(Balance, { volunteerId: true, balance: true }) },
  GetLedger: { params: VolunteerPath, query: PageQuery, response: LedgerPage },
  PostAdjustment: {
    params: VolunteerPath,
    body: AdjustmentRequest,
    response: AdjustmentResponse,
    responseStatus: 201,
  },
  GetMonthlyReport: { query: MonthlyReportQuery, response: MonthlyReportResponse },
  PutPointRule: { params: PointRulePath, body: PointRuleRequest, response: PointRule },
  ListPointRules: { response: PointRuleList },
  PostServiceRecord: { body: ServiceRecordRequest, response: ServiceRecord, responseStatus: 201 },
  ListServiceRecords: { query: RecordListQuery, response: RecordPage },
  GetServiceRecord: { params: RecordPath, response: ServiceRecord },
  ApproveServiceRecord: { params: RecordPath, response: ServiceRecord },
  RejectServiceRecord: { params: RecordPath, body: RejectRequest, response: ServiceRecord },
  ReverseServiceRecord: {
    params: RecordPath,
    body: ReverseRequest,
    response: ServiceRecord,
    responseStatus: 201,
  },
  PutDraw: { params: DrawPath, body: DrawRequest, response: CommittedDraw },
  RunDraw: { params: DrawPath, response: DrawnDraw },
  GetDraw: { params: DrawPath, response: DrawView },
  GetDrawEntrants: { params: DrawPath, query: DrawEntrantsQuery, response: DrawEntrantsPage },
  PutStore: { params: StorePath, body: PutStoreRequest, response: Store },
  ListStores: { response: StoreList },
  GetStore: { params: StorePath, response: Store },
  PutStoreItem: { params: StoreItemPath, body: PutStoreItemRequest, response: StoreItem },
  ListStoreItems: { params: StorePath, response: StoreItemList },
  PostStockChange: { params: StoreItemPath, body: StockChangeRequest, response: StoreItem },
  PostStocktake: { params: StoreItemPath, body: StocktakeRequest, response: StocktakeResult },
  PostTransfer: { params: StorePath, body: TransferRequest, response: Transfer, responseStatus: 201 },
  PostVolunteerCode: { params: VolunteerPath, response: VolunteerCode, responseStatus: 201 },
  PostScan: { body: ScanRequest, response: ScanResponse },
  PutVolunteerCard: { params: VolunteerPath, body: CardRequest, response: CardResponse },
  PostRedemption: { params: StorePath, body: RedemptionRequest, response: Redemption, responseStatus: 201 },
  ListRedemptions: { params: StorePath, query: StoreDayQuery, response: StoreDay },
  PostRedemptionVoid: { params: RedemptionPath, body: VoidRequest, response: VoidResponse },
  NotFound: {},
} as const satisfies Record<RouteId, RouteSchemas>;
