/**
 * The unit prices the cost figures assume: DynamoDB on-demand (pay-per-request), Standard table
 * class, US East (N. Virginia) us-east-1, as published on https://aws.amazon.com/dynamodb/pricing/on-demand/
 * since the on-demand price cut of November 2024. China regions (cn-north-1 Beijing, cn-northwest-1
 * Ningxia, operated by Sinnet and NWCD) have their own price list in CNY: multiply the units instead.
 */
export const PRICE = {
  region: 'us-east-1',
  mode: 'on-demand, Standard table class',
  currency: 'USD',
  /** Dollars per million write request units. */
  writePerMillion: 0.625,
  /** Dollars per million read request units. */
  readPerMillion: 0.125,
} as const;
