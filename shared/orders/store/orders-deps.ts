import { randomBytes } from 'node:crypto';
import { otherAreasRecords } from '../../earning/store/earning-deps';
import { rememberedOrgTree } from '../../people/store/org-directory';
import { assertRoomLeft, countFailure, reserve } from '../../platform/dynamo/rate-limiter';
import { TRACKING_FAILURES_PER_ORDER_PER_DAY } from '../../platform/limits';
import type { RateLimit } from '../../platform/rate-limit';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { reportsDeps } from '../../reports/store/report-store';
import { monthlyPoints } from '../../reports/use-cases/monthly-report';
import type { OrderLimiter, OrdersDeps, PointsSource, RecordMaker } from '../port';
import { DynamoOrderStore, DynamoProjectStore } from './order-store';
import { DynamoScorecardSource } from './scorecard-store';

const HOUR_SECONDS = 60 * 60;
const DAY_SECONDS = 24 * HOUR_SECONDS;
const TRACKING_WINDOW_SECONDS = 10 * 60;

/** Residents' limits over the rate limiter's fixed windows (shared/platform/dynamo/rate-limiter.ts). */
function orderLimiter(runtime: Runtime): OrderLimiter {
  const table = { client: runtime.client, tableName: runtime.tableName, now: runtime.now };
  const { config } = runtime;
  const perPhone: RateLimit = {
    name: 'orders-per-phone',
    max: config.ORDERS_PER_PHONE_PER_DAY,
    windowSeconds: DAY_SECONDS,
  };
  const perClient: RateLimit = {
    name: 'orders-per-client',
    max: config.ORDERS_PER_CLIENT_PER_HOUR,
    windowSeconds: HOUR_SECONDS,
  };
  const trackingClient: RateLimit = {
    name: 'tracking-failures-per-client',
    max: config.TRACKING_FAILURES_PER_CLIENT,
    windowSeconds: TRACKING_WINDOW_SECONDS,
  };
  const trackingOrder: RateLimit = {
    name: 'tracking-failures-per-order',
    max: config.TRACKING_FAILURES_PER_CLIENT === 0 ? 0 : TRACKING_FAILURES_PER_ORDER_PER_DAY,
    windowSeconds: DAY_SECONDS,
  };
  const limited =
    '提交太频繁了，请明天再试或打电话给志愿服务站 (too many requests; try tomorrow or call the station)';
  const tooManyTries = '试错次数太多，请稍后再试 (too many wrong tries; wait a little)';
  return {
    async submit(phone, client) {
      await reserve(table, perPhone, phone, limited);
      await reserve(table, perClient, client, limited);
    },
    async checkTracking(number, client) {
      await assertRoomLeft(table, trackingClient, client, tooManyTries);
      await assertRoomLeft(table, trackingOrder, number, tooManyTries);
    },
    async failTracking(number, client) {
      await countFailure(table, trackingClient, client);
      await countFailure(table, trackingOrder, number);
    },
  };
}

/** An assessment's hours become a service record through the earning area's own submission. */
function recordMaker(runtime: Runtime): RecordMaker {
  const make = otherAreasRecords(runtime);
  return { submit: (request, by, key) => make(request, by, key) };
}

/**
 * Points issued in a month through the reports area's own monthly report (computed from the month
 * index, or kept once the month is final), so a scorecard and the monthly report never disagree.
 */
function pointsSource(runtime: Runtime): PointsSource {
  return {
    async issued(month) {
      const report = await monthlyPoints(reportsDeps(runtime), month);
      return {
        total: report.pointsIssued,
        byOrg: Object.fromEntries(report.byOrg.map((org) => [org.orgId, org.pointsIssued])),
      };
    },
  };
}

/** The orders area's dependencies over the runtime's table. */
export const ordersDeps = perRuntime((runtime: Runtime): OrdersDeps => {
  const table = { client: runtime.client, tableName: runtime.tableName };
  return {
    orders: new DynamoOrderStore(table),
    scorecards: new DynamoScorecardSource(table),
    points: pointsSource(runtime),
    projects: new DynamoProjectStore(table),
    limiter: orderLimiter(runtime),
    records: recordMaker(runtime),
    orgTree: rememberedOrgTree(runtime.client, runtime.tableName, runtime.now),
    random: (bytes) => new Uint8Array(randomBytes(bytes)),
    now: runtime.now,
  };
});
