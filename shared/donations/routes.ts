import type { RouteDefinition } from '../platform/route-definition';
import {
  DisclosureSettings,
  HonourRollChoice,
  HonourRollChoiceRequest,
  HonourRollPath,
  PutDisclosureSettingsRequest,
} from './contract/disclosure';
import {
  Disclosure,
  DisclosureQuery,
  Donation,
  DonationPath,
  DonationReport,
  DonorPath,
  DonorReport,
  FinanceQuery,
  FinanceView,
  IntakeRequest,
  Register,
  RegisterQuery,
  VoidRequest,
} from './contract/donations';

export const RecordDonation = {
  id: 'RecordDonation',
  method: 'POST',
  path: '/v1/donations',
  entry: 'functions/donations/record-donation.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'county',
  summary:
    '捐赠与采购入库: goods given or bought become stock-in at the store with their source; a donation or money gift takes a gapless receipt number',
  body: IntakeRequest,
  response: Donation,
  responseStatus: 201,
} as const satisfies RouteDefinition;

export const ListDonations = {
  id: 'ListDonations',
  method: 'GET',
  path: '/v1/donations',
  entry: 'functions/donations/list-donations.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary:
    "登记造册: the year's register of donations, money gifts and purchases (by the year recorded), voided ones kept and marked",
  query: RegisterQuery,
  response: Register,
} as const satisfies RouteDefinition;

export const GetDonation = {
  id: 'GetDonation',
  method: 'GET',
  path: '/v1/donations/{donationId}',
  entry: 'functions/donations/get-donation.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read'],
  scope: 'county',
  summary:
    'One donation or purchase with its lines, receipt number and state, for the receipt and the register',
  params: DonationPath,
  response: Donation,
} as const satisfies RouteDefinition;

export const VoidDonation = {
  id: 'VoidDonation',
  method: 'POST',
  path: '/v1/donations/{donationId}/void',
  entry: 'functions/donations/void-donation.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'write'],
  idempotent: true,
  scope: 'county',
  summary:
    '作废 with a reason: the goods taken back while the stock allows, the receipt number kept (never a delete)',
  params: DonationPath,
  body: VoidRequest,
  response: Donation,
} as const satisfies RouteDefinition;

export const GetDonationReport = {
  id: 'GetDonationReport',
  method: 'GET',
  path: '/v1/donations/{donationId}/report',
  entry: 'functions/donations/get-donation-report.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary:
    "捐赠去向: where one donation's goods went, by FIFO from the stock ledger: redeemed by store, item and month, on the shelf, written off",
  params: DonationPath,
  response: DonationReport,
} as const satisfies RouteDefinition;

export const GetDonorReport = {
  id: 'GetDonorReport',
  method: 'GET',
  path: '/v1/donors/{donorKey}/report',
  entry: 'functions/donations/get-donor-report.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary:
    "捐赠去向 for one donor across every donation they made (the donation's donorKey): redeemed by store, item and month, on the shelf, written off",
  params: DonorPath,
  response: DonorReport,
} as const satisfies RouteDefinition;

export const GetGoodsRedeemedValue = {
  id: 'GetGoodsRedeemedValue',
  method: 'GET',
  path: '/v1/reports/goods-redeemed',
  entry: 'functions/donations/get-goods-redeemed.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read', 'query-indexes'],
  scope: 'county',
  summary:
    "财务视图: per store, the value in fen of the goods a month's points bought, and the points they spent (the goods-to-points ratio)",
  query: FinanceQuery,
  response: FinanceView,
} as const satisfies RouteDefinition;

export const GetDisclosure = {
  id: 'GetDisclosure',
  method: 'GET',
  path: '/v1/disclosure',
  entry: 'functions/donations/get-disclosure.ts',
  auth: 'public',
  roles: 'anyone',
  // The monthly report keeps a finished month's figures once computed.
  table: ['read', 'write', 'query-indexes'],
  throttle: { rate: 5, burst: 10 },
  scope: 'none',
  summary:
    '公示: a month of the county in the open, no sign-in: hours, points issued and redeemed by town, redemptions and stock by store, donations (persons masked, anonymous unnamed) and purchases',
  query: DisclosureQuery,
  response: Disclosure,
} as const satisfies RouteDefinition;

export const GetDisclosureSettings = {
  id: 'GetDisclosureSettings',
  method: 'GET',
  path: '/v1/settings/disclosure',
  entry: 'functions/donations/get-disclosure-settings.ts',
  auth: 'jwt',
  roles: ['admin'],
  table: ['read'],
  scope: 'county',
  summary:
    "公示的设置: whether the county's public notice shows the honour roll (光荣榜); on until the office switches it off",
  response: DisclosureSettings,
} as const satisfies RouteDefinition;

export const PutDisclosureSettings = {
  id: 'PutDisclosureSettings',
  method: 'PUT',
  path: '/v1/settings/disclosure',
  entry: 'functions/donations/put-disclosure-settings.ts',
  auth: 'jwt',
  roles: ['admin'],
  // Reads only the caller's sign-in state (is the token still current?) besides the one write.
  table: ['read', 'write'],
  scope: 'county',
  summary:
    '公示的设置: switches the honour roll (光荣榜) of the public notice on or off, at once and without a deploy; the same again changes nothing',
  body: PutDisclosureSettingsRequest,
  response: DisclosureSettings,
} as const satisfies RouteDefinition;

export const GetHonourRollChoice = {
  id: 'GetHonourRollChoice',
  method: 'GET',
  path: '/v1/volunteers/{id}/honour-roll',
  entry: 'functions/donations/get-honour-roll-choice.ts',
  auth: 'jwt',
  roles: ['admin', 'volunteer'],
  table: ['read'],
  scope: 'self',
  summary: "Whether a volunteer's name stays off the public honour roll (光荣榜), their own choice",
  params: HonourRollPath,
  response: HonourRollChoice,
} as const satisfies RouteDefinition;

export const PutHonourRollChoice = {
  id: 'PutHonourRollChoice',
  method: 'PUT',
  path: '/v1/volunteers/{id}/honour-roll',
  entry: 'functions/donations/put-honour-roll-choice.ts',
  auth: 'jwt',
  roles: ['admin', 'volunteer'],
  table: ['read', 'write'],
  scope: 'self',
  summary:
    '不在光荣榜上显示我的名字: the volunteer (or the office, when they ask there) keeps their name off the public honour roll, or puts it back',
  params: HonourRollPath,
  body: HonourRollChoiceRequest,
  response: HonourRollChoice,
} as const satisfies RouteDefinition;

export const DONATIONS_ROUTES = [
  RecordDonation,
  ListDonations,
  GetDonation,
  VoidDonation,
  GetDonationReport,
  GetDonorReport,
  GetGoodsRedeemedValue,
  GetDisclosure,
  GetDisclosureSettings,
  PutDisclosureSettings,
  GetHonourRollChoice,
  PutHonourRollChoice,
] as const;
