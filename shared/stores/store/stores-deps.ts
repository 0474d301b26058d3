import { rememberedOrgTree } from '../../people/store/org-directory';
import type { Config } from '../../platform/config';
import { reserve, reserveAll } from '../../platform/dynamo/rate-limiter';
import { perRuntime, type Runtime } from '../../platform/runtime';
import { signingKeys } from '../../platform/signing-keys';
import type { CounterLimiter, CounterLimits, StoresDeps } from '../port';
import type { Caps } from '../rules/redemption';
import { DynamoCardStore } from './card-store';
import { DynamoStoreCatalogue } from './catalogue-store';
import { DynamoRedemptionStore } from './redemption-store';
import { DynamoStockStore } from './stock-store';
import { DynamoVolunteerLookup } from './volunteer-lookup';

const MINUTE_SECONDS = 60;
const HOUR_SECONDS = 60 * 60;
const DAY_SECONDS = 24 * 60 * 60;

/** The misuse caps of a redemption, from configuration (0 turns one off). */
export const capsOf = (config: Config): Caps => ({
  pointsPerVolunteerPerDay: config.REDEEM_POINTS_PER_VOLUNTEER_PER_DAY,
  redemptionsPerCounterPerMinute: config.REDEMPTIONS_PER_COUNTER_PER_MINUTE,
});

/** The per-caller limits of the counter, from configuration (0 turns one off). */
export const counterLimitsOf = (config: Config): CounterLimits => ({
  scans: {
    name: 'scan-per-counter',
    max: config.SCANS_PER_COUNTER_PER_MINUTE,
    windowSeconds: MINUTE_SECONDS,
  },
  wrongPinsPerCounter: {
    name: 'wrong-pin-per-counter',
    max: config.WRONG_PINS_PER_COUNTER_PER_HOUR,
    windowSeconds: HOUR_SECONDS,
  },
  wrongPinsPerStore: {
    name: 'wrong-pin-per-store',
    max: config.WRONG_PINS_PER_STORE_PER_HOUR,
    windowSeconds: HOUR_SECONDS,
  },
  wrongPinsPerCard: {
    name: 'wrong-pin-per-card',
    max: config.WRONG_PINS_PER_CARD_PER_DAY,
    windowSeconds: DAY_SECONDS,
  },
});

/** The per-caller limits over the runtime's table (shared/platform/dynamo/rate-limiter.ts). */
const limiterOf = (runtime: Runtime): CounterLimiter => ({
  reserve: (limit, subject, detail) => reserve(runtime, limit, subject, detail),
  reserveAll: (wanted) => reserveAll(runtime, wanted),
});

/** The stores area's dependencies over the runtime's table: what its handlers pass its use cases. */
export const storesDeps = perRuntime((runtime: Runtime): StoresDeps => {
  const table = { client: runtime.client, tableName: runtime.tableName };
  return {
    catalogue: new DynamoStoreCatalogue(table),
    stock: new DynamoStockStore({ ...table, now: runtime.now }),
    redemptions: new DynamoRedemptionStore({ ...table, ledger: runtime.ledger }),
    cards: new DynamoCardStore(table),
    volunteers: new DynamoVolunteerLookup(table),
    limiter: limiterOf(runtime),
    caps: capsOf(runtime.config),
    counterLimits: counterLimitsOf(runtime.config),
    signing: () => signingKeys(runtime.config),
    orgTree: rememberedOrgTree(runtime.client, runtime.tableName, runtime.now),
    now: runtime.now,
  };
});
