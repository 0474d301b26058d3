import type { RouteDefinition } from '../platform/route-definition';
import { Donation, DonationPath, IntakeRequest, VoidRequest } from './contract/donations';

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

export const DONATIONS_ROUTES = [RecordDonation, GetDonation, VoidDonation] as const;
